"""Reads of the media library that encode rules: which activities a staff member sees, who
may not appear on a channel, and the clearance of each item per channel (domain.clearance).
A fixed number of queries, whatever the number of photos."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from beeldwacht.consent.models import Channel, Kind
from beeldwacht.consent.selectors import (
    PupilFacts,
    for_occasion,
    grid_of,
    guardian_key,
    ids_of,
    own_decisions_grid,
    pupil_facts,
    staff_consent_grid,
)
from beeldwacht.domain import consent as domain_consent
from beeldwacht.domain.clearance import Clearance, clearance
from beeldwacht.domain.consent import Status
from beeldwacht.media.models import (
    Activity,
    AudiblePerson,
    Face,
    GuestConsent,
    MediaItem,
    MediaReview,
    OneOffAnswer,
    OneOffRequest,
    Participant,
)
from beeldwacht.people.keys import person_fields, person_key
from beeldwacht.people.models import Pupil


def activities_visible(access) -> QuerySet[Activity]:
    activities = Activity.objects.filter(school=access.school).prefetch_related("classes")
    if not access.sees_all_groups:
        activities = activities.filter(classes__in=access.class_ids).distinct()
    return activities


def pupils_to_mark(access, activity: Activity) -> QuerySet[Pupil]:
    """The pupils a reviewer may link a face or a voice to: the activity's participants (also
    those who moved group or left since), and the current pupils of the whole school for
    those who see every group, or of the reviewer's own groups otherwise."""
    participants = Pupil.objects.filter(
        pk__in=activity.participants.filter(pupil__isnull=False).values("pupil_id")
    )
    others = Pupil.objects.filter(school=access.school, left_on__isnull=True)
    if not access.sees_all_groups:
        others = others.filter(school_class_id__in=access.class_ids)
    return (participants | others).select_related("school_class")


def guest_consent_grid(school, participant_ids, channels, on: date, kinds=(Kind.IMAGE,)) -> dict:
    """(participant id, channel id, kind) -> decision for guests of activities, who decide
    for themselves (media.GuestConsent). One query."""
    participant_ids, kinds = list(participant_ids), list(kinds)
    channels = ids_of(channels)
    if not participant_ids:
        return {}
    rows = GuestConsent.objects.filter(
        participant__in=participant_ids, channel__in=channels
    ).values_list(
        "participant_id",
        "channel_id",
        "kind",
        "decision",
        "decided_on",
        "consent_text__version",
        "id",
    )
    return own_decisions_grid(school, rows, participant_ids, channels, kinds, on)


def guest_answers(participant: Participant) -> dict:
    """(channel id, kind) -> the guest's own latest answer, for their form."""
    answers = participant.consents.select_related("channel", "consent_text")
    return {(c.channel_id, c.kind): c for c in answers.order_by("decided_on", "id")}


def one_off_answers(activity: Activity | int, pupil_ids=None, channels=None) -> dict:
    """(pupil id, channel id, kind) -> the guardians' answers to the school's one-off
    requests for this activity (object or id), as domain records (see
    consent.selectors.for_occasion); of these pupils, or of all."""
    answers = OneOffAnswer.objects.filter(request__activity=activity)
    if pupil_ids is not None:
        answers = answers.filter(pupil_id__in=list(pupil_ids))
    if channels is not None:
        answers = answers.filter(request__channel__in=ids_of(channels))
    found: dict[tuple[int, int, str], list] = defaultdict(list)
    for pupil_id, channel_id, kind, decision, decided_on, guardian_id, pk in answers.values_list(
        "pupil_id", "request__channel_id", "kind", "decision", "decided_on", "guardian_id", "id"
    ):
        found[(pupil_id, channel_id, kind)].append(
            domain_consent.ConsentRecord(
                guardian_key(guardian_id), decision, decided_on, domain_consent.ONE_OFF_TEXT, pk
            )
        )
    return found


def one_off_statuses(request, on: date) -> list[tuple]:
    """(pupil, {kind: Decision}) for every pupil of the activity, on the channel and kinds
    the school asked about once: what holds for this activity's photos now."""
    activity = request.activity
    pupils = [
        p.pupil
        for p in activity.participants.exclude(pupil=None).select_related("pupil__school_class")
    ]
    channels = [request.channel_id]
    facts = pupil_facts(activity.school, pupils, on, channels=channels, kinds=request.kinds)
    facts = for_occasion(facts, one_off_answers(activity, facts, channels))
    grid = grid_of(activity.school, facts, channels, on, request.kinds)
    return [
        (pupil, {kind: grid[(pupil.pk, request.channel_id, kind)] for kind in request.kinds})
        for pupil in sorted(pupils, key=lambda p: (p.last_name, p.first_name))
    ]


