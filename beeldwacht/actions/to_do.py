"""What waits for one staff member at her school ('Te doen', the first thing on the school's
home page), each part only for whom it is work: photos to review for those who manage
media, publications to approve for approvers, her own sent back to change, questions
addressed to her, takedown tasks, the consent round's progress, and her classroom
recordings to upload or, as supervisor, to discuss; the protocol version she has not
acknowledged, and for management who has not; incident steps outside the school still to be
recorded (the inspector's phone report, the police report). Reads only."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from beeldwacht.common.permissions import Capability as C
from beeldwacht.consent.models import ConsentCampaign
from beeldwacht.consent.selectors import guardians_to_ask
from beeldwacht.domain.schoolyear import school_year_start
from beeldwacht.incidents.models import Incident
from beeldwacht.incidents.tracks import may_see, with_open_steps
from beeldwacht.media.models import MediaItem
from beeldwacht.media.selectors import activities_visible
from beeldwacht.protocol.models import ProtocolVersion
from beeldwacht.protocol.selectors import Pending, in_force, pending, to_acknowledge
from beeldwacht.publications.models import Publication, ThreadMessage
from beeldwacht.recordings.models import Recording
from beeldwacht.takedowns.ledger import open_takedowns, overdue_takedowns


@dataclass(frozen=True)
class ConsentRound:
    started_on: date | None  # None: this school year's round has not started
    guardians_to_ask: int


@dataclass(frozen=True)
class ToDo:
    to_review: list = field(default_factory=list)  # (activity, photos never reviewed)
    to_approve: list[Publication] = field(default_factory=list)
    sent_back: list[Publication] = field(default_factory=list)  # her own, to change
    questions: list[Publication] = field(default_factory=list)  # the last word is to her
    takedowns: tuple[int, int] | None = None  # (open, overdue), for who handles them
    consent_round: ConsentRound | None = None
    to_upload: list[Recording] = field(default_factory=list)  # hers, guardians informed
    to_discuss: list[Recording] = field(default_factory=list)  # she supervises, uploaded
    to_acknowledge: ProtocolVersion | None = None  # the protocol version she has not read
    not_acknowledged: Pending | None = None  # for management: who has not, and if late
    incident_steps: list = field(default_factory=list)  # (incident, open steps) they may see

    @property
    def nothing(self) -> bool:
        return not (
            self.to_review
            or self.to_approve
            or self.sent_back
            or self.questions
            or (self.takedowns and self.takedowns[0])
            or self.consent_round
            or self.to_upload
            or self.to_discuss
            or self.to_acknowledge
            or (self.not_acknowledged and self.not_acknowledged.people)
            or self.incident_steps
        )


def to_do(access, user, today: date) -> ToDo:
    school = access.school
    parts = {}
    if access.can(C.MANAGE_MEDIA):
        waiting = dict(
            MediaItem.objects.filter(
                activity__in=activities_visible(access), status=MediaItem.Status.NEEDS_REVIEW
            )
            .values_list("activity")
            .annotate(n=Count("id"))
        )
        parts["to_review"] = [
            (a, waiting[a.pk])
            for a in activities_visible(access).filter(pk__in=waiting).order_by("-date")
        ]
    publications = Publication.objects.filter(school=school)
    if access.can(C.APPROVE_PUBLICATION):
        parts["to_approve"] = list(
            publications.filter(status=Publication.Status.SUBMITTED)
            .exclude(author=user)
            .order_by("updated_at")
        )
        parts["takedowns"] = (
            open_takedowns(school).count(),
            overdue_takedowns(school, today=today).count(),
        )
    if access.can(C.WRITE_PUBLICATION):
        parts["sent_back"] = list(
            publications.filter(author=user, status=Publication.Status.SENT_BACK)
        )
    parts["questions"] = _questions_for(user, school)
    recordings = Recording.objects.filter(school=school).select_related("school_class")
    parts["to_upload"] = list(recordings.filter(recorder=user, status=Recording.Status.INFORMED))
    parts["to_discuss"] = list(recordings.filter(supervisor=user, status=Recording.Status.UPLOADED))
    protocol = in_force(school)
    parts["to_acknowledge"] = to_acknowledge(protocol, user)
    if access.can(C.MANAGE_PROTOCOL):
        parts["not_acknowledged"] = pending(protocol, today)
    if access.can(C.RECORD_EXTERNAL_STEPS):
        parts["incident_steps"] = _incident_steps(access)
    if access.can(C.RUN_CAMPAIGN):
        campaign = ConsentCampaign.objects.filter(
            school=school, school_year=school_year_start(today)
        ).first()
        parts["consent_round"] = ConsentRound(
            campaign.started_at.date() if campaign else None,
            len(guardians_to_ask(school, today)),
        )
    return ToDo(**parts)


def _questions_for(user, school) -> list[Publication]:
    """Publications where her part of the thread ends with a message to her: a question to
    answer, or an answer to read."""
    last: dict[int, ThreadMessage] = {}
    mine = ThreadMessage.objects.filter(publication__school=school).filter(
        Q(sender=user) | Q(recipient=user)
    )
    for message in mine.select_related("publication"):
        last[message.publication_id] = message  # ordered by time: the last one stays
    return [m.publication for m in last.values() if m.recipient_id == user.pk]


def _incident_steps(access) -> list:
    """Incidents she may see whose steps outside the school are not all recorded."""
    return [
        (incident, missing)
        for incident, missing in with_open_steps(Incident.objects.filter(school=access.school))
        if may_see(incident, access)
    ]
