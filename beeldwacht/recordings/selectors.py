"""Reads of classroom recordings."""

from collections import defaultdict

from beeldwacht.consent.selectors import guardian_key, pupil_facts
from beeldwacht.domain import consent as domain
from beeldwacht.domain.recordings import all_agree
from beeldwacht.people.models import Guardianship
from beeldwacht.recordings.models import ConsentQuestion, Recording


def group_guardianships(school_class):
    """The current guardianships of the group's current pupils: whom to tell in advance
    (Filmen 3) and whom to consult on a pupil's support (Filmen 1)."""
    return (
        Guardianship.objects.current()
        .filter(pupil__school_class=school_class, pupil__left_on__isnull=True)
        .select_related("pupil", "guardian")
        .order_by("pupil__first_name", "guardian__name")
    )


def question_statuses(question, on) -> list[tuple]:
    """(pupil, Decision) for every pupil a recording's consent question asks about: their
    guardians' answers by the registry's own rule (deciders with parental authority, a
    refusal beside a yes is a dispute, a safeguarding flag or 'do not film' blocks)."""
    pupils = list(question.pupils.order_by("first_name", "last_name"))
    facts = pupil_facts(question.recording.school, pupils, on, channels=[], kinds=[])
    records: dict[int, list] = defaultdict(list)
    for answer in question.answers.all():
        records[answer.pupil_id].append(
            domain.ConsentRecord(
                guardian_key(answer.guardian_id),
                answer.decision,
                answer.decided_on,
                domain.ONE_OFF_TEXT,
                answer.pk,
            )
        )
    return [
        (pupil, domain.consent_status(records[pupil.pk], facts[pupil.pk].subject, on))
        for pupil in pupils
    ]


def agreed(question, on) -> bool:
    return all_agree([decision.status for _pupil, decision in question_statuses(question, on)])


def questions_about(pupil):
    """The recording questions about this child that are still open to answer: not for a
    recording already destroyed."""
    return (
        ConsentQuestion.objects.filter(pupils=pupil)
        .exclude(recording__status=Recording.Status.DESTROYED)
        .select_related("recording__school_class")
        .order_by("-asked_at")
    )
