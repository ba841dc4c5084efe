"""Staff screens of the media library: activities, uploads, and the exception review.
Originals and previews are served only through these permission-checked views."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.accounts.models import User
from beeldwacht.common.errors import DomainError
from beeldwacht.common.ids import uuid_or_none
from beeldwacht.common.permissions import Capability as C
from beeldwacht.consent import selectors as consent_selectors
from beeldwacht.consent.selectors import channels_for, classes_visible
from beeldwacht.domain.clearance import Outcome
from beeldwacht.domain.search import matches
from beeldwacht.media import renditions, selectors, services
from beeldwacht.media.forms import ActivityForm, DrawFaceForm, ParticipantForm
from beeldwacht.media.models import Face, MediaItem
from beeldwacht.schools.access import staff_view


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


def _named_outside(faces, pupils, staff) -> list[tuple[str, str, str]]:
    """Whoever a face was linked to from outside the participants, as (person key, form
    value, name), so the face's list can show its answer."""
    named = {}
    for face in faces:
        if face.pupil is not None and face.pupil not in pupils:
            named[face.person_key] = (f"pupil:{face.pupil.public_id}", face.pupil.full_name)
        elif face.staff_member is not None and face.staff_member not in staff:
            named[face.person_key] = (
                f"staff:{face.staff_member.public_id}",
                str(face.staff_member),
            )
    return [(key, value, name) for key, (value, name) in named.items()]


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
        User.objects.filter(memberships__school=request.school, memberships__left_on__isnull=True)
        .exclude(pk__in=activity.participants.values("staff_member_id").exclude(staff_member=None))
        .distinct()
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


@staff_view(C.MANAGE_MEDIA)
def review(request: HttpRequest, activity_id, channel_key) -> HttpResponse:
    """The exception review: the few people without consent for this channel, one photo at a
    time with its faces; mark theirs, then confirm ('none of the others is here')."""
    activity = _activity_or_404(request, activity_id)
    channel = _channel_or_404(request, channel_key)
    today = timezone.localdate()
    items = list(
        activity.items.filter(status__in=[MediaItem.Status.NEEDS_REVIEW, MediaItem.Status.READY])
    )
    cleared = selectors.clearances(activity, items, [channel], today)
    wanted = request.GET.get("foto")
    item = next((i for i in items if str(i.public_id) == wanted), None)
    if item is None:
        item = next(
            (i for i in items if cleared[(i.pk, channel.pk)].outcome is Outcome.NEEDS_REVIEW), None
        )
    exceptions = selectors.exceptions_for(activity, channel, today)
    context = {
        "activity": activity,
        "channel": channel,
        "exceptions": exceptions,
        "todo": sum(
            1 for i in items if cleared[(i.pk, channel.pk)].outcome is Outcome.NEEDS_REVIEW
        ),
        "total": len(items),
        "item": item,
    }
    if item is not None:
        faces = list(item.faces.select_related("pupil__school_class", "staff_member"))
        participants = list(
            activity.participants.select_related("pupil__school_class", "staff_member")
        )
        participant_pupils = sorted(
            (p.pupil for p in participants if p.pupil_id), key=lambda p: p.full_name
        )
        participant_staff = sorted(
            (p.staff_member for p in participants if p.staff_member_id), key=str
        )
        result = cleared[(item.pk, channel.pk)]
        by_key = {e.key: e for e in exceptions}
        context.update(
            {
                "faces": [
                    {
                        "face": f,
                        "left": 100 * f.x1 / item.width,
                        "top": 100 * f.y1 / item.height,
                        "width": 100 * (f.x2 - f.x1) / item.width,
                        "height": 100 * (f.y2 - f.y1) / item.height,
                        "blurred": str(f.pk) in result.blur,
                        "exception": by_key.get(f.person_key) if f.person_key else None,
                    }
                    for f in faces
                ],
                "clearance": result,
                # Each face chooses among those who took part; anyone else of the school is
                # found on the face's own search page: a class photo's page stays small
                # (issue #11: 52 faces each carried the whole school, 1.1 MB).
                "participant_pupils": participant_pupils,
                "participant_staff": participant_staff,
                "named_elsewhere": _named_outside(faces, participant_pupils, participant_staff),
            }
        )
        if item.kind != MediaItem.Kind.PHOTO:  # who can be heard: one list for the item
            markable = selectors.pupils_to_mark(request.access, activity)
            context.update(
                {
                    "pupils": [
                        p
                        for p in markable.order_by("first_name", "last_name")
                        if p not in participant_pupils
                    ],
                    "audible_pupils": set(item.audible.values_list("pupil_id", flat=True)),
                    "audible_staff": set(item.audible.values_list("staff_member_id", flat=True)),
                    "staff": User.objects.filter(
                        memberships__school=request.school, memberships__left_on__isnull=True
                    )
                    .distinct()
                    .order_by("first_name"),
                }
            )
    template = "media/review.html"
    if request.htmx:
        template += "#photo"
    return render(request, template, context)


def _back_to_review(request, item, channel_key):
    return redirect(_review_url(request, item, channel_key))


def _review_url(request, item, channel_key) -> str:
    channels = channels_for(request.school)
    channel = channels.filter(key=channel_key).first() or channels.first()
    url = reverse(
        "media:review",
        kwargs={
            "brin": request.school.brin,
            "activity_id": item.activity.public_id,
            "channel_key": channel.key,
        },
    )
    return f"{url}?foto={item.public_id}"


