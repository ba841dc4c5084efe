"""The board's page (issue #11): its schools side by side, in figures, with a way into each
school's audit trail (the one thing the board role may open there), and what the board
decides for all its schools (how long incident evidence is kept)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.actions.board_overview import school_figures, trail_check
from beeldwacht.common.errors import DomainError
from beeldwacht.schools.forms import EvidencePeriodForm
from beeldwacht.schools.services import board_schools, evidence_period_set


@login_required
def board(request: HttpRequest) -> HttpResponse:
    schools = list(board_schools(request.user).select_related("board"))
    if not schools:
        raise Http404
    boards = {school.board_id: school.board for school in schools}
    forms = {
        board_id: EvidencePeriodForm(instance=each, prefix=f"board{board_id}")
        for board_id, each in boards.items()
    }
    if request.method == "POST":
        board_id = request.POST.get("board", "")
        chosen = boards.get(int(board_id)) if board_id.isdigit() else None
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
