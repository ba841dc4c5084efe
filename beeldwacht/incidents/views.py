"""The incident register's pages. Any staff member reports; management and the board see the
register, everyone else gets a 404 as if it did not exist (DOMAIN 7); every look at an
incident is audited. Evidence is shown as Beeldwacht's own re-encoding of the screenshot."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps

from beeldwacht.accounts.models import User
from beeldwacht.common.errors import DomainError
from beeldwacht.common.ids import uuid_or_none
from beeldwacht.common.permissions import Capability as C
from beeldwacht.domain.incidents import INSPECTOR_PHONE
from beeldwacht.incidents import dossier, services, tracks
from beeldwacht.incidents.forms import InvolvedForm, MeasureForm, ReportForm, StepForm
from beeldwacht.incidents.models import DossierEntry, Incident, MeasureTaken
from beeldwacht.media.rendering import save_jpeg
from beeldwacht.people.models import Guardian, Pupil
from beeldwacht.schools.access import staff_of, staff_view


def _incident_or_404(request, incident_id, *, capability=None) -> Incident:
    """Whoever may not see the register gets a 404, as if it did not exist; someone who sees
    it but may not do this (the board deciding measures) a 403."""
    if not request.access.can(C.VIEW_INCIDENTS):
        raise Http404
    incident = get_object_or_404(
        Incident.objects.filter(school=request.school), public_id=incident_id
    )
    if not tracks.may_see(incident, request.access):
        raise Http404
    if capability is not None and not request.access.can(capability):
        raise Forbidden(_("You do not have permission to do this at this school."))
    return incident


@staff_view()
def incident_list(request: HttpRequest) -> HttpResponse:
    if not request.access.can(C.VIEW_INCIDENTS):
        raise Http404
    incidents = Incident.objects.filter(school=request.school).select_related("reported_by")
    shown = [i for i in incidents if tracks.may_see(i, request.access)]
    return render(request, "incidents/list.html", {"incidents": shown})


@staff_view()
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["evidence"]
        try:
            incident = services.incident_report(
                school=request.school,
                category=form.cleaned_data["category"],
                happened_on=form.cleaned_data["happened_on"],
                description=form.cleaned_data["description"],
                evidence=[(upload.name, upload.read())] if upload else [],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you: the incident is reported to the management."))
            if request.access.can(C.VIEW_INCIDENTS):
                return redirect(
                    "incidents:detail", brin=request.school.brin, incident_id=incident.public_id
                )
            return redirect("consent:dashboard", brin=request.school.brin)
    return render(request, "incidents/report.html", {"form": form})


def _forms(request, incident, data=None):
    school = request.school
    involved = list(incident.involved.select_related("staff_member", "pupil", "guardian"))
    return (
        involved,
        InvolvedForm(
            data,
            staff=staff_of(school).order_by("first_name"),
            pupils=Pupil.objects.filter(school=school, left_on__isnull=True).order_by("first_name"),
            guardians=Guardian.objects.filter(school=school).order_by("name"),
        ),
        MeasureForm(involved=involved),
    )


@staff_view()
def detail(request: HttpRequest, incident_id) -> HttpResponse:
    incident = _incident_or_404(request, incident_id)
    services.incident_opened(incident=incident, by=request.user)
    involved, involved_form, measure_form = _forms(request, incident)
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "involved": involved,
            "evidence": incident.evidence.all(),
            "decides": request.access.can(C.DECIDE_MEASURES),
            "judges": request.access.can(C.RECORD_EXTERNAL_STEPS),
            "steps_done": incident.steps.all(),
            "steps_open": tracks.open_steps(incident),
            "phone": INSPECTOR_PHONE,
            "involved_form": involved_form,
            "measure_form": measure_form,
        },
    )


def _back(request, incident):
    return redirect("incidents:detail", brin=request.school.brin, incident_id=incident.public_id)


FIELD_OF = {"staff": "staff_member", "pupil": "pupil", "guardian": "guardian"}


def _person(value: str, school):
    """("staff" | "pupil" | "guardian", the person of this school) from a form's value."""
    kind, _sep, public_id = value.partition(":")
    people = {
        "staff": staff_of(school),
        "pupil": Pupil.objects.filter(school=school),
        "guardian": Guardian.objects.filter(school=school),
    }
    if kind not in people or uuid_or_none(public_id) is None:
        return kind, None
    return kind, people[kind].filter(public_id=public_id).first()


@staff_view()
@require_POST
def involved_add(request: HttpRequest, incident_id) -> HttpResponse:
    incident = _incident_or_404(request, incident_id, capability=C.DECIDE_MEASURES)
    role = request.POST.get("role", "")
    kind, person = _person(request.POST.get("person", ""), request.school)
    chosen = {FIELD_OF[kind]: person} if person is not None and kind == role else {}
    try:
        services.involved_add(
            incident=incident,
            role=role,
            by=request.user,
            name=request.POST.get("name", "") if role == "other" else "",
            **chosen,
        )
    except DomainError as error:
        messages.error(request, error.message)
    return _back(request, incident)


