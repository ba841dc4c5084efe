"""The audit trail as management, the privacy contact and the board read it: a school's events
filtered by who acted, what kind, when and about which pupil, each told in a line of Dutch.

The trail itself holds ids and states, never names (audit.models); the names are looked up
here, for the page being read, in one query per kind of thing named."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beeldwacht.accounts.models import User
from beeldwacht.audit.models import AuditEvent
from beeldwacht.consent.models import Channel, ConsentCampaign, ConsentRecord, Kind, PupilFlag
from beeldwacht.domain.schoolyear import school_year_label
from beeldwacht.media.models import Activity, MediaItem
from beeldwacht.people.models import Guardian, Pupil
from beeldwacht.publications.models import Publication
from beeldwacht.takedowns.models import Takedown


@dataclass(frozen=True)
class TrailFilter:
    actor: User | None = None
    type: str = ""
    since: date | None = None
    until: date | None = None
    pupil: Pupil | None = None


@dataclass(frozen=True)
class TrailLine:
    at: datetime
    who: str
    what: str
    about: str
    details: str


def trail_events(school, wanted: TrailFilter) -> QuerySet[AuditEvent]:
    """The school's events that match, newest first."""
    events = AuditEvent.objects.filter(school_id=school.pk).order_by("-sequence")
    if wanted.actor is not None:
        events = events.filter(actor_id=wanted.actor.pk)
    if wanted.type:
        events = events.filter(type=wanted.type)
    if wanted.since is not None:
        events = events.filter(created_at__date__gte=wanted.since)
    if wanted.until is not None:
        events = events.filter(created_at__date__lte=wanted.until)
    if wanted.pupil is not None:
        about = str(wanted.pupil.public_id)
        events = events.filter(
            Q(subject_type="people.pupil", subject_id=about) | Q(data__pupil=about)
        )
    return events


