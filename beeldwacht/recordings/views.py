"""Staff pages of classroom recordings. The content (player and stream) opens only for the
one who recorded and her supervisor, whatever anyone's role; management and the privacy
contact see that a recording exists and when it goes, never what is on it."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.common.errors import DomainError
from beeldwacht.common.permissions import Capability as C
from beeldwacht.consent.selectors import classes_visible
from beeldwacht.domain.recordings import all_agree, may_view
from beeldwacht.people.models import Pupil
from beeldwacht.recordings import services, vault
from beeldwacht.recordings.forms import ConsultationForm, PlanForm, QuestionForm, UploadForm
from beeldwacht.recordings.models import Recording, vault_storage
from beeldwacht.recordings.questions import question_ask
from beeldwacht.recordings.ranges import UNSATISFIABLE, byte_range
from beeldwacht.recordings.selectors import group_guardianships, question_statuses
from beeldwacht.schools.access import staff_of, staff_view


def _involved(request, recording: Recording) -> bool:
    return may_view(
        request.user.pk, recorder_id=recording.recorder_id, supervisor_id=recording.supervisor_id
    )


def _recording_or_404(request, recording_id) -> Recording:
    """Its page: for the two involved, and for who keeps the register (metadata only)."""
    recording = get_object_or_404(
        Recording.objects.select_related("school_class", "recorder", "supervisor"),
        school=request.school,
        public_id=recording_id,
    )
    if not (_involved(request, recording) or request.access.can(C.VIEW_RECORDING_REGISTER)):
        raise Http404
    return recording


def _content_or_refuse(request, recording_id) -> Recording | HttpResponse:
    """The recording for the two involved; anyone else of the school is refused, and the
    refusal is in the audit trail."""
    recording = get_object_or_404(
        Recording.objects.select_related("school_class", "school"),
        school=request.school,
        public_id=recording_id,
    )
    if not _involved(request, recording):
        services.recording_opened(recording=recording, by=request.user, allowed=False)
        return HttpResponse(
            _("Only the one who recorded and the supervisor may watch this recording."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    if not recording.file or not vault_storage().exists(recording.file):
        raise Http404  # destroyed, or not restored (recordings stay out of backups)
    return recording


@staff_view(C.RECORD_LESSONS, C.VIEW_RECORDING_REGISTER)
def recording_list(request: HttpRequest) -> HttpResponse:
    may_record = request.access.can(C.RECORD_LESSONS)
    form = PlanForm(
        request.POST or None,
        classes=classes_visible(request.access),
        colleagues=staff_of(request.school)
        .exclude(pk=request.user.pk)
        .order_by("first_name", "last_name"),
    )
    if request.method == "POST":
        if not may_record:
            raise Http404
        if form.is_valid():
            try:
                recording = services.recording_plan(
                    school=request.school, by=request.user, **form.cleaned_data
                )
                delivered = services.recording_notify(recording=recording, by=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Planned. %(n)d guardian(s) of the group were informed by e-mail.")
                    % {"n": delivered},
                )
                return redirect(
                    "recordings:detail", brin=request.school.brin, recording_id=recording.public_id
                )
    register = request.access.can(C.VIEW_RECORDING_REGISTER)
    shown = Recording.objects.filter(school=request.school).select_related(
        "school_class", "recorder", "supervisor"
    )
    if not register:  # one's own, as the one who recorded or as the supervisor
        shown = shown.filter(Q(recorder=request.user) | Q(supervisor=request.user))
    return render(
        request,
        "recordings/list.html",
        {"form": form if may_record else None, "recordings": shown, "register": register},
    )


@staff_view()
def recording_detail(request: HttpRequest, recording_id) -> HttpResponse:
    recording = _recording_or_404(request, recording_id)
    return render(
        request,
        "recordings/detail.html",
        {
            "recording": recording,
            "involved": _involved(request, recording),
            "is_recorder": request.user.pk == recording.recorder_id,
            "is_supervisor": request.user.pk == recording.supervisor_id,
            "destroy_on": services.destroy_when(recording),
            "notices": recording.notices.count(),
            "upload_form": UploadForm(),
            "consultations": recording.consultations.select_related("pupil", "guardian"),
            "consultation_form": ConsultationForm(
                ships=group_guardianships(recording.school_class)
            ),
            "questions": [
                (question, rows, all_agree([decision.status for _pupil, decision in rows]))
                for question in recording.questions.all()
                for rows in [question_statuses(question, timezone.localdate())]
            ],
            "asked": set(recording.questions.values_list("purpose", flat=True)),
            "question_form": QuestionForm(pupils=_group_pupils(recording)),
        },
    )


def _group_pupils(recording: Recording):
    return Pupil.objects.filter(
        pk__in=group_guardianships(recording.school_class).values("pupil_id")
    ).order_by("first_name", "last_name")


@staff_view()
@require_POST
def recording_ask(request: HttpRequest, recording_id) -> HttpResponse:
    """The one who records (or, for another use, her supervisor) asks the parents."""
    recording = _recording_or_404(request, recording_id)
    if not _involved(request, recording):
        raise Http404
    form = QuestionForm(request.POST, pupils=_group_pupils(recording))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            question_ask(
                recording=recording,
                purpose=form.cleaned_data["purpose"],
                pupils=list(form.cleaned_data["pupils"]),
                question=form.cleaned_data["question"],
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The parents have been asked by e-mail."))
    return redirect("recordings:detail", brin=request.school.brin, recording_id=recording_id)


@staff_view()
@require_POST
def recording_consulted(request: HttpRequest, recording_id) -> HttpResponse:
    recording = _recording_or_404(request, recording_id)
    form = ConsultationForm(request.POST, ships=group_guardianships(recording.school_class))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        data = form.cleaned_data
        try:
            services.recording_consulted(
                recording=recording,
                ship=data["ship"],
                held_on=data["held_on"],
                outcome=data["outcome"],
                note=data["note"],
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The consultation is logged."))
    return redirect("recordings:detail", brin=request.school.brin, recording_id=recording_id)


@staff_view()
@require_POST
def recording_upload(request: HttpRequest, recording_id) -> HttpResponse:
    recording = _recording_or_404(request, recording_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the file of the recording."))
    else:
        upload = form.cleaned_data["file"]
        try:
            services.recording_upload(
                recording=recording,
                source=upload,
                content_type=upload.content_type,
                size=upload.size,
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Uploaded. Only you and your supervisor can watch it."))
    return redirect("recordings:detail", brin=request.school.brin, recording_id=recording_id)


@staff_view()
@require_POST
def recording_reviewed(request: HttpRequest, recording_id) -> HttpResponse:
    recording = _recording_or_404(request, recording_id)
    try:
        services.recording_reviewed(recording=recording, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked as discussed: the recording will be destroyed."))
    return redirect("recordings:detail", brin=request.school.brin, recording_id=recording_id)


@staff_view()
def recording_play(request: HttpRequest, recording_id) -> HttpResponse:
    recording = _content_or_refuse(request, recording_id)
    if isinstance(recording, HttpResponse):
        return recording
    services.recording_opened(recording=recording, by=request.user, allowed=True)
    response = render(
        request,
        "recordings/play.html",
        {"recording": recording, "viewer": request.user, "now": timezone.localtime()},
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_view()
def recording_stream(request: HttpRequest, recording_id) -> HttpResponse:
    """The decrypted recording for the player, in the ranges it asks for; never cached,
    never offered as a download."""
    recording = _content_or_refuse(request, recording_id)
    if isinstance(recording, HttpResponse):
        return recording
    size = recording.size_bytes
    wanted = byte_range(request.headers.get("Range"), size)
    if wanted == UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = wanted or (0, size - 1)
    handle = vault_storage().open(recording.file, "rb")

    def body():
        try:
            yield from vault.read_range(
                handle,
                key_id=recording.key_id,
                nonce_prefix=bytes(recording.nonce_prefix),
                size=size,
                recording_id=str(recording.public_id),
                start=start,
                end=end,
            )
        finally:
            handle.close()

    response = StreamingHttpResponse(
        body(), status=206 if wanted else 200, content_type=recording.content_type
    )
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
