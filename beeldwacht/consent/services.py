"""Writes to the consent registry. Invariants: records are append-only; every change is
audited in the same transaction; whoever records a decision must be allowed to (a guardian
with parental authority for their own child, or staff with RECORD_CONSENT). A registry: it
opens no takedowns and imports no publications code; whoever changes consent calls
`beeldwacht.takedowns.actions`, which stores the change and its takedowns together."""

import hashlib
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.mail import mailers
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import SYSTEM, as_user
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.mail import site_url, templated_mail
from beeldwacht.common.permissions import Capability
from beeldwacht.consent import selectors
from beeldwacht.consent.defaults import DEFAULT_CHANNELS, DEFAULT_CONSENT_TEXT
from beeldwacht.consent.models import (
    CampaignMail,
    Channel,
    ConsentCampaign,
    ConsentRecord,
    ConsentText,
    Kind,
    PupilFlag,
)
from beeldwacht.consent.selectors import PupilFacts, decider_key_of
from beeldwacht.domain import consent as domain_consent
from beeldwacht.domain.consent import AGE_OF_CONSENT
from beeldwacht.domain.consent import Status as DomainStatus
from beeldwacht.domain.schoolyear import age_on, early_in_school_year, school_year_start
from beeldwacht.people.models import Guardian, Guardianship, Pupil
from beeldwacht.schools.access import has_left, require
from beeldwacht.schools.locks import lock_consent
from beeldwacht.schools.models import Membership, School
from beeldwacht.schools.school_accounts import served_by_any

logger = logging.getLogger(__name__)


def channels_create_defaults(*, school: School) -> None:
    """Give a new school the standard channels and a first consent text (no audit: part of
    school creation, which is audited itself)."""
    for position, (key, name, audience, owner, description) in enumerate(DEFAULT_CHANNELS):
        Channel.objects.get_or_create(
            school=school,
            key=key,
            defaults={
                "name": _(name),
                "audience": audience,
                "owner": owner,
                "description": _(description),
                "position": position,
            },
        )
    if not ConsentText.objects.filter(school=school).exists():
        ConsentText.objects.create(
            school=school, version=1, body=DEFAULT_CONSENT_TEXT, published_at=timezone.now()
        )


def current_consent_text(school: School) -> ConsentText:
    return ConsentText.objects.filter(school=school).order_by("-version").first()


def consent_text_in_force(school: School, on: date) -> ConsentText:
    """The version someone deciding on day `on` was shown: the newest published on or before
    that day (the first version for a day before any). A paper form signed in June under v1
    and entered in September stays tied to v1 (DOMAIN 2)."""
    return _in_force(list(ConsentText.objects.filter(school=school)), on)


def _in_force(texts: list[ConsentText], on: date) -> ConsentText:
    by_version = sorted(texts, key=lambda t: t.version)
    shown = [t for t in by_version if timezone.localdate(t.published_at) <= on]
    return shown[-1] if shown else by_version[0]


def consent_text_version(school: School, version: int) -> ConsentText:
    text = ConsentText.objects.filter(school=school, version=version).first()
    if text is None:
        raise InvalidInput(
            _("There is no version %(version)d of the consent text.") % {"version": version}
        )
    return text


@transaction.atomic
def consent_text_publish(*, school: School, body: str, material_change: bool, by) -> ConsentText:
    """A new version of the consent text. With `material_change`, grants on earlier versions
    become `reask` (DOMAIN 2: purposes changed, ask again)."""
    require(by, Capability.MANAGE_CHANNELS, school=school)
    if not body.strip():
        raise InvalidInput(_("The consent text cannot be empty."))
    lock_consent(school)
    latest = ConsentText.objects.filter(school=school).aggregate(v=Max("version"))["v"] or 0
    text = ConsentText.objects.create(
        school=school,
        version=latest + 1,
        body=body,
        material_change=material_change,
        published_at=timezone.now(),
        published_by=as_user(by),
    )
    if material_change:
        School.objects.filter(pk=school.pk).update(reask_below_version=text.version)
        school.reask_below_version = text.version
    audit(
        AuditEvent.Type.CONSENT_TEXT_PUBLISHED,
        by=by,
        school=school,
        subject=("consent.consenttext", text.pk),
        data={"version": text.version, "material_change": material_change},
    )
    return text


