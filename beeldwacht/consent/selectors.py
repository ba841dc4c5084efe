"""Reads that encode the consent rule: turn rows into domain values and ask
`domain.consent.consent_status`. A fixed number of queries, whatever the number of pupils."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Max, QuerySet
from django.utils import timezone

from beeldwacht.consent.models import (
    CampaignMail,
    Channel,
    ConsentCampaign,
    ConsentRecord,
    ConsentText,
    Kind,
    PupilFlag,
)
from beeldwacht.domain import consent as domain
from beeldwacht.domain import search
from beeldwacht.domain.schoolyear import years_before
from beeldwacht.people.models import Guardian, Guardianship, Pupil
from beeldwacht.schools.models import Membership, School, SchoolClass

KINDS = [Kind.IMAGE, Kind.SOUND, Kind.NAME]


def channels_for(school: School, *, include_retired: bool = False) -> QuerySet[Channel]:
    channels = Channel.objects.filter(school=school)
    if not include_retired:
        channels = channels.filter(retired_on__isnull=True)
    return channels.order_by("position", "name")


def consent_texts(school: School) -> QuerySet[ConsentText]:
    """Every version of the school's consent text, newest first."""
    return ConsentText.objects.filter(school=school).order_by("-version")


def policy_for(school: School) -> domain.Policy:
    return domain.Policy(
        lapses_yearly=school.consent_lapses_yearly,
        reask_below_version=school.reask_below_version,
    )


def guardian_key(guardian_id: int) -> str:
    """How the consent rule names a guardian among the deciders."""
    return f"g{guardian_id}"


def decider_key(record: ConsentRecord) -> str:
    return domain.SELF if record.decided_by_self else guardian_key(record.guardian_id)


def decider_key_of(guardian: Guardian | None) -> str:
    """The decider key of a guardian, or of the pupil herself (None)."""
    return domain.SELF if guardian is None else guardian_key(guardian.pk)


@dataclass(frozen=True)
class PupilFacts:
    subject: domain.Subject
    records: dict[tuple[int, str], list[domain.ConsentRecord]]  # (channel id, kind) -> records


def pupil_facts(
    school: School,
    pupils: Iterable[Pupil],
    on: date,
    *,
    channels: Iterable[Channel | int] | None = None,
    kinds: Iterable[str] | None = None,
) -> dict[int, PupilFacts]:
    """Everything the decision needs for these pupils, in three queries. With `channels`
    and/or `kinds`, only their records are read: facts for a grid of those cells alone (a
    page about one channel reads a tenth of a child's history), not to decide other cells."""
    pupils = list(pupils)
    ids = [p.pk for p in pupils]
    authority: dict[int, set[str]] = defaultdict(set)
    for pupil_id, guardian_id in (
        Guardianship.objects.on(on)
        .filter(pupil_id__in=ids, parental_authority=True)
        .values_list("pupil_id", "guardian_id")
    ):
        authority[pupil_id].add(guardian_key(guardian_id))
    flags: dict[int, dict[str, date]] = defaultdict(dict)
    for flag in PupilFlag.objects.filter(
        school=school, pupil_id__in=ids, set_on__lte=on, lifted_on__isnull=True
    ).values("pupil_id", "kind", "set_on"):
        flags[flag["pupil_id"]][flag["kind"]] = flag["set_on"]
    records: dict[int, dict[tuple[int, str], list[domain.ConsentRecord]]] = defaultdict(
        lambda: defaultdict(list)
    )
    # Unordered: the decision orders by date itself, and the sort cost a temporary B-tree.
    rows = ConsentRecord.objects.filter(school=school, pupil_id__in=ids).order_by()
    if channels is not None:
        rows = rows.filter(channel_id__in=ids_of(channels))
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    rows = rows.values_list(
        "pupil_id",
        "channel_id",
        "kind",
        "guardian_id",
        "decided_by_self",
        "decision",
        "decided_on",
        "consent_text__version",
        "id",
    )
    for pupil_id, channel_id, kind, guardian_id, by_pupil, decision, on_, version, pk in rows:
        who = domain.SELF if by_pupil else guardian_key(guardian_id)
        records[pupil_id][(channel_id, kind)].append(
            domain.ConsentRecord(who, decision, on_, version, pk)
        )
    facts = {}
    for pupil in pupils:
        pupil_flags = flags.get(pupil.pk, {})
        subject = domain.Subject(
            date_of_birth=pupil.date_of_birth,
            guardians_with_authority=frozenset(authority.get(pupil.pk, ())),
            safeguarded_since=pupil_flags.get(PupilFlag.Kind.SAFEGUARDING),
            custody_dispute_since=pupil_flags.get(PupilFlag.Kind.CUSTODY_DISPUTE),
            no_images_since=pupil_flags.get(PupilFlag.Kind.NO_IMAGES),
            left_on=pupil.left_on,
        )
        facts[pupil.pk] = PupilFacts(subject, records.get(pupil.pk, {}))
    return facts


