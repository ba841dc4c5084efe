"""The board's page (issue #11): its schools side by side, in figures, with a way into each
school's audit trail (the one thing the board role may open there), and what the board
decides for all its schools (how long incident evidence is kept). And a school's privacy
page: its processors, its processing register and its DPIA input."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.actions.board_overview import school_figures, trail_check
from beeldwacht.actions.dpia import dpia_input
from beeldwacht.actions.privacy_statement import privacy_statement
from beeldwacht.actions.register import processing_register
from beeldwacht.common.documents import as_pdf as pdf_of
from beeldwacht.common.errors import DomainError
from beeldwacht.common.permissions import Capability as C
from beeldwacht.schools.access import staff_view
from beeldwacht.schools.forms import EvidencePeriodForm, ProcessorForm
from beeldwacht.schools.models import Processor, School
from beeldwacht.schools.school_accounts import is_closed
from beeldwacht.schools.services import board_schools, evidence_period_set
from beeldwacht.schools.services import processor_add as processor_add_service
from beeldwacht.schools.services import processor_remove as processor_remove_service


@login_required
def board(request: HttpRequest) -> HttpResponse:
    schools = [
        school
        for school in board_schools(request.user).select_related("board")
        # Signed in other than its own account asks: not here either (the board's setting
        # below still applies to all its schools, as it is the board's).
        if not is_closed(request, school)
    ]
    if not schools:
        raise Http404
    boards = {school.board_id: school.board for school in schools}
    forms = {
        board_id: EvidencePeriodForm(instance=each, prefix=f"board{board_id}")
        for board_id, each in boards.items()
    }
    if request.method == "POST":
        board_id = request.POST.get("board", "")
        chosen = boards.get(int(board_id)) if board_id.isascii() and board_id.isdigit() else None
        if chosen is None:
            raise Http404
        form = EvidencePeriodForm(request.POST, instance=chosen, prefix=f"board{chosen.pk}")
        forms[chosen.pk] = form
        if form.is_valid():
            try:
                evidence_period_set(
                    board=chosen, months=form.cleaned_data["evidence_keep_months"], by=request.user
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The retention period is saved."))
                return redirect("board")
    today = timezone.localdate()
    return render(
        request,
        "schools/board.html",
        {
            "figures": [school_figures(school, today) for school in schools],
            "trail": trail_check(),
            "today": today,
            "boards": [(boards[board_id], form) for board_id, form in forms.items()],
        },
        status=400 if request.method == "POST" else 200,
    )


# The school's privacy page: its processors, and the processing register and DPIA input
# generated from its configuration (actions.register), as HTML and as PDF.
DOCUMENTS = {"register": processing_register, "dpia": dpia_input}


@staff_view(C.MANAGE_CHANNELS)
def privacy(request: HttpRequest) -> HttpResponse:
    return _privacy_page(request, ProcessorForm())


def _privacy_page(request: HttpRequest, form: ProcessorForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "schools/privacy.html",
        {"processors": request.school.processors.all(), "form": form},
        status=status,
    )


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def processor_add(request: HttpRequest) -> HttpResponse:
    form = ProcessorForm(request.POST)
    if form.is_valid():
        try:
            processor_add_service(school=request.school, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The processor is added."))
            return redirect("privacy:overview", brin=request.school.brin)
    return _privacy_page(request, form, status=400)


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def processor_remove(request: HttpRequest, processor_id) -> HttpResponse:
    processor = get_object_or_404(Processor, school=request.school, public_id=processor_id)
    processor_remove_service(processor=processor, by=request.user)
    messages.success(request, _("The processor is removed."))
    return redirect("privacy:overview", brin=request.school.brin)


@staff_view(C.MANAGE_CHANNELS)
def document(request: HttpRequest, kind: str, as_pdf: bool = False) -> HttpResponse:
    made = DOCUMENTS[kind](request.school, timezone.localdate())
    if as_pdf:
        response = HttpResponse(pdf_of(made), content_type="application/pdf")
        name = f"{kind}-{request.school.brin}-{made.made_on.isoformat()}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "schools/document.html", {"document": made, "kind": kind})


def privacy_public(request: HttpRequest, brin: str) -> HttpResponse:
    """The privacy statement on photos, video and names, for everyone (parents, the school
    guide's readers), like the protocol."""
    school = get_object_or_404(School.objects.select_related("board"), brin=brin.upper())
    statement = privacy_statement(school, timezone.localdate())
    return render(request, "schools/privacy_public.html", {"document": statement})
