"""Writes to the consent registry. Invariants: records are append-only; every change is
audited in the same transaction; whoever records a decision must be allowed to (a guardian
with parental authority for their own child, or staff with RECORD_CONSENT). Called by the
parent portal, the staff views and the import commands."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Capability
from beeldwacht.consent.defaults import DEFAULT_CHANNELS, DEFAULT_CONSENT_TEXT
from beeldwacht.consent.models import Channel, ConsentRecord, ConsentText, Kind, PupilFlag
from beeldwacht.domain.consent import AGE_OF_CONSENT
from beeldwacht.domain.schoolyear import age_on, school_year_start
from beeldwacht.people.models import Guardian, Guardianship, Pupil
from beeldwacht.schools.access import require
from beeldwacht.schools.models import School


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


@transaction.atomic
def consent_text_publish(*, school: School, body: str, material_change: bool, by) -> ConsentText:
    """A new version of the consent text. With `material_change`, grants on earlier versions
    become `reask` (DOMAIN 2: purposes changed, ask again)."""
    require(by, Capability.MANAGE_CHANNELS, school=school)
    if not body.strip():
        raise InvalidInput(_("The consent text cannot be empty."))
    latest = ConsentText.objects.filter(school=school).aggregate(v=Max("version"))["v"] or 0
    text = ConsentText.objects.create(
        school=school,
        version=latest + 1,
        body=body,
        material_change=material_change,
        published_at=timezone.now(),
        published_by=as_user(by),
    )
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


def _check_decider(*, pupil: Pupil, guardian: Guardian | None, by, method: str, on: date) -> None:
    if method in (ConsentRecord.Method.PORTAL,):
        # Guardians use the portal for themselves; a 16+ pupil would too (not built yet).
        if guardian is None or guardian.user_id is None or guardian.user_id != by.pk:
            raise PermissionDenied(_("You can only record your own decisions."))
    else:
        require(by, Capability.RECORD_CONSENT, school=pupil.school)
    if guardian is not None:
        ship = Guardianship.objects.filter(pupil=pupil, guardian=guardian).first()
        if ship is None:
            raise InvalidInput(_("This person is not a guardian of this pupil."))
        if not ship.parental_authority:
            raise InvalidInput(
                _("This guardian has no parental authority and cannot decide for the pupil.")
            )
        if age_on(pupil.date_of_birth, on) >= AGE_OF_CONSENT:
            raise InvalidInput(_("From 16 the pupil decides; guardians no longer do."))
    elif age_on(pupil.date_of_birth, on) < AGE_OF_CONSENT:
        raise InvalidInput(_("Pupils under 16 do not decide for themselves; their guardians do."))


@transaction.atomic
def consent_record(
    *,
    pupil: Pupil,
    choices: list[Choice],
    guardian: Guardian | None,
    by,
    method: str,
    on: date,
    now: datetime | None = None,
) -> list[ConsentRecord]:
    """Record one decider's decisions for one pupil, all or nothing. `guardian` None means
    the pupil decides (16+). Choices equal to the decider's current answer are skipped, so
    saving an unchanged form adds nothing to the history."""
    now = now or timezone.now()
    if on > timezone.localdate(now):
        raise InvalidInput(_("A decision cannot be dated in the future."))
    _check_decider(pupil=pupil, guardian=guardian, by=by, method=method, on=on)
    text = current_consent_text(pupil.school)
    current = _latest_by_decider(pupil=pupil, guardian=guardian)
    created = []
    for choice in choices:
        if choice.channel.school_id != pupil.school_id or choice.kind not in Kind.values:
            raise InvalidInput(_("Unknown channel or kind."))
        previous = current.get((choice.channel.pk, choice.kind))
        if (
            previous is not None
            and previous.decision == choice.decision
            and previous.consent_text_id == text.pk
            and school_year_start(previous.decided_on) == school_year_start(on)
        ):
            continue  # a new school year or text needs a fresh record, even for the same answer
        record = ConsentRecord.objects.create(
            school=pupil.school,
            pupil=pupil,
            channel=choice.channel,
            kind=choice.kind,
            decision=choice.decision,
            decided_on=on,
            guardian=guardian,
            decided_by_pupil=guardian is None,
            method=method,
            recorded_by=as_user(by),
            recorded_at=now,
            consent_text=text,
        )
        audit(
            AuditEvent.Type.CONSENT_RECORDED,
            by=by,
            school=pupil.school,
            subject=record,
            data={
                "pupil": pupil.public_id,
                "channel": choice.channel.key,
                "kind": choice.kind,
                "decision": choice.decision,
                "method": method,
                "decided_on": on,
                "decider": guardian.public_id if guardian else "pupil",
                "text_version": text.version,
            },
        )
        created.append(record)
    return created


def _latest_by_decider(*, pupil: Pupil, guardian: Guardian | None) -> dict:
    records = ConsentRecord.objects.filter(
        pupil=pupil, guardian=guardian, decided_by_pupil=guardian is None
    ).order_by("decided_on", "id")
    return {(r.channel_id, r.kind): r for r in records}


@transaction.atomic
def flag_set(*, pupil: Pupil, kind: str, reason: str, by, on: date) -> PupilFlag:
    """Safeguarding blocks every channel; a custody dispute stops publication (DOMAIN 2)."""
    require(by, Capability.SET_FLAGS, school=pupil.school)
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
def flag_lift(*, flag: PupilFlag, by, on: date) -> PupilFlag:
    require(by, Capability.SET_FLAGS, school=flag.school)
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
    now = now or timezone.now()
    text = current_consent_text(school)
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
        record = ConsentRecord.objects.create(
            school=school,
            pupil=row.pupil,
            channel=row.channel,
            kind=row.kind,
            decision=row.decision,
            decided_on=row.decided_on,
            guardian_id=row.guardian_id,
            decided_by_pupil=row.guardian_id is None,
            method=ConsentRecord.Method.IMPORT,
            recorded_by=as_user(by),
            recorded_at=now,
            consent_text=text,
        )
        audit(
            AuditEvent.Type.CONSENT_RECORDED,
            by=by,
            school=school,
            subject=record,
            data={
                "pupil": row.pupil.public_id,
                "channel": row.channel.key,
                "kind": row.kind,
                "decision": row.decision,
                "method": "import",
                "decided_on": row.decided_on,
                "text_version": text.version,
            },
        )
        report.added += 1
    return report