def not_to_photograph(pupils, on: date) -> set[int]:
    """The pupils (ids) marked "niet fotograferen of filmen" on that day."""
    return set(
        PupilFlag.objects.filter(
            pupil__in=pupils,
            kind=PupilFlag.Kind.NO_IMAGES,
            set_on__lte=on,
            lifted_on__isnull=True,
        ).values_list("pupil_id", flat=True)
    )


def answers_of(facts: PupilFacts, decider: str) -> dict[tuple[int, str], domain.ConsentRecord]:
    """One decider's latest answer per (channel id, kind), from facts already read: the
    latest decision date wins, and on one day the later entry (`latest_answers` without a
    query)."""
    answers = {}
    for cell, records in facts.records.items():
        mine = [r for r in records if r.decided_by == decider]
        if mine:
            answers[cell] = max(mine, key=lambda r: (r.decided_on, r.sequence))
    return answers


Grid = dict[tuple[int, int, str], domain.Decision]  # (pupil id, channel id, kind) -> decision


def consent_grid(
    school: School,
    pupils: Iterable[Pupil],
    channels: Iterable[Channel],
    on: date,
    kinds: Iterable[str] = KINDS,
) -> Grid:
    channels, kinds = list(channels), list(kinds)
    facts = pupil_facts(school, pupils, on, channels=channels, kinds=kinds)
    return grid_of(school, facts, channels, on, kinds)


def grid_of(
    school: School,
    facts: dict[int, PupilFacts],
    channels: Iterable[Channel],
    on: date,
    kinds: Iterable[str] = KINDS,
) -> Grid:
    """`consent_grid` from facts already read (no query). `channels`: Channel objects or
    their ids."""
    channel_ids, kinds = ids_of(channels), list(kinds)
    policy = policy_for(school)
    grid: Grid = {}
    for pupil_id, its in facts.items():
        for channel_id in channel_ids:
            for kind in kinds:
                grid[(pupil_id, channel_id, kind)] = domain.consent_status(
                    its.records.get((channel_id, kind), ()), its.subject, on, policy
                )
    return grid


def ids_of(channels: Iterable[Channel | int]) -> list[int]:
    """The ids of channels given as objects or ids."""
    return [c if isinstance(c, int) else c.pk for c in channels]


def with_records(facts: dict[int, PupilFacts], records: list[ConsentRecord]) -> dict:
    """The facts as they are once these newly written records are added (no query)."""
    added: dict[int, dict] = {
        pupil_id: {key: list(rows) for key, rows in its.records.items()}
        for pupil_id, its in facts.items()
    }
    for r in records:
        added[r.pupil_id].setdefault((r.channel_id, r.kind), []).append(
            domain.ConsentRecord(
                decider_key(r), r.decision, r.decided_on, r.consent_text.version, r.pk
            )
        )
    return {pupil_id: PupilFacts(its.subject, added[pupil_id]) for pupil_id, its in facts.items()}


def for_occasion(facts: dict[int, PupilFacts], one_off: dict) -> dict[int, PupilFacts]:
    """The facts for one occasion the school asked about once (an activity on a channel):
    `one_off` maps (pupil id, channel id, kind) to the one-off answers as domain records;
    those cells count by `domain.for_one_occasion`, the others as they are. No query."""
    changed: dict[int, PupilFacts] = dict(facts)
    for (pupil_id, channel_id, kind), answers in one_off.items():
        its = changed.get(pupil_id)
        if its is None:
            continue
        records = dict(its.records)
        records[(channel_id, kind)] = domain.for_one_occasion(
            records.get((channel_id, kind), ()), answers
        )
        changed[pupil_id] = PupilFacts(its.subject, records)
    return changed


