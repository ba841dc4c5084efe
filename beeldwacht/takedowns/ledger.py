"""The takedown ledger: writes. When someone's consent for a channel stops holding (withdrawn,
refused, disputed, or a flag set), every live placement that shows or names them there gets
an entry: corrected at once on the channels Beeldwacht serves, "cannot be taken back" for
print, and a task with an owner and a deadline for everything else (domain.takedown).

`takedowns_for_consent_change` runs inside the consent write's transaction, under the
school's consent lock (takedowns.actions calls it): a consent change and its takedowns are
stored together or not at all, and a publication racing the change either went out first
(its placements are found here) or sees the new consent and stops. People are found from the
Mention facts recorded at publication, never by scanning texts or photos again.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import SYSTEM, as_user
from beeldwacht.common.errors import InvalidInput
from beeldwacht.common.mail import send_or_log, site_url, templated_mail
from beeldwacht.common.permissions import Capability
from beeldwacht.consent.models import Channel, Kind
from beeldwacht.domain import takedown as rules
from beeldwacht.domain.publication import State
from beeldwacht.media.models import Face, OneOffRequest, Participant
from beeldwacht.media.selectors import guest_consent_grid, person_statuses
from beeldwacht.people.keys import person_fields, person_key
from beeldwacht.schools.access import require
from beeldwacht.schools.locks import lock_consent
from beeldwacht.takedowns import removal_requests
from beeldwacht.takedowns.models import Mention, Placement, PublishedItem, Takedown

# A publication that is out (publications.models.Publication.Status.PUBLISHED; the ledger
# sits below publications and reads its state by value).
PUBLISHED = State.PUBLISHED.value

# Channels Beeldwacht publishes itself: their pages compute consent when served.
BUILT_IN = frozenset({"website", "parent_app"})

_KIND_OF_MENTION = {
    Mention.Kind.IMAGE: Kind.IMAGE,
    Mention.Kind.NAME: Kind.NAME,
    Mention.Kind.SOUND: Kind.SOUND,
}


def affected_placements(*, school, pupil_ids=(), staff_ids=(), on, known=None) -> list[tuple]:
    """(placement, person key, possible) for every live placement of a published publication
    that shows or names one of these people on a channel where their consent no longer holds.
    `possible`: nobody identified them in it, but an item of an activity they took part in
    went out with faces nobody identified (the fast review's "one of those with consent").
    A fixed number of queries, whatever the number of publications, and a few more for each
    activity that asked once about a channel it went out on. `known`: consent facts of these
    pupils just read under the lock (see `media.selectors.person_statuses`)."""
    mentions = list(
        Mention.objects.filter(
            Q(pupil_id__in=list(pupil_ids)) | Q(staff_member_id__in=list(staff_ids)),
            publication__school=school,
            publication__status=PUBLISHED,
        ).only("publication_id", "channel_id", "kind", "pupil_id", "staff_member_id")
    )
    shown = {
        (m.publication_id, m.channel_id, m.person_key, _KIND_OF_MENTION[m.kind]) for m in mentions
    }
    possible = possible_appearances(school=school, pupil_ids=pupil_ids, staff_ids=staff_ids) - {
        (p, c, key) for p, c, key, kind in shown if kind == Kind.IMAGE
    }
    facts = shown | {(p, c, key, Kind.IMAGE) for p, c, key in possible}
    if not facts:
        return []
    keys = {key for _p, _c, key, _k in facts}
    channel_ids = sorted({c for _p, c, _key, _k in facts})
    kinds = list(_KIND_OF_MENTION.values())
    statuses = person_statuses(school, keys, channel_ids, on, kinds, known=known)
    occasions = _one_off_occasions({p for p, _c, _key, _k in facts})
    # An activity's publication on a channel the activity asked about once: its pupils'
    # one-off answers count there (domain.consent.for_one_occasion).
    asked = {
        activity_id: person_statuses(
            school, keys, channel_ids, on, kinds, known=known, activity=activity_id
        )
        for activity_id in set(occasions.values())
    }
    lost: dict[tuple[int, int], dict[str, bool]] = {}
    for publication_id, channel_id, key, kind in facts:
        occasion = occasions.get((publication_id, channel_id))
        counted = statuses if occasion is None else asked[occasion]
        status = counted.get((key, channel_id, kind))
        if status is None or not status.allows_publication:
            is_possible = (publication_id, channel_id, key) in possible
            found = lost.setdefault((publication_id, channel_id), {})
            found[key] = found.get(key, True) and is_possible  # shown for sure wins
    placements = Placement.objects.filter(
        publication_id__in={p for p, _c in lost}, removed_at__isnull=True
    ).select_related(
        "channel", "publication__school", "publication__decided_by", "publication__author"
    )
    return [
        (placement, key, maybe)
        for placement in placements
        for key, maybe in sorted(
            lost.get((placement.publication_id, placement.channel_id), {}).items()
        )
    ]


def _one_off_occasions(publication_ids) -> dict:
    """(publication id, channel id) -> the id of the publication's activity, where that
    activity asked its pupils' guardians once about that channel (media.OneOffRequest).
    One query."""
    asked = OneOffRequest.objects.filter(
        activity_id=OuterRef("publication__activity_id"), channel_id=OuterRef("channel_id")
    )
    return {
        (publication_id, channel_id): activity_id
        for publication_id, channel_id, activity_id in Placement.objects.filter(
            publication_id__in=publication_ids
        )
        .filter(Exists(asked))
        .values_list("publication_id", "channel_id", "publication__activity_id")
        .distinct()
    }


def possible_appearances(*, school, pupil_ids=(), staff_ids=()) -> set[tuple[int, int, str]]:
    """(publication id, channel id, person key) where one of these people may be shown without
    being identified: a published item of an activity they took part in, that went out with
    faces nobody identified, in which they were neither identified nor looked for by the
    review (those without consent then were on its list, and confirmed not to be there).
    One query: published items joined with the activity's participants."""
    if not pupil_ids and not staff_ids:
        return set()
    took_part = "item__activity__participants__"
    rows = (
        PublishedItem.objects.filter(
            publication__school=school, publication__status=PUBLISHED, unidentified_faces__gt=0
        )
        .annotate(
            took_part_pupil=F(took_part + "pupil_id"),
            took_part_staff=F(took_part + "staff_member_id"),
        )
        .filter(Q(took_part_pupil__in=list(pupil_ids)) | Q(took_part_staff__in=list(staff_ids)))
        .annotate(
            identified=Exists(
                Face.objects.filter(item_id=OuterRef("item_id")).filter(
                    Q(pupil_id=OuterRef("took_part_pupil"))
                    | Q(staff_member_id=OuterRef("took_part_staff"))
                )
            )
        )
        .values_list(
            "publication_id", "channel_id", "checked", "took_part_pupil", "took_part_staff"
        )
        .filter(identified=False)
    )
    return {
        (publication_id, channel_id, key)
        for publication_id, channel_id, checked, pupil_id, staff_id in rows
        if (key := person_key(pupil_id, staff_id)) not in checked
    }


def takedowns_for_consent_change(
    *, school, pupil_ids=(), staff_ids=(), by, now: datetime | None = None, known=None
) -> list[Takedown]:
    """Open the ledger entries this consent change calls for. Idempotent: a placement and
    person already in the ledger are skipped, so recording the same refusal twice (or a
    refusal after a flag) adds nothing. `known`: the pupils' consent facts of today, when
    the caller has just read them under the lock."""
    now = now or timezone.now()
    found = affected_placements(
        school=school,
        pupil_ids=pupil_ids,
        staff_ids=staff_ids,
        on=timezone.localdate(now),
        known=known,
    )
    if not found:
        return []
    existing = {
        (placement_id, person_key(pupil_id, staff_id))
        for placement_id, pupil_id, staff_id in Takedown.objects.filter(
            placement__in={p for p, _k, _m in found}, reason=Takedown.Reason.CONSENT
        ).values_list("placement_id", "pupil_id", "staff_member_id")
    }
    drafts: dict = {}  # one removal request per placement and person
    opened = [
        open_entry(placement, key, Takedown.Reason.CONSENT, now=now, drafts=drafts, possible=maybe)
        for placement, key, maybe in found
        if (placement.pk, key) not in existing
    ]
    return _store(opened, Takedown.Reason.CONSENT, by=by, school=school, subject=school)


def takedowns_for_guest_change(*, participant, by, now: datetime | None = None) -> list[Takedown]:
    """A guest of an activity said no to a channel after it went out there: every live
    placement of an item of that activity that was published with faces nobody identified,
    and whose review did not look for the guest, may show them. Guests are never identified
    on a face (marked, they are blurred as outsiders), so these are the only places. One
    entry per placement and guest; no name goes into the request to a medium."""
    now = now or timezone.now()
    activity = participant.activity
    rows = PublishedItem.objects.filter(
        publication__school=activity.school,
        publication__status=PUBLISHED,
        item__activity=activity,
        unidentified_faces__gt=0,
    ).values_list("publication_id", "channel_id", "checked")
    maybe = {(p, c) for p, c, checked in rows if participant.person_key not in checked}
    if not maybe:
        return []
    grid = guest_consent_grid(
        activity.school, [participant.pk], {c for _p, c in maybe}, timezone.localdate(now)
    )
    lost = {
        (p, c)
        for p, c in maybe
        if not grid[(participant.pk, c, Kind.IMAGE)].status.allows_publication
    }
    done = set(
        Takedown.objects.filter(guest=participant, reason=Takedown.Reason.CONSENT).values_list(
            "placement_id", flat=True
        )
    )
    placements = Placement.objects.filter(
        publication_id__in={p for p, _c in lost}, removed_at__isnull=True
    ).select_related("channel", "publication__school", "publication__decided_by")
    drafts: dict = {}
    opened = [
        open_entry(
            placement,
            None,
            Takedown.Reason.CONSENT,
            now=now,
            drafts=drafts,
            possible=True,
            guest=participant,
        )
        for placement in placements
        if (placement.publication_id, placement.channel_id) in lost and placement.pk not in done
    ]
    return _store(opened, Takedown.Reason.CONSENT, by=by, school=activity.school, subject=activity)


@transaction.atomic
def takedowns_for_transitions(*, school, now: datetime) -> list[Takedown]:
    """Consent that ended without anyone writing: the yearly lapse on 1 August, 'ask again'
    after a material change of the text, a pupil who left, a change of parental authority.
    Runs the ledger over everyone who is, or may be, in something published; the ledger skips
    what it already holds, so running it daily (or twice) opens each entry once."""
    lock_consent(school)
    published = {"publication__school": school, "publication__status": PUBLISHED}
    shown = Mention.objects.filter(**published).values_list("pupil_id", "staff_member_id")
    took_part = Participant.objects.filter(
        activity__items__in=PublishedItem.objects.filter(
            **published, unidentified_faces__gt=0
        ).values("item_id")
    ).values_list("pupil_id", "staff_member_id")
    people = set(shown) | set(took_part)
    opened = takedowns_for_consent_change(
        school=school,
        pupil_ids={p for p, _s in people if p},
        staff_ids={s for _p, s in people if s},
        by=SYSTEM,
        now=now,
    )
    return opened


def takedowns_for_withdrawal(*, publication, by, now: datetime) -> list[Takedown]:
    """The school withdrew the publication: Beeldwacht's own pages are taken down by the
    caller; every other live placement gets one entry for the whole publication (a task with
    the drafted request for external media, "cannot be taken back" for print). Runs in the
    withdrawal's transaction."""
    placements = publication.placements.filter(removed_at__isnull=True).exclude(
        channel__key__in=BUILT_IN
    )
    done = set(
        Takedown.objects.filter(
            placement__publication=publication, reason=Takedown.Reason.WITHDRAWN
        ).values_list("placement_id", flat=True)
    )
    opened = [
        open_entry(placement, None, Takedown.Reason.WITHDRAWN, now=now)
        for placement in placements.select_related("channel", "publication")
        if placement.pk not in done
    ]
    return _store(
        opened, Takedown.Reason.WITHDRAWN, by=by, school=publication.school, subject=publication
    )


def _store(opened: list, reason: str, *, by, school, subject) -> list[Takedown]:
    """Save the entries `open_entry` made (None: nothing to do), audit them in one event, and
    tell the owners after commit: their tasks, and the publications whose unidentified
    faces Beeldwacht's own pages now blur until someone reviews them again."""
    opened = [t for t in opened if t is not None]
    Takedown.objects.bulk_create(opened, batch_size=1000)
    if opened:
        audit(
            AuditEvent.Type.TAKEDOWN_OPENED,
            by=by,
            school=school,
            subject=subject,
            data={
                "reason": reason,
                "takedowns": [
                    {"id": t.public_id, "placement": t.placement.public_id, "status": t.status}
                    for t in opened
                ],
            },
        )
        tasks = [t for t in opened if t.status == Takedown.Status.OPEN]
        blurred = [t for t in opened if t.status == Takedown.Status.AUTOMATIC and t.possible]
        if tasks or blurred:
            transaction.on_commit(lambda: notify_owners(tasks, blurred=blurred))
    return opened


def takedowns_remind(*, school, today) -> tuple[int, int]:
    """Mail each owner of an overdue takedown the list of them (run daily). Returns (owners
    mailed, mails failed)."""
    overdue = list(
        overdue_takedowns(school, today=today).select_related(
            "placement__publication__school", "placement__channel"
        )
    )
    return notify_owners(overdue, overdue=True)


# A mail lists at most this many placements and publications; the rest are on the task
# list behind the link (on 1 August a whole year of news can be in one mail otherwise).
MAIL_LINES = 30


def notify_owners(
    tasks: list[Takedown], *, blurred: list[Takedown] = (), overdue: bool = False
) -> tuple[int, int]:
    """Tell each owner, in one mail, the placements they have to take care of (or overdue)
    with the deadlines and the number of people, and the publications on Beeldwacht's own
    pages that wait for a new review (their unidentified faces are blurred until then). The
    mail names no child; the task page does, behind the login."""
    by_owner: dict = {}
    for task in tasks:
        if task.owner_id is not None:
            lines = by_owner.setdefault(task.owner_id, ({}, {}))[0]
            line = lines.setdefault(
                task.placement_id,
                {"placement": task.placement, "due": task.due_on, "people": 0, "possible": True},
            )
            line["people"] += 1
            line["due"] = min(line["due"], task.due_on)
            line["possible"] = line["possible"] and task.possible
    for entry in blurred:
        publication = entry.placement.publication
        owner_id = publication.decided_by_id or publication.author_id
        to_review = by_owner.setdefault(owner_id, ({}, {}))[1]
        to_review[publication.pk, entry.placement.channel.key] = publication
    from beeldwacht.accounts.models import User

    sent = failed = 0
    for owner in User.objects.filter(pk__in=by_owner):
        lines, to_review = by_owner[owner.pk]
        lines = sorted(lines.values(), key=lambda line: (line["due"], line["placement"].pk))
        school = (
            lines[0]["placement"].publication if lines else next(iter(to_review.values()))
        ).school
        link = site_url(reverse("publications:takedowns", kwargs={"brin": school.brin}))
        message = templated_mail(
            to=owner.email,
            language=owner.language,
            template="takedowns/email/takedown",
            context={
                "owner": owner,
                "tasks": lines[:MAIL_LINES],
                "task_count": sum(line["people"] for line in lines),
                "more_tasks": max(0, len(lines) - MAIL_LINES),
                "to_review": [
                    (p, site_url(review_url(p, channel_key)))
                    for (_pk, channel_key), p in list(to_review.items())[:MAIL_LINES]
                ],
                "more_to_review": max(0, len(to_review) - MAIL_LINES),
                "school": school,
                "link": link,
                "overdue": overdue,
            },
        )
        if send_or_log(message, f"takedown notice for user {owner.public_id}"):
            sent += 1
        else:
            failed += 1
    return sent, failed


def review_url(publication, channel_key: str) -> str:
    """Where the owner looks again after a withdrawal: the exception review of the
    publication's activity for that channel, which opens on the photos that wait for it
    (the publication's page when it has no activity)."""
    if publication.activity_id is None:
        return reverse(
            "publications:detail",
            kwargs={"brin": publication.school.brin, "publication_id": publication.public_id},
        )
    return reverse(
        "media:review",
        kwargs={
            "brin": publication.school.brin,
            "activity_id": publication.activity.public_id,
            "channel_key": channel_key,
        },
    )


def open_entry(
    placement: Placement, key: str | None, reason: str, *, now, drafts=None, **extra
) -> Takedown | None:
    """An unsaved entry for this placement and person (None: the whole publication)."""
    fact = rules.PlacementFact(
        built_in=placement.channel.key in BUILT_IN and reason == Takedown.Reason.CONSENT,
        printed=placement.printed,
        removed=placement.removed_at is not None,
        external=placement.channel.owner == Channel.Owner.EXTERNAL,
    )
    handling = rules.handling(fact)
    if handling is None:
        return None
    takedown = Takedown(
        school_id=placement.publication.school_id,
        placement=placement,
        **(person_fields(key) if key else {}),
        reason=reason,
        opened_at=now,
        **extra,
    )
    if handling is rules.Handling.TASK:
        publication = placement.publication
        takedown.status = Takedown.Status.OPEN
        takedown.owner_id = publication.decided_by_id or publication.author_id
        takedown.due_on = rules.due_on(timezone.localdate(now), external=fact.external)
        if fact.external:
            drafts = {} if drafts is None else drafts
            draft_key = (placement.pk, reason, key, takedown.possible)
            if draft_key not in drafts:
                drafts[draft_key] = removal_requests.draft(
                    placement, reason, key, possible=takedown.possible
                )
            takedown.removal_request = drafts[draft_key]
    else:
        takedown.status = (
            Takedown.Status.AUTOMATIC
            if handling is rules.Handling.AUTOMATIC
            else Takedown.Status.NOT_RETRACTABLE
        )
        takedown.closed_at = now
    return takedown


def settle(takedowns, *, by, note: str, at) -> int:
    """Mark these open takedowns done, with what was done and by whom. The caller audits."""
    return takedowns.filter(status=Takedown.Status.OPEN).update(
        status=Takedown.Status.DONE, closed_at=at, closed_by=as_user(by), note=note
    )


@transaction.atomic
def takedown_close(
    *, takedown: Takedown, by, note: str, whole_placement: bool = False, not_shown: bool = False
) -> Takedown:
    """The owner (or anyone who approves publications) records what was done. With
    `whole_placement` the placement itself is gone, which settles every task on it. With
    `not_shown` the owner checked a possible appearance: the person is not recognisable in
    it, so nothing has to come down (recorded, with who checked)."""
    require(by, Capability.APPROVE_PUBLICATION, school=takedown.school)
    locked = Takedown.objects.select_for_update().get(pk=takedown.pk)
    if locked.status != Takedown.Status.OPEN:
        raise InvalidInput(_("This takedown was already closed."))
    now = timezone.now()
    if not_shown:
        if not locked.possible:
            raise InvalidInput(_("Only a check whether someone is in it can end this way."))
        Takedown.objects.filter(pk=locked.pk).update(
            status=Takedown.Status.NOT_SHOWN,
            closed_at=now,
            closed_by=as_user(by),
            note=note.strip() or _("Checked: not recognisable in these photos."),
        )
        audit(
            AuditEvent.Type.TAKEDOWN_CLOSED,
            by=by,
            school=locked.school,
            subject=locked,
            data={"closed": [locked.public_id], "not_shown": True},
        )
        takedown.refresh_from_db()
        return takedown
    if not note.strip():
        raise InvalidInput(_("Say what was done, for the ledger."))
    closing = Takedown.objects.filter(pk=locked.pk)
    # The whole publication was withdrawn: done means the placement itself is gone.
    whole_placement = whole_placement or locked.reason == Takedown.Reason.WITHDRAWN
    if whole_placement:
        placement = locked.placement
        placement.removed_at = now
        placement.save(update_fields=["removed_at"])
        closing = placement.takedowns.filter(status=Takedown.Status.OPEN)
    closed = list(closing.values_list("public_id", flat=True))
    settle(closing, by=by, note=note.strip(), at=now)
    audit(
        AuditEvent.Type.TAKEDOWN_CLOSED,
        by=by,
        school=locked.school,
        subject=locked,
        data={"closed": closed, "placement_removed": whole_placement},
    )
    takedown.refresh_from_db()
    return takedown


def is_overdue(takedown: Takedown, *, today) -> bool:
    return takedown.status == Takedown.Status.OPEN and takedown.due_on < today


def open_takedowns(school):
    return Takedown.objects.filter(school=school, status=Takedown.Status.OPEN)


def overdue_takedowns(school, *, today):
    """The open tasks past their due day (`is_overdue`, for many at once)."""
    return open_takedowns(school).filter(due_on__lt=today)