def one_offs_about(pupil) -> QuerySet[OneOffRequest]:
    """The one-off questions about activities this child took part in."""
    return (
        OneOffRequest.objects.filter(activity__participants__pupil=pupil)
        .select_related("activity", "channel")
        .order_by("-asked_at")
    )


def one_off_answers_of(request: OneOffRequest, ship) -> dict[str, bool]:
    """kind -> one guardian's latest answer for one child."""
    return {
        a.kind: a.decision
        for a in OneOffAnswer.objects.filter(
            request=request, pupil=ship.pupil, guardian=ship.guardian
        ).order_by("decided_on", "id")
    }


def one_off_history(pupil) -> QuerySet[OneOffAnswer]:
    """Every answer to a one-off question about this child, newest first: part of the
    consent history (DOMAIN 2)."""
    return (
        OneOffAnswer.objects.filter(pupil=pupil)
        .select_related("request__activity", "request__channel", "guardian")
        .order_by("-decided_on", "-id")
    )


def participant_keys(activity: Activity) -> list[str]:
    return [p.person_key for p in activity.participants.all()]


@dataclass(frozen=True)
class Person:
    key: str  # "pupil:12" / "staff:5", as on faces and in reviews
    value: str  # "pupil:<public id>": what forms send, never an internal id
    name: str
    group: str
    status: Status
    withdrawn: bool = False  # refused after a yes


def exceptions_for(activity: Activity, channel: Channel, on: date) -> list[Person]:
    """The activity's participants who may not appear on this channel: who was there on the
    day (its groups then, and whoever was added), whatever group they are in today."""
    return exceptions_by_channel(activity, [channel], on)[channel.pk]


def exceptions_by_channel(
    activity: Activity, channels: list[Channel], on: date, *, one_off: dict | None = None
) -> dict[int, list[Person]]:
    """`exceptions_for` for several channels at once: the same queries for one or eight.
    `one_off`: the activity's one-off answers, when the caller has read them already."""
    participants = list(activity.participants.select_related("pupil__school_class", "staff_member"))
    pupils = [p.pupil for p in participants if p.pupil_id]
    facts = pupil_facts(activity.school, pupils, on, channels=channels, kinds=[Kind.IMAGE])
    if one_off is None:
        one_off = one_off_answers(activity, facts, channels)
    facts = for_occasion(facts, one_off)
    grid = grid_of(activity.school, facts, channels, on, [Kind.IMAGE])
    staff = [p.staff_member for p in participants if p.staff_member_id]
    staff_grid = staff_consent_grid(activity.school, staff, channels, on, [Kind.IMAGE])
    guests = [p for p in participants if p.guest_name]
    guest_grid = guest_consent_grid(activity.school, [p.pk for p in guests], channels, on)
    result = {}
    for channel in channels:
        people = [
            Person(
                f"pupil:{p.pk}",
                f"pupil:{p.public_id}",
                p.full_name,
                p.school_class.name if p.school_class and not p.left_on else "",
                grid[(p.pk, channel.pk, Kind.IMAGE)].status,
                grid[(p.pk, channel.pk, Kind.IMAGE)].withdrawn,
            )
            for p in pupils
        ]
        people += [
            Person(
                f"staff:{u.pk}",
                f"staff:{u.public_id}",
                u.get_full_name() or u.email,
                "",
                staff_grid[(u.pk, channel.pk, Kind.IMAGE)].status,
                staff_grid[(u.pk, channel.pk, Kind.IMAGE)].withdrawn,
            )
            for u in staff
        ]
        # Guests answer for themselves; until they do, no record is no consent.
        people += [
            Person(
                p.person_key,
                f"guest:{p.public_id}",
                p.guest_name,
                "",
                guest_grid[(p.pk, channel.pk, Kind.IMAGE)].status,
                guest_grid[(p.pk, channel.pk, Kind.IMAGE)].withdrawn,
            )
            for p in guests
        ]
        result[channel.pk] = sorted(
            (p for p in people if p.status is not Status.GRANTED),
            # Never-publish first, then pupils by group, then staff and guests: stable numbers.
            key=lambda p: (
                p.status is not Status.BLOCKED,
                not p.key.startswith("pupil:"),
                p.group,
                p.name,
            ),
        )
    return result


def statuses_for(
    activity: Activity,
    person_keys: set[str],
    channels: list[Channel],
    on: date,
    kind: str = Kind.IMAGE,
    *,
    one_off: dict | None = None,
) -> dict:
    """(person key, channel id) -> Status of one kind for the people named on faces of this
    activity's items (with the answers to its one-off requests: `one_off`, if read)."""
    return {
        (key, channel_id): status
        for (key, channel_id, _kind), status in person_statuses(
            activity.school,
            person_keys,
            channels,
            on,
            [kind],
            activity=activity,
            one_off=one_off,
        ).items()
    }