def pupils_for(school: School, *, class_ids: Iterable[int] | None = None) -> QuerySet[Pupil]:
    """Pupils currently at the school, optionally only of some groups."""
    pupils = Pupil.objects.filter(school=school, left_on__isnull=True).select_related(
        "school_class"
    )
    if class_ids is not None:
        pupils = pupils.filter(school_class_id__in=list(class_ids))
    return pupils.order_by("school_class__name", "last_name", "first_name")


def classes_visible(access) -> QuerySet[SchoolClass]:
    """The groups this staff member may see: all of them, or their own."""
    classes = SchoolClass.objects.filter(school=access.school)
    if not access.sees_all_groups:
        classes = classes.filter(pk__in=access.class_ids)
    return classes.order_by("name")


def pupil_visible(access, public_id) -> Pupil | None:
    pupil = (
        Pupil.objects.filter(school=access.school, public_id=public_id)
        .select_related("school_class")
        .first()
    )
    if pupil is None or not access.sees_class(pupil.school_class_id):
        return None
    return pupil


def pupils_matching(
    access, query: str, *, limit: int = 50, among: QuerySet[Pupil] | None = None
) -> list[Pupil]:
    """The pupils this staff member may see (or those of `among`) whose number is `query`
    or whose names hold each of its words (domain.search), pupils at school before those
    who left; at most `limit`. The school's names are compared here, not in SQL: accents
    and case alike on every database, for a few thousand short rows."""
    if among is not None:
        visible = among
    else:
        visible = Pupil.objects.filter(school=access.school)
        if not access.sees_all_groups:
            visible = visible.filter(school_class_id__in=access.class_ids)
    rows = visible.values_list("pk", "las_number", "first_name", "infix", "last_name", "left_on")
    found = sorted(
        (left_on is not None, search.normalised(last), search.normalised(first), pk)
        for pk, number, first, infix, last, left_on in rows
        if search.matches(query, number, first, infix, last)
    )[:limit]
    by_pk = Pupil.objects.select_related("school_class").in_bulk([row[-1] for row in found])
    return [by_pk[row[-1]] for row in found]


def history_for(pupil: Pupil) -> QuerySet[ConsentRecord]:
    return (
        ConsentRecord.objects.filter(pupil=pupil)
        .select_related("channel", "guardian", "recorded_by", "consent_text")
        .order_by("-decided_on", "-id")
    )


def active_flags(pupil: Pupil) -> QuerySet[PupilFlag]:
    return PupilFlag.objects.filter(pupil=pupil, lifted_on__isnull=True).order_by("set_on")


@dataclass(frozen=True)
class MailDue:
    guardian: Guardian
    pupils: list[Pupil]
    reminder: bool  # asked before in this round


def campaign_mails_due(
    school: School, campaign: ConsentCampaign | None, now: datetime
) -> tuple[list[MailDue], int]:
    """Who the consent round mails now (an invitation the first time, a reminder once
    `reminder_days` have passed), and how many wait for their next reminder. Without a
    campaign yet: everyone it would invite when started."""
    to_ask = guardians_to_ask(school, timezone.localdate(now))
    last_sent = {}
    if campaign is not None:
        last_sent = dict(
            CampaignMail.objects.filter(campaign=campaign)
            .values("guardian_id")
            .annotate(last=Max("sent_at"))
            .values_list("guardian_id", "last")
        )
    due, waiting = [], 0
    for guardian, pupils in sorted(to_ask.items(), key=lambda item: item[0].pk):
        previous = last_sent.get(guardian.pk)
        if previous is not None and now - previous < timedelta(days=campaign.reminder_days):
            waiting += 1
        else:
            due.append(MailDue(guardian, pupils, reminder=previous is not None))
    return due, waiting


def guardians_to_ask(school: School, on: date) -> dict[Guardian, list[Pupil]]:
    """Guardians with parental authority (and an e-mail address) who lack a valid answer for
    at least one channel and kind of at least one of their children under 16."""
    pupils = list(pupils_for(school))
    channels = list(channels_for(school))
    policy = policy_for(school)
    wanted: dict[int, list[Pupil]] = defaultdict(list)
    facts_by_pupil = pupil_facts(school, pupils, on)
    for pupil in pupils:
        facts = facts_by_pupil[pupil.pk]
        if domain.SELF in domain.deciders_for(facts.subject, on):
            continue
        for key in facts.subject.guardians_with_authority:
            if any(
                not domain.has_answered(facts.records.get((c.pk, k), ()), key, on, policy)
                for c in channels
                for k in KINDS
            ):
                wanted[int(key[1:])].append(pupil)
    guardians = Guardian.objects.filter(pk__in=wanted).exclude(email="").select_related("user")
    return {g: wanted[g.pk] for g in guardians}


