"""Writes for an activity's parents and companions. Each checks who takes it and is audited
in the same transaction; mail goes out first, outside any transaction, and each mail is
logged with whether the mail server took it."""

from datetime import datetime

from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.accounts.models import User
from beeldwacht.activities import selectors
from beeldwacht.activities.models import (
    Acceptance,
    CompanionRules,
    Invitation,
    MailingRecipient,
    ParentMailing,
    ParentText,
)
from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.mail import send_or_log, site_url, templated_mail
from beeldwacht.common.permissions import Capability
from beeldwacht.domain.letters import PLACES, fill, fingerprint, unknown_places
from beeldwacht.media.models import Activity, Participant
from beeldwacht.media.one_off import guardianships_asked, one_off_ask
from beeldwacht.media.services import require_activity
from beeldwacht.schools.access import require

MAX_SUBJECT = 200
MAX_BODY = 10_000


def _check_wording(subject: str, body: str, *, needs_subject: bool) -> tuple[str, str]:
    subject, body = " ".join(subject.split()), body.strip()
    if needs_subject and not subject:
        raise InvalidInput(_("A message needs a subject."))
    if not body:
        raise InvalidInput(_("A message needs a text."))
    if len(subject) > MAX_SUBJECT or len(body) > MAX_BODY:
        raise InvalidInput(
            _("The text is too long: at most %(most)s characters.") % {"most": MAX_BODY}
        )
    if unknown := unknown_places(subject + "\n" + body):
        raise InvalidInput(
            _("Unknown fill-in place %(found)s; these can be used: %(known)s.")
            % {
                "found": ", ".join(f"[{name}]" for name in unknown),
                "known": ", ".join(f"[{name}]" for name in PLACES),
            }
        )
    return subject, body


@transaction.atomic
def parent_text_save(*, school, key: str, subject: str, body: str, by) -> ParentText:
    """The school's own wording of a message or of the photo rules (settings)."""
    require(by, Capability.MANAGE_CHANNELS, school=school)
    if key not in selectors.TEXT_KEYS:
        raise InvalidInput(_("Unknown text."))
    is_message = key in Activity.Kind.values
    subject, body = _check_wording(subject, body, needs_subject=is_message)
    text, _created = ParentText.objects.update_or_create(
        school=school,
        key=key,
        defaults={
            "subject": subject if is_message else "",
            "body": body,
            "changed_by": as_user(by),
            "changed_at": timezone.now(),
        },
    )
    audit(
        AuditEvent.Type.PARENT_TEXT_CHANGED,
        by=by,
        school=school,
        subject=school,
        data={"key": key},
    )
    return text


def parents_inform(
    *, activity: Activity, subject: str, body: str, by, now: datetime | None = None
) -> ParentMailing:
    """Send the message and photo rules to the guardians of the pupils who take part, as the
    teacher worded them (fill-in places still in it are filled). One mail each, logged."""
    require_activity(activity, by)
    now = now or timezone.now()
    subject, body = _check_wording(subject, body, needs_subject=True)
    places = selectors.places_of(activity)
    # Filled in, a long activity name may make the subject longer than the log holds.
    subject, body = fill(subject, places)[:MAX_SUBJECT], fill(body, places)
    guardians = selectors.guardians_to_inform(activity, timezone.localdate(now))
    if not guardians:
        raise InvalidInput(_("No parent or guardian of the participants has an e-mail address."))
    sent = [
        (g, send_or_log(EmailMessage(subject=subject, body=body, to=[g.email]), "activity mail"))
        for g in guardians
    ]
    with transaction.atomic():
        mailing = ParentMailing.objects.create(
            activity=activity, subject=subject, body=body, sent_by=by, sent_at=now
        )
        MailingRecipient.objects.bulk_create(
            MailingRecipient(mailing=mailing, guardian=g, delivered=ok) for g, ok in sent
        )
        audit(
            AuditEvent.Type.PARENTS_INFORMED,
            by=by,
            school=activity.school,
            subject=activity,
            data={"guardians": len(sent), "delivered": sum(ok for _g, ok in sent)},
        )
    return mailing


def one_off_send(
    *, activity: Activity, channel, kinds: list[str], question: str, by, now=None
) -> ParentMailing:
    """Ask the guardians of the activity's pupils once for consent for this activity on one
    channel (DOMAIN 2), and mail each of them the question with the link to answer it. The
    mail is logged as the activity's other messages are."""
    request = one_off_ask(activity=activity, channel=channel, kinds=kinds, question=question, by=by)
    now = now or timezone.now()
    ships = list(guardianships_asked(request, timezone.localdate(now)))
    subject = (
        _("Question about %(activity)s: %(channel)s")
        % {"activity": activity.name, "channel": channel.name}
    )[:MAX_SUBJECT]
    sent, body = [], ""
    for guardian in {
        ship.guardian_id: ship.guardian for ship in ships if ship.guardian.email
    }.values():
        children = [ship.pupil for ship in ships if ship.guardian_id == guardian.pk]
        mail = templated_mail(
            to=guardian.email,
            language="nl",
            template="activities/email/one_off",
            context={
                "request": request,
                "activity": activity,
                "guardian": guardian,
                "links": [
                    (
                        child.first_name,
                        site_url(
                            reverse(
                                "portal:one_off",
                                kwargs={
                                    "pupil_id": child.public_id,
                                    "request_id": request.public_id,
                                },
                            )
                        ),
                    )
                    for child in children
                ],
            },
        )
        body = body or mail.body
        sent.append((guardian, send_or_log(mail, f"one-off {request.public_id}")))
    with transaction.atomic():
        mailing = ParentMailing.objects.create(
            activity=activity, subject=subject, body=body, sent_by=by, sent_at=now
        )
        MailingRecipient.objects.bulk_create(
            MailingRecipient(mailing=mailing, guardian=g, delivered=ok) for g, ok in sent
        )
    return mailing


