"""Who may appear where: the consent decision for one person, channel and kind.

Protocol Uitgangspunt 5 and A.5 ask for explicit consent before images, sound or personal
details of someone are published; AVG art. 7 and 8 say consent must be provable and
withdrawable, and that guardians decide for children under 16 (UAVG art. 5).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from beeldwacht.domain.schoolyear import age_on, school_year_start

AGE_OF_CONSENT = 16  # UAVG art. 5: from 16 a person gives consent for themselves.

SELF = "self"  # the decider key for someone deciding for themselves (16+ pupil, staff)


class Kind(StrEnum):
    IMAGE = "image"  # photo and video
    SOUND = "sound"  # audio, and the sound track of video
    NAME = "name"  # name or other personal details in text


class Status(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"
    NONE = "none"  # nobody with a say has answered: no consent
    DISPUTED = "disputed"  # deciders disagree or custody is disputed: publication stops
    BLOCKED = "blocked"  # safeguarding: never published, whatever was recorded
    REASK = "reask"  # a grant was given on a consent text that has since changed materially

    @property
    def allows_publication(self) -> bool:
        return self is Status.GRANTED

    @property
    def for_other_systems(self) -> str:
        """The answer the school's other systems get (the consent API, issue 14): whether
        they may, never why not. A safeguarding block is a plain "refused", so nobody can
        tell a protected child from one whose parents said no; a grant on an old text is
        "none" until the parents answer again."""
        return {Status.BLOCKED: "refused", Status.REASK: "none"}.get(self, self.value)


@dataclass(frozen=True)
class ConsentRecord:
    """One decision as recorded. `decided_by` is a guardian's key or SELF. `sequence`
    breaks ties between records of one decider on the same day: the later entry wins."""

    decided_by: str
    decision: bool
    decided_on: date
    text_version: int
    sequence: int = 0


@dataclass(frozen=True)
class Subject:
    """The facts about a person that the decision depends on. `guardians_with_authority`
    holds the keys of guardians with parental authority (gezag); `date_of_birth` is None for
    adults who always decide for themselves (staff, volunteers)."""

    date_of_birth: date | None
    guardians_with_authority: frozenset[str]
    safeguarded_since: date | None = None
    custody_dispute_since: date | None = None
    left_on: date | None = None  # a pupil who left school: their consent ended that day
    # "Niet fotograferen of filmen" (U5): a guardian's choice or a school's measure. Not even
    # made, so not shown anywhere, internal use included; unlike safeguarding, not secret.
    no_images_since: date | None = None


@dataclass(frozen=True)
class Policy:
    """What the school chose. `lapses_yearly`: answers from an earlier school year no longer
    count. `reask_below_version`: grants on a consent text older than this must be asked again."""

    lapses_yearly: bool = False
    reask_below_version: int = 0


@dataclass(frozen=True)
class Decision:
    status: Status
    since: date | None
    deciders: frozenset[str] = frozenset()
    # REFUSED after a yes: the consent was withdrawn, not refused from the start (staff see
    # "withdrawn", which tells them a photo may already be out).
    withdrawn: bool = False


def deciders_for(subject: Subject, on: date) -> frozenset[str]:
    """Guardians with authority decide for children under 16; from 16 the person decides."""
    if subject.date_of_birth is None or age_on(subject.date_of_birth, on) >= AGE_OF_CONSENT:
        return frozenset({SELF})
    return subject.guardians_with_authority


def sixteenth_birthday(date_of_birth: date) -> date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + AGE_OF_CONSENT)
    except ValueError:  # born on 29 February
        return date(date_of_birth.year + AGE_OF_CONSENT, 3, 1)


def consent_status(
    records: Iterable[ConsentRecord], subject: Subject, on: date, policy: Policy = Policy()
) -> Decision:
    """What holds for one person, channel and kind on day `on`.

    - A safeguarding flag, or "do not photograph or film", blocks, whatever was recorded.
    - A flagged custody dispute stops publication until it is lifted: the refusal wins.
    - A pupil who left school has no consent from the day she left (DOMAIN 2: it ends as a
      withdrawal does).
    - Only records of the current deciders count (see `deciders_for`), each decider's latest
      record by decision date; with `lapses_yearly`, only records of the current school year.
      From 16 the pupil decides; until she records her own answer, her guardians' answers
      from before her birthday stay in force, and a guardian can still withdraw (a 'no'
      after the birthday counts; a 'yes' does not).
    - No counted record: NONE. All counted say no: REFUSED (`withdrawn` when one of them
      said yes before). A yes beside a no: DISPUTED.
      All say yes: GRANTED, unless a yes was given on an outdated consent text: REASK.
      A refusal stays a refusal when the text changes; asking again cannot make it worse.
    """
    blocked = [d for d in (subject.safeguarded_since, subject.no_images_since) if d is not None]
    if blocked:
        return Decision(Status.BLOCKED, min(blocked))
    if subject.left_on is not None and subject.left_on <= on:
        return Decision(Status.NONE, subject.left_on)

    records = list(records)
    latest = _latest(records, deciders_for(subject, on), on, policy)
    if not latest and subject.date_of_birth is not None and subject.guardians_with_authority:
        # From 16 the pupil decides, but until she does, what her guardians decided before
        # her birthday stays in force (EDPB Guidelines 05/2020 on consent, 7.1.4).
        birthday = sixteenth_birthday(subject.date_of_birth)
        latest = _latest(
            [r for r in records if r.decided_on < birthday or not r.decision],
            subject.guardians_with_authority,
            on,
            policy,
        )

    if subject.custody_dispute_since is not None:
        return Decision(Status.DISPUTED, subject.custody_dispute_since, frozenset(latest))
    if not latest:
        return Decision(Status.NONE, None)

    counted = latest.values()
    since = max(r.decided_on for r in counted)
    answered = frozenset(latest)
    yes = [r for r in counted if r.decision]
    no = [r for r in counted if not r.decision]
    if yes and no:
        return Decision(Status.DISPUTED, since, answered)
    if no:
        withdrawn = any(
            r.decided_by == latest_no.decided_by and r.decision and _order(r) < _order(latest_no)
            for latest_no in no
            for r in records
        )
        return Decision(Status.REFUSED, since, answered, withdrawn)
    if any(r.text_version < policy.reask_below_version for r in yes):
        return Decision(Status.REASK, since, answered)
    return Decision(Status.GRANTED, since, answered)


def _latest(
    records: list[ConsentRecord], deciders: frozenset[str], on: date, policy: Policy
) -> dict[str, ConsentRecord]:
    """Each decider's latest record by decision date that counts on day `on`."""
    latest: dict[str, ConsentRecord] = {}
    for record in records:
        if record.decided_by not in deciders or record.decided_on > on:
            continue
        if policy.lapses_yearly and school_year_start(record.decided_on) != school_year_start(on):
            continue
        current = latest.get(record.decided_by)
        if current is None or _order(record) > _order(current):
            latest[record.decided_by] = record
    return latest


