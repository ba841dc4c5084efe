"""Recording a consent change and opening its takedowns: one transaction, under the school's
consent lock, which the registry write takes first (DOMAIN 4). The consent registry
(consent.services) only stores decisions and flags; the takedown ledger (takedowns.ledger)
finds every live placement they reach. Every caller that changes
consent (the portal, the staff screens, the imports, the flags) comes through here, so no
change is ever stored without its takedowns, and a publication racing it either went out
first (its placements are found) or sees the new consent."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from beeldwacht.consent import services as registry
from beeldwacht.media.guests import guest_consent_record
from beeldwacht.media.one_off import one_off_answer
from beeldwacht.takedowns.ledger import takedowns_for_consent_change, takedowns_for_guest_change


@transaction.atomic
def record_consent(*, pupil, now: datetime | None = None, **decision) -> list:
    """A guardian's, or a pupil's own, decisions (see `consent.services.consent_record`)."""
    now = now or timezone.now()
    recorded = registry.consent_record(pupil=pupil, now=now, **decision)
    if recorded.records:
        # The registry read the pupil's facts under the lock; they hold for today's ledger
        # unless the decision is dated earlier (a paper form entered later).
        today = decision["on"] == timezone.localdate(now)
        takedowns_for_consent_change(
            school=pupil.school,
            pupil_ids=[pupil.pk],
            by=decision["by"],
            now=now,
            known=recorded.facts if today else None,
        )
    return recorded.records


@transaction.atomic
def record_staff_consent(*, school, user, now: datetime | None = None, **decision) -> list:
    """A staff member's own decisions (see `consent.services.staff_consent_record`)."""
    now = now or timezone.now()
    created = registry.staff_consent_record(school=school, user=user, now=now, **decision)
    if created:
        takedowns_for_consent_change(school=school, staff_ids=[user.pk], by=decision["by"], now=now)
    return created


@transaction.atomic
def record_guest_consent(*, participant, now: datetime | None = None, **decision) -> list:
    """A guest's own answers about an activity's photos (see `media.guests`). A 'no' where
    the photos already went out opens their takedowns."""
    now = now or timezone.now()
    created = guest_consent_record(participant=participant, now=now, **decision)
    if any(not answer.decision for answer in created):
        takedowns_for_guest_change(participant=participant, by=decision["by"], now=now)
    return created


@transaction.atomic
def record_one_off(*, request, ship, now: datetime | None = None, **decision) -> list:
    """A guardian's answers to a one-off question (see `media.one_off`). A 'no' where the
    activity's photos already went out on that channel opens their takedowns: the ledger
    counts the one-off answers for that activity's publications."""
    now = now or timezone.now()
    created = one_off_answer(request=request, ship=ship, now=now, **decision)
    if any(not answer.decision for answer in created):
        takedowns_for_consent_change(
            school=ship.pupil.school, pupil_ids=[ship.pupil_id], by=decision["by"], now=now
        )
    return created


@transaction.atomic
def set_flag(*, pupil, by, **flag):
    """A safeguarding flag or a custody dispute stops publication at once."""
    created = registry.flag_set(pupil=pupil, by=by, **flag)
    takedowns_for_consent_change(school=pupil.school, pupil_ids=[pupil.pk], by=by)
    return created


@transaction.atomic
def choose_no_images(*, ship, wanted: bool, by, on):
    """A guardian's "niet fotograferen of filmen": what already shows the child comes down."""
    changed = registry.no_images_chosen(ship=ship, wanted=wanted, by=by, on=on)
    if changed is not None and wanted:
        takedowns_for_consent_change(school=ship.pupil.school, pupil_ids=[ship.pupil_id], by=by)
    return changed


@transaction.atomic
def import_consents(*, school, rows: list, problems: list, by, now: datetime | None = None):
    """Decisions from paper or another system, all or none."""
    now = now or timezone.now()
    report = registry.consent_import(school=school, rows=rows, problems=problems, by=by, now=now)
    if report.added:
        takedowns_for_consent_change(
            school=school, pupil_ids={row.pupil.pk for row in rows}, by=by, now=now
        )
    return report