@transaction.atomic
def rules_publish(*, school, body: str, by) -> CompanionRules:
    """A new wording of the rules companions accept: a new version, asked again."""
    require(by, Capability.MANAGE_CHANNELS, school=school)
    _subject, body = _check_wording("", body, needs_subject=False)
    current = selectors.current_rules(school)
    if current.pk and current.body == body:
        raise InvalidInput(_("The text has not changed."))
    version = current.version + 1 if current.pk else 1
    rules = CompanionRules.objects.create(
        school=school, version=version, body=body, published_at=timezone.now(), published_by=by
    )
    audit(
        AuditEvent.Type.COMPANION_RULES_PUBLISHED,
        by=by,
        school=school,
        subject=school,
        data={"version": version},
    )
    return rules


def _stored_rules(school) -> CompanionRules:
    """The current version, stored: the default text becomes version 1 when first used."""
    rules = selectors.current_rules(school)
    if rules.pk is None:  # get_or_create: two first uses at once store it once
        rules, _created = CompanionRules.objects.get_or_create(
            school=school,
            version=1,
            defaults={"body": rules.body, "published_at": timezone.now()},
        )
    return rules


def guests_invite(*, activity: Activity, by, now: datetime | None = None) -> int:
    """Mail every guest with an address who still has something to do a link to their page:
    their own consent for the activity's photos, and for an accompanying parent or volunteer
    the school's rules. They sign in with a code sent to that address; their account is
    made here, as the school invited them. Returns how many were mailed."""
    require_activity(activity, by)
    now = now or timezone.now()
    with transaction.atomic():
        rules = _stored_rules(activity.school)
    to_invite = [
        guest.participant
        for guest in selectors.guests_of(activity)
        if guest.waiting and guest.participant.guest_email
    ]
    if not to_invite:
        raise InvalidInput(_("Every guest with an e-mail address has already answered."))
    sent = []
    for participant in to_invite:
        if not User.objects.filter(email__iexact=participant.guest_email).exists():
            name = participant.guest_name[:150]
            User.objects.create_user(participant.guest_email, first_name=name)
        mail = templated_mail(
            to=participant.guest_email,
            language="nl",
            template="activities/email/invitation",
            context={
                "participant": participant,
                "activity": activity,
                "link": site_url(
                    reverse("portal:guest", kwargs={"participant_id": participant.public_id})
                ),
            },
        )
        sent.append((participant, send_or_log(mail, f"invitation {participant.public_id}")))
    with transaction.atomic():
        Invitation.objects.bulk_create(
            Invitation(
                participant=p,
                rules=rules if p.keeps_staff_rules else None,
                sent_by=by,
                sent_at=now,
                delivered=ok,
            )
            for p, ok in sent
        )
        audit(
            AuditEvent.Type.GUESTS_INVITED,
            by=by,
            school=activity.school,
            subject=activity,
            data={"invited": len(sent), "delivered": sum(ok for _p, ok in sent)},
        )
    return len(sent)


@transaction.atomic
def rules_accept(
    *, participant: Participant, version: int, by, method: str = Acceptance.Method.PORTAL
) -> Acceptance:
    """An accompanying parent or volunteer accepts the rules they were shown (`version`):
    signed in with their own address, or on paper, entered by staff of the activity."""
    activity = participant.activity
    if method == Acceptance.Method.PORTAL:
        if by.email.lower() != participant.guest_email.lower():
            raise PermissionDenied(_("Only the one invited accepts the rules."))
    elif method == Acceptance.Method.PAPER:
        require_activity(activity, by)
    else:
        raise InvalidInput(_("Unknown way of accepting."))
    if not participant.keeps_staff_rules:
        raise InvalidInput(_("Only accompanying parents and volunteers accept these rules."))
    rules = _stored_rules(activity.school)
    if rules.version != version:
        raise InvalidInput(_("The rules have changed since you opened them; read them again."))
    acceptance, created = Acceptance.objects.get_or_create(
        participant=participant,
        rules=rules,
        defaults={
            "text_sha256": fingerprint(rules.body),
            "method": method,
            "accepted_at": timezone.now(),
            "recorded_by": as_user(by),
        },
    )
    if created:
        audit(
            AuditEvent.Type.RULES_ACCEPTED,
            by=by,
            school=activity.school,
            subject=activity,
            data={"participant": participant.public_id, "version": rules.version, "method": method},
        )
    return acceptance