@dataclass(frozen=True)
class Choice:
    """One answer: this channel, this kind, yes or no."""

    channel: Channel
    kind: str
    decision: bool


def changed_choices(
    choices: list[Choice], current: dict, text: ConsentText, on: date, *, school
) -> list[Choice]:
    """The choices that differ from the decider's current answer (`domain.ConsentRecord`s by
    (channel id, kind)). The same answer is recorded again only in a new school year or on a
    new consent text (lapse and re-ask need it)."""
    changed = []
    for choice in choices:
        if choice.channel.school_id != school.pk or choice.kind not in Kind.values:
            raise InvalidInput(_("Unknown channel or kind."))
        previous = current.get((choice.channel.pk, choice.kind))
        if (
            previous is not None
            and previous.decision == choice.decision
            and previous.text_version == text.version
            and school_year_start(previous.decided_on) == school_year_start(on)
        ):
            continue
        changed.append(choice)
    return changed


def _still_yes(current: dict, choice: Choice) -> bool:
    previous = current.get((choice.channel.pk, choice.kind))
    return previous is not None and previous.decision


@transaction.atomic
def staff_consent_record(
    *, school: School, user, choices: list[Choice], by, on: date, now: datetime | None = None
) -> list[ConsentRecord]:
    """A staff member's own decisions about their image, voice and name (they decide for
    themselves, DOMAIN 2). Only they can record them, through their own page. Someone who
    left the school can still withdraw (AVG art. 7(3)), not give new consent."""
    now = now or timezone.now()
    if by is not SYSTEM and by.pk != user.pk:
        raise PermissionDenied(_("You can only record your own decisions."))
    if not Membership.objects.filter(school=school, user=user).exists():
        raise PermissionDenied(_("You do not work at this school."))
    text = current_consent_text(school)
    current = {
        cell: domain_consent.ConsentRecord(
            domain_consent.SELF, r.decision, r.decided_on, r.consent_text.version, r.pk
        )
        for cell, r in selectors.staff_latest_answers(school=school, user=user).items()
    }
    new = changed_choices(choices, current, text, on, school=school)
    if has_left(user, school):
        # A 'yes' that stands is left as it is (not renewed); a new 'yes' is refused.
        if any(c.decision and not _still_yes(current, c) for c in new):
            raise InvalidInput(
                _("You no longer work at this school: you can withdraw consent, not give it.")
            )
        new = [c for c in new if not c.decision]
    if new:
        lock_consent(school)
    created = _write(
        school=school,
        subject={"staff_member": user},
        audit_subject=("accounts.user", user.pk),
        guardian=None,
        choices=new,
        by=by,
        method=ConsentRecord.Method.PORTAL,
        on=on,
        now=now,
        text=text,
    )
    return created


def _write(
    *, school, subject: dict, audit_subject, guardian, choices, by, method, on, now, text
) -> list[ConsentRecord]:
    """Store one decider's changed choices and one audit event listing them. The caller
    holds the school's consent lock."""
    created = [
        ConsentRecord.objects.create(
            school=school,
            **subject,
            channel=choice.channel,
            kind=choice.kind,
            decision=choice.decision,
            decided_on=on,
            guardian=guardian,
            decided_by_self=guardian is None,
            method=method,
            recorded_by=as_user(by),
            recorded_at=now,
            consent_text=text,
        )
        for choice in choices
    ]
    if created:
        audit(
            AuditEvent.Type.CONSENT_RECORDED,
            by=by,
            school=school,
            subject=audit_subject,
            data={
                "decider": guardian.public_id if guardian else "self",
                "method": method,
                "decided_on": on,
                "text_version": text.version,
                "decisions": [
                    {
                        "record": r.public_id,
                        "channel": r.channel.key,
                        "kind": r.kind,
                        "decision": r.decision,
                    }
                    for r in created
                ],
            },
        )
    return created


