"""Staff screens of the media library: activities, uploads, and the exception review.
Originals and previews are served only through these permission-checked views."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.accounts.models import User
from beeldwacht.common.errors import DomainError
from beeldwacht.common.ids import uuid_or_none
from beeldwacht.common.permissions import Capability as C
from beeldwacht.consent.selectors import channels_for, classes_visible
from beeldwacht.domain.clearance import Outcome
from beeldwacht.media import renditions, selectors, services
from beeldwacht.media.forms import ActivityForm, ParticipantForm
from beeldwacht.media.models import MediaItem, Participant
from beeldwacht.schools.access import staff_of, staff_view


def _activity_or_404(request, activity_id):
    return get_object_or_404(selectors.activities_visible(request.access), public_id=activity_id)


def _item_or_404(request, item_id) -> MediaItem:
    item = get_object_or_404(
        MediaItem.objects.select_related("activity", "school"),
        school=request.school,
        public_id=item_id,
    )
    _activity_or_404(request, item.activity.public_id)  # same visibility as its activity
    return item


def _channel_or_404(request, key):
    return get_object_or_404(channels_for(request.school), key=key)


@staff_view(C.MANAGE_MEDIA)
def activity_list(request: HttpRequest) -> HttpResponse:
    classes = classes_visible(request.access)
    form = ActivityForm(request.POST or None, classes=classes)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                school=request.school,
                name=form.cleaned_data["name"],
                date=form.cleaned_data["date"],
                kind=form.cleaned_data["kind"],
                outside_school=form.cleaned_data["outside_school"],
                classes=list(form.cleaned_data["classes"]),
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect(
                "media:activity", brin=request.school.brin, activity_id=activity.public_id
            )
    activities = selectors.activities_visible(request.access)
    return render(request, "media/activity_list.html", {"activities": activities, "form": form})


@staff_view(C.MANAGE_MEDIA)
def activity_detail(request: HttpRequest, activity_id) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    channels = list(channels_for(request.school))
    channel = next((c for c in channels if c.key == request.GET.get("kanaal")), channels[0])
    items = list(activity.items.all())
    cleared = selectors.clearances(activity, items, [channel], timezone.localdate())
    rows = [(item, cleared[(item.pk, channel.pk)]) for item in items]
    counts = {outcome: sum(1 for _i, c in rows if c.outcome is outcome) for outcome in Outcome}
    context = {
        "activity": activity,
        "channels": channels,
        "channel": channel,
        "rows": rows,
        "counts": counts,
        "participants": activity.participants.select_related("pupil__school_class", "staff_member"),
        "participant_form": _participant_form(request, activity),
        "busy": any(
            i.status in (MediaItem.Status.UPLOADED, MediaItem.Status.ANALYSING) for i in items
        ),
    }
    template = "media/activity_detail.html"
    if request.htmx:
        template += "#items"
    return render(request, template, context)


def _participant_form(request, activity, data=None) -> ParticipantForm:
    # Without the NULLs of staff and guests: NOT IN (..., NULL) would exclude every pupil.
    took_part = activity.participants.exclude(pupil=None).values("pupil_id")
    pupils = (
        selectors.pupils_to_mark(request.access, activity)
        .filter(left_on__isnull=True)
        .exclude(pk__in=took_part)
        .order_by("school_class__name", "first_name", "last_name")
    )
    staff = (
        staff_of(request.school)
        .exclude(pk__in=activity.participants.values("staff_member_id").exclude(staff_member=None))
        .order_by("first_name", "last_name")
    )
    return ParticipantForm(data, pupils=pupils, staff=staff)


@staff_view(C.MANAGE_MEDIA)
@require_POST
def participants(request: HttpRequest, activity_id) -> HttpResponse:
    """Add someone who took part, or take back someone added by mistake."""
    activity = _activity_or_404(request, activity_id)
    try:
        if "remove" in request.POST:
            participant = get_object_or_404(
                activity.participants, public_id=uuid_or_none(request.POST["remove"])
            )
            services.participant_remove(participant=participant, by=request.user)
            messages.success(request, _("Participant removed."))
        else:
            form = _participant_form(request, activity, request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    messages.error(request, " ".join(errors))
                return redirect(
                    "media:activity", brin=request.school.brin, activity_id=activity.public_id
                )
            kind, _sep, public_id = form.cleaned_data["person"].partition(":")
            services.participant_add(
                activity=activity,
                by=request.user,
                pupil=(
                    selectors.pupils_to_mark(request.access, activity).get(public_id=public_id)
                    if kind == "pupil"
                    else None
                ),
                staff_member=(
                    User.objects.filter(public_id=public_id).first() if kind == "staff" else None
                ),
                guest_name=form.cleaned_data["guest_name"],
                guest_email=form.cleaned_data["guest_email"],
                guest_role=form.cleaned_data["guest_role"] or Participant.GuestRole.GUEST,
            )
            messages.success(request, _("Participant added."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("media:activity", brin=request.school.brin, activity_id=activity.public_id)


@staff_view(C.MANAGE_MEDIA)
@require_POST
def upload(request: HttpRequest, activity_id) -> HttpResponse:
    """One or many files. The page's script sends them one per request to show progress;
    without script the form posts them all at once. A bad file never stops the others."""
    activity = _activity_or_404(request, activity_id)
    results = []
    for uploaded in request.FILES.getlist("files"):
        try:
            item = services.media_upload(
                activity=activity, name=uploaded.name, data=uploaded.read(), by=request.user
            )
        except DomainError as error:
            results.append({"file": uploaded.name, "ok": False, "reason": error.message})
        else:
            results.append({"file": uploaded.name, "ok": True, "id": str(item.public_id)})
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"results": results}, status=200 if results else 400)
    if not results:
        messages.error(request, _("Choose one or more files."))
    for result in results:
        if result["ok"]:
            continue
        messages.error(request, f"{result['file']}: {result['reason']}")
    stored = sum(1 for r in results if r["ok"])
    if stored:
        messages.success(
            request, _("%(count)d file(s) uploaded; the faces are being found.") % {"count": stored}
        )
    return redirect("media:activity", brin=request.school.brin, activity_id=activity.public_id)


def _serve(name: str, content_type: str = "image/jpeg") -> FileResponse:
    storage = MediaItem._meta.get_field("original").storage
    response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view(C.MANAGE_MEDIA)
def thumbnail(request: HttpRequest, item_id) -> HttpResponse:
    item = _item_or_404(request, item_id)
    if item.kind != MediaItem.Kind.PHOTO:
        raise Http404
    return _serve(renditions.thumbnail_name(item))


@staff_view(C.MANAGE_MEDIA)
def preview(request: HttpRequest, item_id) -> HttpResponse:
    item = _item_or_404(request, item_id)
    if item.kind != MediaItem.Kind.PHOTO:
        raise Http404
    return _serve(renditions.preview_name(item))


@staff_view(C.MANAGE_MEDIA)
def safe(request: HttpRequest, item_id, channel_key) -> HttpResponse:
    """The version that may leave the school for this channel (the 'after' of the review)."""
    item = _item_or_404(request, item_id)
    channel = _channel_or_404(request, channel_key)
    if item.status not in (MediaItem.Status.NEEDS_REVIEW, MediaItem.Status.READY):
        # Before analysis no face is known, so a "safe" version would show them all.
        reason = (
            _("The analysis of this file failed, so there is no safe version.")
            if item.status == MediaItem.Status.FAILED
            else _("Not ready yet: the faces in this file are still being found.")
        )
        return HttpResponse(reason, status=409, content_type="text/plain; charset=utf-8")
    result = selectors.clearances(item.activity, [item], [channel], timezone.localdate())[
        (item.pk, channel.pk)
    ]
    if result.outcome is Outcome.BLOCKED or item.kind == MediaItem.Kind.AUDIO:
        raise Http404
    name = renditions.safe_name(item, channel.key, result)
    if item.kind == MediaItem.Kind.VIDEO:
        return _serve(name, content_type="video/mp4")
    return _serve(name)