def _order(record: ConsentRecord) -> tuple[date, int]:
    return (record.decided_on, record.sequence)


def has_answered(
    records: Iterable[ConsentRecord], decider: str, on: date, policy: Policy = Policy()
) -> bool:
    """Whether `decider` still has a valid answer in one cell (person, channel, kind): their
    latest record counts under the school's lapse rule and is not a grant on an outdated
    consent text. Used to decide whom the yearly consent round asks (again)."""
    latest: ConsentRecord | None = None
    for record in records:
        if record.decided_by != decider or record.decided_on > on:
            continue
        if policy.lapses_yearly and school_year_start(record.decided_on) != school_year_start(on):
            continue
        if latest is None or _order(record) > _order(latest):
            latest = record
    if latest is None:
        return False
    return not (latest.decision and latest.text_version < policy.reask_below_version)


# The text version of a one-off answer: given on the request's own words, not on the consent
# text, so a changed consent text never asks it again.
ONE_OFF_TEXT = 2**31 - 1


def for_one_occasion(
    general: Iterable[ConsentRecord], one_off: Iterable[ConsentRecord]
) -> list[ConsentRecord]:
    """The records that count for one occasion (an activity on one channel) that the school
    asked about once (DOMAIN 2, one-off consent). A decider's one-off answer replaces their
    general answer for this occasion; a later withdrawal of their general consent (a yes
    turned into a no on a later day) reaches it too, a no confirmed again does not. A
    decider who was not asked, or did not answer, keeps their general answer."""
    one_off = list(one_off)
    latest: dict[str, ConsentRecord] = {}
    for record in one_off:
        if record.decided_by not in latest or _order(record) > _order(latest[record.decided_by]):
            latest[record.decided_by] = record
    counted = list(one_off)
    previous: dict[str, ConsentRecord] = {}
    for record in sorted(general, key=_order):
        asked = latest.get(record.decided_by)
        before = previous.get(record.decided_by)
        if asked is None:
            counted.append(record)
        elif (
            not record.decision
            and before is not None
            and before.decision
            and record.decided_on > asked.decided_on  # a later day: ids of two tables
        ):
            counted.append(record)
        previous[record.decided_by] = record
    return counted