@staff_view()
@require_POST
def measure_add(request: HttpRequest, incident_id) -> HttpResponse:
    incident = _incident_or_404(request, incident_id, capability=C.DECIDE_MEASURES)
    involved, _form, _measure = _forms(request, incident)
    form = MeasureForm(request.POST, involved=involved)
    if not form.is_valid():
        messages.error(request, _("Choose the person, the measure and the date."))
        return _back(request, incident)
    chosen = next(i for i in involved if str(i.public_id) == form.cleaned_data["involved"])
    try:
        services.measure_decide(
            involved=chosen,
            kind=form.cleaned_data["kind"],
            decided_on=form.cleaned_data["decided_on"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    return _back(request, incident)


@staff_view()
@require_POST
def evidence_add(request: HttpRequest, incident_id) -> HttpResponse:
    incident = _incident_or_404(request, incident_id, capability=C.DECIDE_MEASURES)
    upload = request.FILES.get("evidence")
    if upload is None:
        messages.error(request, _("Choose a screenshot."))
        return _back(request, incident)
    try:
        services.evidence_add(
            incident=incident, name=upload.name, data=upload.read(), by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    return _back(request, incident)


@staff_view()
def evidence(request: HttpRequest, incident_id, evidence_id) -> HttpResponse:
    """The screenshot as pixels only (no metadata of the original); never cached."""
    incident = _incident_or_404(request, incident_id)
    item = get_object_or_404(incident.evidence, public_id=evidence_id)
    with item.file.open("rb") as handle:
        image = ImageOps.exif_transpose(Image.open(handle)).convert("RGB")
    out = io.BytesIO()
    save_jpeg(image, out)
    response = HttpResponse(out.getvalue(), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view()
@require_POST
def judge(request: HttpRequest, incident_id) -> HttpResponse:
    incident = _incident_or_404(request, incident_id, capability=C.RECORD_EXTERNAL_STEPS)
    tracks.incident_judge(
        incident=incident,
        crossing_the_line="crossing_the_line" in request.POST,
        possible_offence="possible_offence" in request.POST,
        sexual="sexual_offence_signs" in request.POST,
        by=request.user,
    )
    if not tracks.may_see(Incident.objects.get(pk=incident.pk), request.access):
        messages.success(request, _("Recorded. From now on only the board sees this incident."))
        return redirect("incidents:list", brin=request.school.brin)
    return _back(request, incident)


@staff_view()
@require_POST
def step(request: HttpRequest, incident_id) -> HttpResponse:
    incident = _incident_or_404(request, incident_id, capability=C.RECORD_EXTERNAL_STEPS)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the step, when it was done and by whom."))
        return _back(request, incident)
    try:
        tracks.step_record(incident=incident, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    return _back(request, incident)


@staff_view()
def letter(request: HttpRequest, incident_id, measure_id) -> HttpResponse:
    """The letter for a measure: the school's template filled in, to read, adjust and file."""
    incident = _incident_or_404(request, incident_id, capability=C.DECIDE_MEASURES)
    measure = get_object_or_404(
        MeasureTaken.objects.filter(involved__incident=incident).select_related("involved"),
        public_id=measure_id,
    )
    title, draft = dossier.letter_draft(measure, request.user)
    if request.method == "POST":
        try:
            dossier.letter_file(measure=measure, text=request.POST.get("text", ""), by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The letter is filed."))
            return _back(request, incident)
    return render(
        request,
        "incidents/letter.html",
        {"incident": incident, "measure": measure, "title": title, "draft": draft},
    )


def _visible(request, entries) -> list:
    """A letter about a WPO 4a record is the board's only, like the record itself."""
    entries = entries.select_related("incident")
    return [e for e in entries if e.incident is None or tracks.may_see(e.incident, request.access)]


def _dossier_page(request, entries, *, name: str, owner: dict) -> HttpResponse:
    if not request.access.can(C.VIEW_INCIDENTS):
        raise Http404
    if request.method == "POST":
        if not request.access.can(C.DECIDE_MEASURES):
            raise Forbidden(_("You do not have permission to do this at this school."))
        try:
            dossier.reply_file(
                school=request.school,
                by=request.user,
                title=request.POST.get("title", ""),
                text=request.POST.get("text", ""),
                **owner,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The reply is filed."))
        return redirect(request.path)
    subject = owner.get("staff_member") or owner.get("pupil")
    dossier.file_opened(school=request.school, subject=subject, by=request.user)
    if request.GET.get("export"):
        response = HttpResponse(dossier.export(entries, name=name), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="dossier.zip"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request,
        "incidents/dossier.html",
        {"entries": entries, "name": name, "decides": request.access.can(C.DECIDE_MEASURES)},
    )


@staff_view()
def staff_dossier(request: HttpRequest, user_id) -> HttpResponse:
    if not request.access.can(C.VIEW_INCIDENTS):
        raise Http404
    # Also someone who has left: their file stays.
    colleagues = User.objects.filter(memberships__school=request.school).distinct()
    colleague = get_object_or_404(colleagues, public_id=user_id)
    entries = _visible(
        request, DossierEntry.objects.filter(school=request.school, staff_member=colleague)
    )
    return _dossier_page(request, entries, name=str(colleague), owner={"staff_member": colleague})


@staff_view()
def pupil_dossier(request: HttpRequest, pupil_id) -> HttpResponse:
    if not request.access.can(C.VIEW_INCIDENTS):
        raise Http404
    pupil = get_object_or_404(Pupil.objects.filter(school=request.school), public_id=pupil_id)
    entries = _visible(request, DossierEntry.objects.filter(school=request.school, pupil=pupil))
    return _dossier_page(request, entries, name=pupil.full_name, owner={"pupil": pupil})
