"""The exception review: one photo (or video, or recording) at a time, its faces as tiles,
and the few people without consent for the channel to choose from. Tapping a tile and then
a name is all a reviewer on a phone needs; everything also works without script."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
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
from beeldwacht.consent.selectors import channels_for
from beeldwacht.domain.clearance import Outcome
from beeldwacht.domain.faces import reading_order
from beeldwacht.domain.search import matches
from beeldwacht.media import renditions, selectors, services
from beeldwacht.media.forms import DrawFaceForm
from beeldwacht.media.models import Face, MediaItem
from beeldwacht.media.views import _activity_or_404, _channel_or_404, _item_or_404, _serve
from beeldwacht.schools.access import staff_of, staff_view


def _other_choices(faces, pupils, staff, exceptions) -> list[tuple[str, str]]:
    """Who else a face may be, as (form value, name): the participants who may appear, then
    whoever a face was linked to from outside them (so its answer stays among the choices)."""
    choices = {f"pupil:{p.public_id}": p.full_name for p in pupils}
    choices.update({f"staff:{u.public_id}": str(u) for u in staff})
    for face in faces:
        if face.pupil is not None:
            choices.setdefault(f"pupil:{face.pupil.public_id}", face.pupil.full_name)
        elif face.staff_member is not None:
            choices.setdefault(f"staff:{face.staff_member.public_id}", str(face.staff_member))
    listed = {e.value for e in exceptions}
    return [(value, name) for value, name in choices.items() if value not in listed]


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
        faces = _in_reading_order(item.faces.select_related("pupil__school_class", "staff_member"))
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
        entries = [
            {
                "face": f,
                "number": n,
                "left": 100 * f.x1 / item.width,
                "top": 100 * f.y1 / item.height,
                "width": 100 * (f.x2 - f.x1) / item.width,
                "height": 100 * (f.y2 - f.y1) / item.height,
                "blurred": str(f.pk) in result.blur,
                "answer": _answer_label(f, by_key),
            }
            for n, f in enumerate(faces, start=1)
        ]
        context.update(
            {
                "faces": entries,
                "selected": _selected_face(faces, request.GET.get("gezicht")),
                "clearance": result,
                # Each face chooses among those who took part; anyone else of the school is
                # found on the face's own search page: a class photo's page stays small
                # (issue #11: 52 faces each carried the whole school, 1.1 MB).
                "participant_pupils": participant_pupils,
                "others": _other_choices(faces, participant_pupils, participant_staff, exceptions),
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
                    "staff": staff_of(request.school).order_by("first_name"),
                }
            )
    return render(request, "media/review.html", context)


def _answer_label(face: Face, exceptions: dict) -> str:
    """What a face's tile says about it: whom it was linked to, or what it is."""
    if face.person_key in exceptions:
        return exceptions[face.person_key].name
    if face.pupil is not None:
        return face.pupil.full_name
    if face.staff_member is not None:
        return str(face.staff_member)
    if face.not_recognisable:
        return _("not recognisable, or not a face")
    if face.outsider:
        return _("visitor")
    return ""


def _in_reading_order(faces) -> list[Face]:
    return reading_order(faces, box=lambda f: f.box)


def _selected_face(faces: list[Face], wanted: str | None) -> Face | None:
    """The face the chooser answers for: the one asked for, else the first without an answer."""
    return next((f for f in faces if str(f.public_id) == wanted), None) or next(
        (f for f in faces if not f.answered), faces[0] if faces else None
    )


def _next_face(face: Face) -> Face:
    """After an answer, the next face in reading order that has none (a reviewer going face
    by face taps only names), or this one again when every face has one."""
    faces = _in_reading_order(face.item.faces.all())
    after = faces[faces.index(face) + 1 :] + faces[: faces.index(face)]
    return next((f for f in after if not f.answered), face)


def _back_to_review(request, item, channel_key):
    return redirect(_review_url(request, item, channel_key))


def _review_url(request, item, channel_key, *, face: Face | None = None) -> str:
    """The review of this item on this channel; with `face`, that face chosen and in view."""
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
    if face is None:
        return f"{url}?foto={item.public_id}"
    return f"{url}?foto={item.public_id}&gezicht={face.public_id}#gezichten"


def _face_or_404(request, face_id) -> Face:
    if uuid_or_none(face_id) is None:
        raise Http404
    face = get_object_or_404(
        Face.objects.select_related("item__activity"),
        item__school=request.school,
        public_id=face_id,
    )
    _item_or_404(request, face.item.public_id)  # same visibility as its activity
    return face


def _mark(request, face: Face, answer: str) -> None:
    """Link a face to the answer a reviewer chose: a pupil she may mark, a colleague, a
    guest, 'not a face', a visitor, or nobody on the list ('clear')."""
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
        # The review asks only about guests without consent for the channel: marked, a guest
        # is blurred as someone from outside (on every channel: the safe side).
        get_object_or_404(face.item.activity.participants, public_id=answer[6:])
        kwargs["outsider"] = True
    elif answer != "clear":
        raise Http404
    try:
        services.face_mark(face=face, by=request.user, **kwargs)
    except DomainError as error:
        messages.error(request, error.message)


@staff_view(C.MANAGE_MEDIA)
@require_POST
def face_answer(request: HttpRequest, item_id) -> HttpResponse:
    """The review's one form: the face chosen among the tiles, the answer from the button
    pressed. 'Someone else' goes to that face's search page."""
    item = _item_or_404(request, item_id)
    face = _face_or_404(request, request.POST.get("face", ""))
    if face.item_id != item.pk:
        raise Http404
    channel_key = request.POST.get("channel", "")
    answer = request.POST.get("answer", "")
    if answer == "other":
        url = reverse(
            "media:face_other", kwargs={"brin": request.school.brin, "face_id": face.public_id}
        )
        return redirect(f"{url}?kanaal={channel_key}")
    _mark(request, face, answer)
    face.refresh_from_db()
    return redirect(_review_url(request, item, channel_key, face=_next_face(face)))


@staff_view(C.MANAGE_MEDIA)
@require_POST
def face_mark(request: HttpRequest, face_id) -> HttpResponse:
    """One face's answer, from its own search page ('someone else')."""
    face = _face_or_404(request, str(face_id))
    _mark(request, face, request.POST.get("answer", ""))
    return redirect(_review_url(request, face.item, request.POST.get("channel", ""), face=face))


@staff_view(C.MANAGE_MEDIA)
def face_other(request: HttpRequest, face_id) -> HttpResponse:
    """Someone who is not among the participants, for one face: a pupil the reviewer may
    mark (media.selectors.pupils_to_mark) or a colleague, found by name."""
    face = _face_or_404(request, str(face_id))
    item = face.item
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
            for user in staff_of(request.school).order_by("first_name", "last_name")
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


@staff_view(C.MANAGE_MEDIA)
def face_crop(request: HttpRequest, face_id) -> HttpResponse:
    face = _face_or_404(request, str(face_id))
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