def trail_actors(school) -> QuerySet[User]:
    """The staff who did something at this school, for the filter: their accountability is
    what it is for (a parent's decisions are found through the pupil), and it lists no
    parent's address."""
    acted = AuditEvent.objects.filter(school_id=school.pk, actor_id__isnull=False)
    return (
        User.objects.filter(pk__in=acted.values("actor_id"), memberships__school=school)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


# The things an event can be about, by the label its subject is stored under.
SUBJECTS = {
    "people.pupil": Pupil,
    "accounts.user": User,
    "consent.channel": Channel,
    "consent.pupilflag": PupilFlag,
    "consent.consentcampaign": ConsentCampaign,
    "media.activity": Activity,
    "media.mediaitem": MediaItem,
    "publications.publication": Publication,
    "takedowns.takedown": Takedown,
}


def describe(school, events: list[AuditEvent]) -> list[TrailLine]:
    """A line per event; names looked up in one query per kind of subject."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.subject_type in SUBJECTS:
            wanted[event.subject_type].add(event.subject_id)
        if "pupil" in event.data:
            wanted["people.pupil"].add(str(event.data["pupil"]))
        for takedown in event.data.get("takedowns", []):
            wanted["takedowns.takedown"].add(str(takedown["id"]))
    named = {label: _names(label, ids) for label, ids in wanted.items()}
    actors = {
        pk: user.get_full_name()
        for pk, user in User.objects.in_bulk({e.actor_id for e in events if e.actor_id}).items()
    }
    # A parent's account has no name of its own: the roster's name for her is used.
    for guardian in Guardian.objects.filter(
        school=school, user_id__in=[pk for pk, name in actors.items() if not name]
    ):
        actors[guardian.user_id] = guardian.name
    guardians = {
        str(g.public_id): g.name
        for g in Guardian.objects.filter(
            school=school,
            public_id__in=_uuids(str(e.data.get("decider", "")) for e in events),
        )
    }
    channels = {c.key: c.name for c in Channel.objects.filter(school=school)}
    lines = []
    for event in events:
        about = named.get(event.subject_type, {}).get(event.subject_id, "")
        if "pupil" in event.data:
            about = named["people.pupil"].get(str(event.data["pupil"]), about)
        elif "takedowns" in event.data:  # a withdrawal's takedowns: whom they are for
            takedowns = named.get("takedowns.takedown", {})
            about = ", ".join(
                sorted({takedowns.get(str(t["id"]), "") for t in event.data["takedowns"]} - {""})
            )
        lines.append(
            TrailLine(
                at=event.created_at,
                who=_who(event, actors),
                what=event.get_type_display(),
                about=about,
                details=_details(event, channels, guardians),
            )
        )
    return lines


def _who(event: AuditEvent, actors: dict[int, str]) -> str:
    if event.actor_id is None:
        return _("Beeldwacht (automatically)")
    # A staff account without a name, or one gone since: never an e-mail address here.
    return actors.get(event.actor_id) or _("account %(number)d") % {"number": event.actor_id}


def _uuids(values) -> list[str]:
    return [v for v in values if len(v) == 36]


def _names(label: str, ids: set[str]) -> dict[str, str]:
    model = SUBJECTS[label]
    rows = model.objects.filter(public_id__in=_uuids(ids))
    if model in (PupilFlag, Takedown):
        rows = rows.select_related("pupil")
    elif model is MediaItem:
        rows = rows.select_related("activity")
    return {str(row.public_id): _name(row) for row in rows}


def _name(row) -> str:
    if isinstance(row, Pupil | PupilFlag | Takedown):
        pupil = row if isinstance(row, Pupil) else row.pupil
        return pupil.full_name if pupil else ""
    if isinstance(row, Publication):
        return row.title
    if isinstance(row, MediaItem):
        return f"{row.activity.name}: {row.original_name}"
    if isinstance(row, User):  # a staff member's own consent: never her address here
        return row.get_full_name()
    if isinstance(row, ConsentCampaign):
        return _("Consent round %(year)s") % {"year": school_year_label(row.school_year)}
    return str(row)


def _cell(channels: dict[str, str], channel: str, kind: str) -> str:
    return f"{channels.get(channel, channel)} {Kind(kind).label.lower()}"


def _details(event: AuditEvent, channels: dict[str, str], guardians: dict[str, str]) -> str:
    data = event.data
    if event.type == AuditEvent.Type.CONSENT_RECORDED:
        answers = "; ".join(
            f"{_cell(channels, d['channel'], d['kind'])}: "
            + (_("yes") if d["decision"] else _("no"))
            for d in data.get("decisions", [])
        )
        decider = data.get("decider")
        by = _("the pupil") if decider == "self" else guardians.get(str(decider), "")
        return _("%(answers)s (by %(decider)s, %(method)s)") % {
            "answers": answers,
            "decider": by or _("a guardian"),
            "method": ConsentRecord.Method(data["method"]).label.lower(),
        }
    if (
        event.type in (AuditEvent.Type.FLAG_SET, AuditEvent.Type.FLAG_LIFTED)
        and data.get("kind") in PupilFlag.Kind.values
    ):
        return PupilFlag.Kind(data["kind"]).label
    if "cells" in data:  # guardians disagree on these
        return "; ".join(_cell(channels, c["channel"], c["kind"]) for c in data["cells"])
    if "takedowns" in data and data.get("reason") in Takedown.Reason.values:
        return ngettext(
            "%(count)d takedown: %(reason)s",
            "%(count)d takedowns: %(reason)s",
            len(data["takedowns"]),
        ) % {"count": len(data["takedowns"]), "reason": Takedown.Reason(data["reason"]).label}
    if "channel" in data and isinstance(data["channel"], str):
        return channels.get(data["channel"], data["channel"])
    if "status" in data and data["status"] in Publication.Status.values:
        return Publication.Status(data["status"]).label
    return ""
