"""Guests of an activity decide about their own image, voice and name (DOMAIN 2, U5, A.5):
accompanying parents, volunteers and visitors are not on the roster, so their answers are
kept with the activity (media.GuestConsent), by the same rule as a staff member's own. The
takedowns a changed answer calls for are opened by takedowns.actions, which comes here."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.consent.services import Choice, changed_choices, consent_text_in_force
from beeldwacht.domain import consent as domain_consent
from beeldwacht.media.models import GuestConsent, Participant
from beeldwacht.media.selectors import guest_answers
from beeldwacht.media.services import require_activity
from beeldwacht.schools.locks import lock_consent


def may_answer_for(participant: Participant, by, method: str) -> None:
    """Signed in, only the guest herself, by the address the school has for her; on paper,
    staff who work with the activity."""
    if not participant.guest_name:
        raise InvalidInput(_("Pupils and staff answer in the consent registry."))
    if method == GuestConsent.Method.PORTAL:
        if not participant.guest_email or by.email.lower() != participant.guest_email.lower():
            raise PermissionDenied(_("Only the guest answers for themselves."))
    elif method == GuestConsent.Method.PAPER:
        require_activity(participant.activity, by)
    else:
        raise InvalidInput(_("Unknown way of answering."))


@transaction.atomic
def guest_consent_record(
    *,
    participant: Participant,
    choices: list[Choice],
    by,
    method: str,
    on: date,
    now: datetime | None = None,
) -> list[GuestConsent]:
    """Store the guest's changed answers, on the consent text in force that day, under the
    school's consent lock (the pages that show the activity's photos recompute)."""
    may_answer_for(participant, by, method)
    now = now or timezone.now()
    school = participant.activity.school
    text = consent_text_in_force(school, on)
    current = {
        cell: domain_consent.ConsentRecord(
            domain_consent.SELF, r.decision, r.decided_on, r.consent_text.version, r.pk
        )
        for cell, r in guest_answers(participant).items()
    }
    new = changed_choices(choices, current, text, on, school=school)
    if not new:
        return []
    lock_consent(school)
    created = GuestConsent.objects.bulk_create(
        GuestConsent(
            participant=participant,
            channel=choice.channel,
            kind=choice.kind,
            decision=choice.decision,
            decided_on=on,
            method=method,
            recorded_by=as_user(by),
            recorded_at=now,
            consent_text=text,
        )
        for choice in new
    )
    audit(
        AuditEvent.Type.CONSENT_RECORDED,
        by=by,
        school=school,
        subject=participant,
        data={
            "decider": "self",
            "guest": True,
            "method": method,
            "decided_on": on,
            "text_version": text.version,
            "decisions": [
                {"channel": c.channel.key, "kind": c.kind, "decision": c.decision} for c in new
            ],
        },
    )
    return created