def latest_answers(
    *, pupil: Pupil, guardian: Guardian | None
) -> dict[tuple[int, str], ConsentRecord]:
    """One decider's latest record per (channel id, kind), by decision date. `guardian` None
    means the pupil's own decisions."""
    records = (
        ConsentRecord.objects.filter(
            pupil=pupil, guardian=guardian, decided_by_self=guardian is None
        )
        .select_related("consent_text")
        .order_by("decided_on", "id")
    )
    return {(r.channel_id, r.kind): r for r in records}


def guardianships_of_user(user, *, former: bool = False) -> QuerySet[Guardianship]:
    """The children a logged-in guardian may see: only their own, at any school. With
    `former`, also children who left school: their guardians keep their consent history, the
    right to withdraw and to ask for removal (AVG art. 7(3)), and nothing else."""
    ships = Guardianship.objects.current().filter(guardian__user=user)
    if not former:
        ships = ships.filter(pupil__left_on__isnull=True)
    return ships.select_related("pupil__school", "pupil__school_class", "guardian").order_by(
        "pupil__left_on", "pupil__date_of_birth"
    )


def former_staff_schools(user) -> list[School]:
    """Schools this person worked at and left, where they once answered about their own
    image, voice or name: their consent page stays open to them there (AVG art. 7(3))."""
    answered = ConsentRecord.objects.filter(staff_member=user).values("school_id")
    return list(
        School.objects.filter(pk__in=answered, memberships__user=user)
        .exclude(
            pk__in=Membership.objects.filter(user=user, left_on__isnull=True).values("school_id")
        )
        .distinct()
        .order_by("name")
    )


def own_pupil_records(user, *, on: date) -> QuerySet[Pupil]:
    """The pupils this account is (a pupil decides for herself from 16, also after leaving
    school, for as long as anything of her can be published)."""
    return Pupil.objects.filter(
        user=user, date_of_birth__lte=years_before(on, domain.AGE_OF_CONSENT)
    ).select_related("school", "school_class")


def staff_latest_answers(*, school: School, user) -> dict[tuple[int, str], ConsentRecord]:
    """A staff member's own latest record per (channel id, kind)."""
    records = (
        ConsentRecord.objects.filter(school=school, staff_member=user)
        .select_related("consent_text", "channel")
        .order_by("decided_on", "id")
    )
    return {(r.channel_id, r.kind): r for r in records}


def staff_consent_grid(
    school: School,
    users: Iterable,
    channels: Iterable[Channel],
    on: date,
    kinds: Iterable[str] = KINDS,
) -> Grid:
    """(user id, channel id, kind) -> decision for staff, who always decide for themselves.
    `channels`: Channel objects or their ids."""
    users, channel_ids, kinds = list(users), ids_of(channels), list(kinds)
    rows = ConsentRecord.objects.filter(
        school=school, staff_member__in=[u.pk for u in users], channel__in=channel_ids
    ).values_list(
        "staff_member_id",
        "channel_id",
        "kind",
        "decision",
        "decided_on",
        "consent_text__version",
        "id",
    )
    return own_decisions_grid(school, rows, [u.pk for u in users], channel_ids, kinds, on)


def own_decisions_grid(school: School, rows, subject_ids, channel_ids, kinds, on: date) -> Grid:
    """(subject id, channel id, kind) -> decision for people who decide for themselves, as
    an adult does (staff; guests of an activity, media.GuestConsent), by the same rule as
    everyone: their latest answer, lapsing or asked again as the school's policy says.
    `rows`: (subject id, channel id, kind, decision, decided on, text version, sequence)."""
    policy = policy_for(school)
    records: dict[tuple[int, int, str], list[domain.ConsentRecord]] = defaultdict(list)
    for subject_id, channel_id, kind, decision, decided_on, version, pk in rows:
        records[(subject_id, channel_id, kind)].append(
            domain.ConsentRecord(domain.SELF, decision, decided_on, version, pk)
        )
    adult = domain.Subject(date_of_birth=None, guardians_with_authority=frozenset())
    return {
        (subject_id, channel_id, kind): domain.consent_status(
            records.get((subject_id, channel_id, kind), ()), adult, on, policy
        )
        for subject_id in subject_ids
        for channel_id in channel_ids
        for kind in kinds
    }