def _audit_new_disputes(pupil, choices, before, after, *, by) -> None:
    """Guardians who now disagree stop publication; the dispute itself is logged (DOMAIN 2)."""
    disputed = sorted(
        {
            (c.channel.key, c.kind)
            for c in choices
            if after[(pupil.pk, c.channel.pk, c.kind)].status is DomainStatus.DISPUTED
            and before[(pupil.pk, c.channel.pk, c.kind)].status is not DomainStatus.DISPUTED
        }
    )
    if disputed:
        audit(
            AuditEvent.Type.CONSENT_DISPUTED,
            by=by,
            school=pupil.school,
            subject=pupil,
            data={"cells": [{"channel": ch, "kind": k} for ch, k in disputed]},
        )


def _check_decider(
    *, pupil: Pupil, guardian: Guardian | None, by, method: str, on: date, facts: PupilFacts
) -> None:
    if method in (ConsentRecord.Method.PORTAL,):
        # Guardians use the portal for themselves, and so does a pupil from 16.
        user_id = pupil.user_id if guardian is None else guardian.user_id
        if user_id is None or user_id != by.pk:
            raise PermissionDenied(_("You can only record your own decisions."))
    else:
        require(by, Capability.RECORD_CONSENT, school=pupil.school)
    if guardian is not None:
        if decider_key_of(guardian) in facts.subject.guardians_with_authority:
            return
        if Guardianship.objects.on(on).filter(pupil=pupil, guardian=guardian).exists():
            raise InvalidInput(
                _("This guardian has no parental authority and cannot decide for the pupil.")
            )
        raise InvalidInput(_("This person is not a guardian of this pupil."))
    elif age_on(pupil.date_of_birth, on) < AGE_OF_CONSENT:
        raise InvalidInput(_("Pupils under 16 do not decide for themselves; their guardians do."))


def _check_guardian_may(pupil: Pupil, new: list[Choice], on: date, facts: PupilFacts) -> None:
    """From 16 the pupil decides; until she has, her guardians' answers stand and they can
    still withdraw them (AVG art. 7(3)), not give new ones. After she left school her
    guardians can withdraw, nothing else."""
    adult = age_on(pupil.date_of_birth, on) >= AGE_OF_CONSENT
    if adult and selectors.answers_of(facts, domain_consent.SELF):
        raise InvalidInput(_("From 16 the pupil decides; guardians no longer do."))
    if any(choice.decision for choice in new):
        if adult:
            raise InvalidInput(
                _(
                    "From 16 the pupil decides: you can still withdraw what you gave, not give "
                    "new consent."
                )
            )
        if pupil.left_on is not None:
            raise InvalidInput(
                _("Your child has left the school: you can withdraw consent, not give it.")
            )


@dataclass(frozen=True)
class Recorded:
    """What `consent_record` stored, and the pupil's consent facts as they are now (on the
    decision date), so the takedown ledger need not read them again."""

    records: list[ConsentRecord]
    facts: dict[int, PupilFacts]


