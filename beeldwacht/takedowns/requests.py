"""Removal requests: a guardian, or a pupil of 16 or older for herself, asks for one
placement to be taken down (the parent portal's *Waar staat …?*). One task for the
publication's owner, whatever the channel, and an acknowledgement mail."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.mail import send_or_log, templated_mail
from beeldwacht.domain.consent import AGE_OF_CONSENT
from beeldwacht.domain.schoolyear import age_on
from beeldwacht.people.keys import person_key
from beeldwacht.takedowns.ledger import PUBLISHED, notify_owners, open_entry, possible_appearances
from beeldwacht.takedowns.models import Mention, Placement, Takedown


@transaction.atomic
def takedowns_request(
    *, pupil, placement: Placement, guardian, note: str, by, now: datetime | None = None
) -> list[Takedown]:
    """A guardian with parental authority, or the pupil herself from 16 (`guardian` None),
    asks in one step for the pupil to be taken off one placement. A task for the
    publication's owner, whatever the channel (the school decides how: blur, withdraw, ask
    the medium), and an acknowledgement mail after commit. Asking twice while the first
    request is open adds nothing."""
    now = now or timezone.now()
    own = guardian is None
    if own:
        adult = age_on(pupil.date_of_birth, timezone.localdate(now)) >= AGE_OF_CONSENT
        if pupil.user_id is None or pupil.user_id != by.pk or not adult:
            raise PermissionDenied(_("You can only ask this for yourself."))
    else:
        ship = (
            pupil.guardianships.current().filter(guardian=guardian, parental_authority=True).first()
        )
        if ship is None or guardian.user_id is None or guardian.user_id != by.pk:
            raise PermissionDenied(_("You can only ask this for your own child."))
    shows = Mention.objects.filter(
        publication_id=placement.publication_id, channel_id=placement.channel_id, pupil=pupil
    ).exists() or (placement.publication_id, placement.channel_id, person_key(pupil.pk, None)) in (
        possible_appearances(school=pupil.school, pupil_ids=[pupil.pk])
    )
    if not shows or placement.publication.status != PUBLISHED:
        raise InvalidInput(
            _("You are not in this publication.")
            if own
            else _("Your child is not in this publication.")
        )
    if placement.removed_at is not None:
        raise InvalidInput(_("This has already been removed."))
    handled = Takedown.objects.filter(
        placement=placement,
        pupil=pupil,
        reason=Takedown.Reason.CONSENT,
        status__in=[Takedown.Status.AUTOMATIC, Takedown.Status.DONE],
    ).exists()
    if handled:
        raise InvalidInput(
            _(
                "Beeldwacht has already corrected this: you cannot be recognised or named "
                "there any more. Nothing else needs to be asked."
            )
            if own
            else _(
                "Beeldwacht has already corrected this: your child cannot be recognised or "
                "named there any more. Nothing else needs to be asked."
            )
        )
    open_request = Takedown.objects.filter(
        placement=placement, pupil=pupil, status=Takedown.Status.OPEN
    ).first()
    if open_request is not None:
        return [open_request]
    takedown = open_entry(
        placement,
        person_key(pupil.pk, None),
        Takedown.Reason.REQUEST,
        now=now,
        requested_by=guardian,
        request_note=note.strip()[:2000],
    )
    if takedown is None:
        return []
    takedown.save()
    audit(
        AuditEvent.Type.TAKEDOWN_OPENED,
        by=by,
        school=pupil.school,
        subject=takedown,
        data={
            "reason": takedown.reason,
            "placement": placement.public_id,
            "status": takedown.status,
            "asked_by": "self" if own else guardian.public_id,
        },
    )
    transaction.on_commit(lambda: _acknowledge(takedown, guardian, pupil))
    if takedown.status == Takedown.Status.OPEN:
        transaction.on_commit(lambda: notify_owners([takedown]))
    return [takedown]


def _acknowledge(takedown: Takedown, guardian, pupil) -> None:
    """After commit: a failed mail leaves the request standing (the page shows it too). To
    the guardian who asked, or to the pupil who asked for herself (`guardian` None)."""
    asker = guardian or pupil
    if not asker.email:
        return
    message = templated_mail(
        to=asker.email,
        language=asker.user.language if asker.user else "nl",
        template="takedowns/email/request",
        context={
            "name": guardian.name if guardian else pupil.first_name,
            "own": guardian is None,
            "pupil": pupil,
            "takedown": takedown,
            "placement": takedown.placement,
            "school": pupil.school,
        },
    )
    send_or_log(message, f"acknowledgement of takedown {takedown.public_id}")
