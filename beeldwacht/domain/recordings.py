"""Classroom recordings (protocol 'Filmen in de klas' 1-3, DOMAIN 5): who may see one, when
it may be uploaded, and when it must be destroyed. Pure rules; recordings/ applies them."""

from datetime import date, datetime, timedelta
from enum import StrEnum


class Purpose(StrEnum):
    PUPIL_SUPPORT = "pupil_support"  # better teaching for a pupil or a few: with the guardians
    DEVELOPMENT = "development"  # a teacher's or intern's own coaching: no consent needed


class Reason(StrEnum):
    REVIEWED = "reviewed"  # the supervisor marked the coaching talk done
    DEADLINE = "deadline"  # nobody did, and the last day passed


def may_view(viewer_id: int, *, recorder_id: int, supervisor_id: int) -> bool:
    """Only the one who recorded and her named supervisor; no role opens it, not even
    management or the privacy contact (Filmen 2)."""
    return viewer_id in (recorder_id, supervisor_id)


def informed_in_time(notice_sent_on: date | None, lesson_on: date, notice_days: int) -> bool:
    """The guardians of the group were told at least `notice_days` before the lesson
    (Filmen 3: 'vooraf')."""
    return notice_sent_on is not None and (lesson_on - notice_sent_on).days >= notice_days


def support_agreed(outcomes: list[str]) -> bool:
    """A recording for a pupil's support is made 'in overleg met de ouders' (Filmen 1): at
    least one consultation is logged, and no guardian consulted said no."""
    return bool(outcomes) and "refused" not in outcomes


def last_day(lesson_on: date, keep_days: int) -> date:
    """The day after which the recording is destroyed, reviewed or not."""
    return lesson_on + timedelta(days=keep_days)


def destruction_due(
    *, reviewed_at: datetime | None, grace: timedelta, last_day: date, now: datetime, today: date
) -> Reason | None:
    """Why it must go now, or None: the review's grace period ended, or the last day passed."""
    if reviewed_at is not None and now >= reviewed_at + grace:
        return Reason.REVIEWED
    if today > last_day:
        return Reason.DEADLINE
    return None


def all_agree(statuses: list) -> bool:
    """A recording's consent round holds only when every pupil it asks about has consent
    (Filmen 1 'indien nodig'; DOMAIN 5: other use needs the consent of all guardians): one
    refusal, dispute or missing answer keeps it refused. `statuses`: domain.consent.Status."""
    return bool(statuses) and all(status == "granted" for status in statuses)