@staff_view(C.MANAGE_MEDIA)
@require_POST
def face_mark(request: HttpRequest, face_id) -> HttpResponse:
    face = get_object_or_404(
        Face.objects.select_related("item__activity"),
        item__school=request.school,
        public_id=face_id,
    )
    _item_or_404(request, face.item.public_id)
    answer = request.POST.get("answer", "")
    kwargs = {}
    if answer.startswith(("pupil:", "staff:", "guest:")) and uuid_or_none(answer[6:]) is None:
        raise Http404
    if answer.startswith("pupil:"):
        kwargs["pupil"] = get_object_or_404(
            selectors.pupils_to_mark(request.access, face.item.activity), public_id=answer[6:]
        )
    elif answer.startswith("staff:"):
        kwargs["staff_member"] = get_object_or_404(
            User, public_id=answer[6:], memberships__school=request.school
        )
    elif answer == "not_recognisable":
        kwargs["not_recognisable"] = True
    elif answer == "outsider":
        kwargs["outsider"] = True
    elif answer.startswith("guest:"):
        # A guest has no consent (no registry for guests yet): blurred as someone from outside.
        get_object_or_404(face.item.activity.participants, public_id=answer[6:])
        kwargs["outsider"] = True
    elif answer != "clear":
        raise Http404
    try:
        services.face_mark(face=face, by=request.user, **kwargs)
    except DomainError as error:
        messages.error(request, error.message)
    return _back_to_review(request, face.item, request.POST.get("channel", ""))


@staff_view(C.MANAGE_MEDIA)
def face_other(request: HttpRequest, face_id) -> HttpResponse:
    """Someone who is not among the participants, for one face: a pupil the reviewer may
    mark (media.selectors.pupils_to_mark) or a colleague, found by name."""
    face = get_object_or_404(
        Face.objects.select_related("item__activity"),
        item__school=request.school,
        public_id=face_id,
    )
    item = _item_or_404(request, face.item.public_id)
    query = request.GET.get("q", "").strip()[:100]
    pupils, staff = [], []
    if query:
        pupils = consent_selectors.pupils_matching(
            request.access,
            query,
            limit=20,
            among=selectors.pupils_to_mark(request.access, item.activity),
        )
        staff = [
            user
            for user in User.objects.filter(
                memberships__school=request.school, memberships__left_on__isnull=True
            )
            .distinct()
            .order_by("first_name", "last_name")
            if matches(query, "", user.first_name, user.last_name)
        ][:10]
    return render(
        request,
        "media/face_other.html",
        {
            "face": face,
            "item": item,
            "channel_key": request.GET.get("kanaal", ""),
            "back": _review_url(request, item, request.GET.get("kanaal", "")),
            "query": query,
            "pupils": pupils,
            "staff": staff,
        },
    )


@staff_view(C.MANAGE_MEDIA)
@require_POST
def face_draw(request: HttpRequest, item_id) -> HttpResponse:
    item = _item_or_404(request, item_id)
    form = DrawFaceForm(request.POST)
    if form.is_valid():
        try:
            services.face_draw(
                item=item,
                box=tuple(form.cleaned_data[k] for k in ("x1", "y1", "x2", "y2")),
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Draw a box around the face."))
    return _back_to_review(request, item, request.POST.get("channel", ""))


@staff_view(C.MANAGE_MEDIA)
@require_POST
def confirm(request: HttpRequest, item_id, channel_key) -> HttpResponse:
    item = _item_or_404(request, item_id)
    channel = _channel_or_404(request, channel_key)
    try:
        services.item_review_confirm(item=item, channel=channel, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return _back_to_review(request, item, channel.key)
    return redirect(
        "media:review",
        brin=request.school.brin,
        activity_id=item.activity.public_id,
        channel_key=channel.key,
    )


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


@staff_view(C.MANAGE_MEDIA)
def face_crop(request: HttpRequest, face_id) -> HttpResponse:
    face = get_object_or_404(
        Face.objects.select_related("item__activity"),
        item__school=request.school,
        public_id=face_id,
    )
    _item_or_404(request, face.item.public_id)
    return _serve(renditions.face_crop_name(face))


@staff_view(C.MANAGE_MEDIA)
@require_POST
def audible(request: HttpRequest, item_id) -> HttpResponse:
    """Who can be heard in this video or recording (tagged by hand)."""
    item = _item_or_404(request, item_id)
    pupils, staff = [], []
    for value in request.POST.getlist("audible"):
        kind, _sep, public_id = value.partition(":")
        if uuid_or_none(public_id) is None:
            raise Http404
        if kind == "pupil":
            pupils.append(
                get_object_or_404(
                    selectors.pupils_to_mark(request.access, item.activity), public_id=public_id
                )
            )
        elif kind == "staff":
            staff.append(
                get_object_or_404(User, public_id=public_id, memberships__school=request.school)
            )
        else:
            raise Http404
    try:
        services.audible_set(item=item, by=request.user, pupils=pupils, staff=list(set(staff)))
    except DomainError as error:
        messages.error(request, error.message)
    return _back_to_review(request, item, request.POST.get("channel", ""))