def consent_record(
    *,
    pupil: Pupil,
    choices: list[Choice],
    guardian: Guardian | None,
    by,
    method: str,
    on: date,
    consent_text: ConsentText | None = None,
    now: datetime | None = None,
) -> Recorded:
    """Record one decider's decisions for one pupil, all or nothing. `guardian` None means
    the pupil decides (16+). `consent_text`: the version the decider saw or signed; by
    default the one in force on `on`. Choices equal to the decider's current answer are
    skipped, so saving an unchanged form adds nothing to the history.

    Runs in the transaction of `takedowns.actions.record_consent`, which opens the takedowns
    of the same change (no savepoint of its own: one write, one transaction). The consent
    lock comes first, so the facts read after it are the ones the change is stored on."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("consent_record runs inside takedowns.actions.record_consent")
    now = now or timezone.now()
    if on > timezone.localdate(now):
        raise InvalidInput(_("A decision cannot be dated in the future."))
    lock_consent(pupil.school)
    facts = selectors.pupil_facts(pupil.school, [pupil], on)
    _check_decider(
        pupil=pupil, guardian=guardian, by=by, method=method, on=on, facts=facts[pupil.pk]
    )
    text = consent_text or consent_text_in_force(pupil.school, on)
    if text.school_id != pupil.school_id:
        raise InvalidInput(_("Unknown consent text."))
    current = selectors.answers_of(facts[pupil.pk], decider_key_of(guardian))
    new = changed_choices(choices, current, text, on, school=pupil.school)
    if guardian is not None:
        _check_guardian_may(pupil, new, on, facts[pupil.pk])
    if not new:
        return Recorded([], facts)
    channels = list({c.channel.pk: c.channel for c in new}.values())
    before = selectors.grid_of(pupil.school, facts, channels, on)
    created = _write(
        school=pupil.school,
        subject={"pupil": pupil},
        audit_subject=pupil,
        guardian=guardian,
        choices=new,
        by=by,
        method=method,
        on=on,
        now=now,
        text=text,
    )
    facts = selectors.with_records(facts, created)
    after = selectors.grid_of(pupil.school, facts, channels, on)
    _audit_new_disputes(pupil, new, before, after, by=by)
    return Recorded(created, facts)


@transaction.atomic
def flag_set(*, pupil: Pupil, kind: str, reason: str, by, on: date) -> PupilFlag:
    """Safeguarding blocks every channel; a custody dispute stops publication (DOMAIN 2)."""
    require(by, Capability.SET_FLAGS, school=pupil.school)
    lock_consent(pupil.school)
    if PupilFlag.objects.filter(pupil=pupil, kind=kind, lifted_on__isnull=True).exists():
        raise InvalidInput(_("This flag is already set for this pupil."))
    flag = PupilFlag.objects.create(
        school=pupil.school, pupil=pupil, kind=kind, reason=reason, set_on=on, set_by=as_user(by)
    )
    audit(
        AuditEvent.Type.FLAG_SET,
        by=by,
        school=pupil.school,
        subject=flag,
        data={"pupil": pupil.public_id, "kind": kind, "on": on},
    )
    return flag


@transaction.atomic
def no_images_chosen(*, ship, wanted: bool, by, on: date) -> PupilFlag | None:
    """A guardian with parental authority asks that her child is not photographed or filmed
    at all (U5), or takes back her own request. A measure the school took stays the school's
    to lift. Returns the flag set or lifted; None when nothing changed."""
    if not ship.parental_authority or ship.guardian.user_id != by.pk:
        raise PermissionDenied(_("Only a parent or guardian with parental authority decides."))
    lock_consent(ship.pupil.school)
    current = PupilFlag.objects.filter(
        pupil=ship.pupil, kind=PupilFlag.Kind.NO_IMAGES, lifted_on__isnull=True
    ).first()
    if wanted and current is None:
        flag = PupilFlag.objects.create(
            school=ship.pupil.school,
            pupil=ship.pupil,
            kind=PupilFlag.Kind.NO_IMAGES,
            reason=_("The choice of a parent or guardian."),
            set_on=on,
            set_by=by,
        )
        event, changed = AuditEvent.Type.FLAG_SET, flag
    elif not wanted and current is not None:
        set_by_a_guardian = Guardianship.objects.filter(
            pupil=ship.pupil, guardian__user_id=current.set_by_id
        ).exists()
        if not set_by_a_guardian:
            raise PermissionDenied(_("The school set this; ask the school to lift it."))
        current.lifted_on, current.lifted_by = on, by
        current.save(update_fields=["lifted_on", "lifted_by"])
        event, changed = AuditEvent.Type.FLAG_LIFTED, current
    else:
        return None
    audit(
        event,
        by=by,
        school=ship.pupil.school,
        subject=changed,
        data={"pupil": ship.pupil.public_id, "kind": PupilFlag.Kind.NO_IMAGES, "on": on},
    )
    return changed


@transaction.atomic
def pupil_opened(*, pupil: Pupil, by, history: bool, flag_reasons: bool) -> None:
    """Reading who of the parents decided what, or why a child is safeguarded, is itself on
    the record (issue #11): need-to-know is only worth something if it can be checked."""
    if not (history or flag_reasons):
        return
    audit(
        AuditEvent.Type.PUPIL_OPENED,
        by=by,
        school=pupil.school,
        subject=pupil,
        data={"history": history, "flag_reasons": flag_reasons},
    )


@transaction.atomic
def flag_lift(*, flag: PupilFlag, by, on: date) -> PupilFlag:
    require(by, Capability.SET_FLAGS, school=flag.school)
    lock_consent(flag.school)
    if flag.lifted_on is not None:
        raise InvalidInput(_("This flag was already lifted."))
    flag.lifted_on, flag.lifted_by = on, as_user(by)
    flag.save(update_fields=["lifted_on", "lifted_by"])
    audit(
        AuditEvent.Type.FLAG_LIFTED,
        by=by,
        school=flag.school,
        subject=flag,
        data={"pupil": flag.pupil.public_id, "kind": flag.kind, "on": on},
    )
    return flag


@dataclass
class ConsentImportReport:
    added: int = 0
    already_present: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@transaction.atomic
def consent_import(
    *, school: School, rows: list, problems: list, by, now: datetime | None = None
) -> ConsentImportReport:
    """Write checked rows from `consent.imports.parse_consents`, all or none. A row equal to a
    record already stored (same pupil, channel, kind, decider, decision and date) is skipped,
    so importing the same file twice adds nothing."""
    report = ConsentImportReport(problems=list(problems))
    if problems:
        return report
    require(by, Capability.RECORD_CONSENT, school=school)
    lock_consent(school)
    now = now or timezone.now()
    all_texts = list(ConsentText.objects.filter(school=school))
    texts = {t.version: t for t in all_texts}
    records: list[ConsentRecord] = []
    existing = set(
        ConsentRecord.objects.filter(school=school).values_list(
            "pupil_id", "channel_id", "kind", "guardian_id", "decision", "decided_on"
        )
    )
    for row in rows:
        key = (
            row.pupil.pk,
            row.channel.pk,
            row.kind,
            row.guardian_id,
            row.decision,
            row.decided_on,
        )
        if key in existing:
            report.already_present += 1
            continue
        existing.add(key)
        records.append(
            ConsentRecord(
                school=school,
                pupil=row.pupil,
                channel=row.channel,
                kind=row.kind,
                decision=row.decision,
                decided_on=row.decided_on,
                guardian_id=row.guardian_id,
                decided_by_self=row.guardian_id is None,
                method=ConsentRecord.Method.IMPORT,
                recorded_by=as_user(by),
                recorded_at=now,
                # The version the form names, or else the one in force on its date.
                consent_text=texts[row.text_version]
                if row.text_version
                else _in_force(all_texts, row.decided_on),
            )
        )
    ConsentRecord.objects.bulk_create(records, batch_size=1000)
    report.added = len(records)
    if records:
        # One event for the whole file; the digest over every imported record makes a later
        # change to any of them detectable without listing thousands of ids in the trail.
        digest = hashlib.sha256(
            "\n".join(
                f"{r.public_id}|{r.pupil_id}|{r.channel_id}|{r.kind}|{r.decision}|{r.decided_on}"
                f"|{r.guardian_id}"
                for r in records
            ).encode()
        ).hexdigest()
        audit(
            AuditEvent.Type.CONSENTS_IMPORTED,
            by=by,
            school=school,
            subject=school,
            data={
                "count": len(records),
                "records_sha256": digest,
                "text_versions": sorted({r.consent_text.version for r in records}),
            },
        )
    return report


@transaction.atomic
def campaign_start(*, school: School, by, reminder_days: int = 7, now: datetime | None = None):
    """Open this school year's consent round. Starting it twice is harmless."""
    require(by, Capability.RUN_CAMPAIGN, school=school)
    now = now or timezone.now()
    year = school_year_start(timezone.localdate(now))
    campaign, created = ConsentCampaign.objects.get_or_create(
        school=school,
        school_year=year,
        defaults={"started_at": now, "started_by": as_user(by), "reminder_days": reminder_days},
    )
    if created:
        audit(
            AuditEvent.Type.CAMPAIGN_STARTED,
            by=by,
            school=school,
            subject=campaign,
            data={"school_year": year, "reminder_days": reminder_days},
        )
    return campaign


@dataclass(frozen=True)
class CampaignSendReport:
    invitations: int
    reminders: int
    failed: int
    waiting: int  # asked recently; a reminder follows after `reminder_days`


def campaign_send(
    *, campaign: ConsentCampaign, by, now: datetime | None = None
) -> CampaignSendReport:
    """Mail every guardian who has not answered: an invitation the first time, then a
    reminder every `reminder_days`. Run by the button and by the daily `campaign-send`.

    Mail cannot be rolled back, so this is not one transaction: each sent mail is logged
    right after it went out, and a failed one is simply tried again on the next run."""
    school = campaign.school
    require(by, Capability.RUN_CAMPAIGN, school=school)
    now = now or timezone.now()
    due_now, waiting = selectors.campaign_mails_due(school, campaign, now)
    invitations = reminders = failed = 0
    connection = mailers.default  # a new connection, reused for the whole batch
    try:
        connection.open()
    except (OSError, smtplib.SMTPException):
        logger.warning(
            "Mail server unreachable; %d campaign mails wait for the next run", len(due_now)
        )
        return CampaignSendReport(0, 0, len(due_now), waiting)
    try:
        for mail in due_now:
            kind = CampaignMail.Kind.REMINDER if mail.reminder else CampaignMail.Kind.INVITATION
            try:
                connection.send_messages([campaign_message(mail, school, timezone.localdate(now))])
            except (OSError, smtplib.SMTPException):
                logger.warning("Campaign mail to guardian %s failed", mail.guardian.public_id)
                failed += 1
                continue
            CampaignMail.objects.create(
                campaign=campaign, guardian=mail.guardian, kind=kind, sent_at=now
            )
            if kind == CampaignMail.Kind.INVITATION:
                invitations += 1
            else:
                reminders += 1
    finally:
        connection.close()
    if invitations or reminders:
        audit(
            AuditEvent.Type.CAMPAIGN_MAILED,
            by=by,
            school=school,
            subject=campaign,
            data={"invitations": invitations, "reminders": reminders, "failed": failed},
        )
    return CampaignSendReport(invitations, reminders, failed, waiting)


def campaign_message(mail: selectors.MailDue, school: School, on: date):
    """The round's mail to one guardian, in words that fit the day: the yearly request in
    August and September, a request for what is missing later in the year, or a reminder.
    Sent by `campaign_send`, shown as a preview on the round's page."""
    return templated_mail(
        to=mail.guardian.email,
        language=mail.guardian.user.language if mail.guardian.user else "nl",
        template="consent/email/campaign",
        context={
            "guardian": mail.guardian,
            "pupils": mail.pupils,
            "school": school,
            "reminder": mail.reminder,
            "start_of_year": early_in_school_year(on),
            "portal_url": site_url(reverse("portal:overview")),
        },
    )


@transaction.atomic
def channel_add(
    *,
    school: School,
    key: str,
    name: str,
    description: str,
    audience: str,
    owner: str,
    editor_email: str = "",
    by,
) -> Channel:
    """A school's own channel (say `lokale_omroep`). Its key is permanent: exports and other
    systems refer to it. No consent exists for a new channel until guardians are asked."""
    require(by, Capability.MANAGE_CHANNELS, school=school)
    if Channel.objects.filter(school=school, key=key).exists():
        raise InvalidInput(_("A channel with key '%(key)s' already exists.") % {"key": key})
    last = Channel.objects.filter(school=school).aggregate(p=Max("position"))["p"] or 0
    channel = Channel.objects.create(
        school=school,
        key=key,
        name=name,
        description=description,
        audience=audience,
        owner=owner,
        editor_email=editor_email,
        position=last + 1,
    )
    audit(
        AuditEvent.Type.CHANNEL_CHANGED,
        by=by,
        school=school,
        subject=channel,
        data={"change": "added", "key": key, "audience": audience, "owner": owner},
    )
    return channel


@transaction.atomic
def channel_update(
    *,
    channel: Channel,
    name: str,
    description: str,
    audience: str,
    owner: str,
    editor_email: str = "",
    by,
) -> Channel:
    require(by, Capability.MANAGE_CHANNELS, school=channel.school)
    before = {"audience": channel.audience, "owner": channel.owner}
    channel.name, channel.description = name, description
    channel.audience, channel.owner = audience, owner
    channel.editor_email = editor_email
    channel.save(
        update_fields=["name", "description", "audience", "owner", "editor_email", "updated_at"]
    )
    audit(
        AuditEvent.Type.CHANNEL_CHANGED,
        by=by,
        school=channel.school,
        subject=channel,
        data={
            "change": "updated",
            "key": channel.key,
            "before": before,
            "after": {"audience": audience, "owner": owner},
        },
    )
    return channel


@transaction.atomic
def channel_retire(*, channel: Channel, retire: bool, by, on: date) -> Channel:
    """Retired channels disappear from forms and overviews; their consent history stays."""
    require(by, Capability.MANAGE_CHANNELS, school=channel.school)
    channel.retired_on = on if retire else None
    channel.save(update_fields=["retired_on", "updated_at"])
    audit(
        AuditEvent.Type.CHANNEL_CHANGED,
        by=by,
        school=channel.school,
        subject=channel,
        data={"change": "retired" if retire else "restored", "key": channel.key},
    )
    return channel


@transaction.atomic
def school_settings_update(*, school: School, by, **changes) -> School:
    """Change some of the school's settings (`consent_lapses_yearly`,
    `second_factor_required`, `school_account_only`, `closed_channel_notice`); audited once,
    and only what really changed.
    Letting answers lapse changes every consent status, so it takes the consent lock; the
    second factor and the school account apply from the next sign-in (schools.second_factor,
    schools.school_accounts)."""
    require(by, Capability.MANAGE_CHANNELS, school=school)
    changed = {name: value for name, value in changes.items() if getattr(school, name) != value}
    if not changed:
        return school
    if changed.get("school_account_only") and not served_by_any(school):
        raise InvalidInput(
            _(
                "Beeldwacht has no school account set up for this school yet, so nobody "
                "could sign in. Ask the administrator of this installation to add it first."
            )
        )
    if "consent_lapses_yearly" in changed:
        lock_consent(school)
    for name, value in changed.items():
        setattr(school, name, value)
    school.save(update_fields=[*changed, "updated_at"])
    audit(AuditEvent.Type.SETTINGS_CHANGED, by=by, school=school, subject=school, data=changed)
    return school