def person_statuses(
    school,
    person_keys: set[str],
    channels: list[Channel | int],
    on: date,
    kinds: list[str],
    *,
    known: dict[int, PupilFacts] | None = None,
    activity: Activity | int | None = None,
    one_off: dict | None = None,
) -> dict:
    """(person key, channel id, kind) -> Status for pupils and staff members by key, every
    kind at once (one consent query for pupils, one for staff). `channels`: objects or ids.
    `known`: pupils' consent facts on `on` that the caller has just read under the consent
    lock (the change being recorded); they are not read again. `activity`: for its photos,
    where the answers to its one-off requests count (domain.consent.for_one_occasion)."""
    fields = [person_fields(k) for k in person_keys]
    known = known or {}
    pupil_ids = [f["pupil_id"] for f in fields if f["pupil_id"] and f["pupil_id"] not in known]
    staff_ids = [f["staff_member_id"] for f in fields if f["staff_member_id"]]
    result = {}
    pupils = list(Pupil.objects.filter(school=school, pk__in=pupil_ids))
    if pupils:
        facts = {**pupil_facts(school, pupils, on, channels=channels, kinds=kinds), **known}
    else:
        facts = known
    if activity is not None and facts:
        if one_off is None:
            one_off = one_off_answers(activity, facts, channels)
        facts = for_occasion(facts, one_off)
    for (pupil_id, channel_id, kind), decision in grid_of(
        school, facts, channels, on, kinds
    ).items():
        result[(person_key(pupil_id, None), channel_id, kind)] = decision.status
    from beeldwacht.accounts.models import User

    users = list(User.objects.filter(pk__in=staff_ids))
    for (user_id, channel_id, kind), decision in staff_consent_grid(
        school, users, channels, on, kinds
    ).items():
        result[(person_key(None, user_id), channel_id, kind)] = decision.status
    return result


def clearances(
    activity: Activity, items: list[MediaItem], channels: list[Channel], on: date
) -> dict[tuple[int, int], Clearance]:
    """(item id, channel id) -> Clearance for these items of one activity."""
    faces_by_item: dict[int, list[Face]] = defaultdict(list)
    for face in Face.objects.filter(item__in=items):
        faces_by_item[face.item_id].append(face)
    latest_review: dict[tuple[int, int], MediaReview] = {}
    for review in MediaReview.objects.filter(item__in=items).order_by("reviewed_at", "id"):
        latest_review[(review.item_id, review.channel_id)] = review
    named = {f.person_key for faces in faces_by_item.values() for f in faces if f.person_key}
    one_off = one_off_answers(activity, channels=channels)  # once, for faces and exceptions
    statuses = statuses_for(activity, named, channels, on, one_off=one_off)
    audible_by_item: dict[int, list[str]] = defaultdict(list)
    for person in AudiblePerson.objects.filter(item__in=items):
        audible_by_item[person.item_id].append(person.person_key)
    heard = {key for keys in audible_by_item.values() for key in keys}
    sound = statuses_for(activity, heard, channels, on, Kind.SOUND, one_off=one_off)
    exceptions = {
        pk: frozenset(p.key for p in people)
        for pk, people in exceptions_by_channel(activity, channels, on, one_off=one_off).items()
    }
    result = {}
    for item in items:
        facts = [f.fact for f in faces_by_item.get(item.pk, [])]
        for channel in channels:
            review = latest_review.get((item.pk, channel.pk))
            result[(item.pk, channel.pk)] = clearance(
                facts,
                {
                    key: statuses[(key, channel.pk)]
                    for key in named
                    if (key, channel.pk) in statuses
                },
                exceptions=exceptions[channel.pk],
                reviewed_for=frozenset(review.exceptions) if review else None,
                audible=audible_by_item.get(item.pk, ()),
                sound_statuses={
                    key: sound[(key, channel.pk)] for key in heard if (key, channel.pk) in sound
                },
                sound_only=item.kind == MediaItem.Kind.AUDIO,
            )
    return result


def clearances_across(
    items: list[MediaItem], channels: list[Channel], on: date
) -> dict[tuple[int, int], Clearance]:
    """`clearances` for items from any number of activities (a publication's media): one
    computation per activity, whatever the number of items."""
    by_activity: dict[Activity, list[MediaItem]] = defaultdict(list)
    for item in items:
        by_activity[item.activity].append(item)
    result: dict[tuple[int, int], Clearance] = {}
    for activity, its in by_activity.items():
        result.update(clearances(activity, its, channels, on))
    return result
