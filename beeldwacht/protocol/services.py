"""Writes to the protocol's versions. Management writes and adopts (domain.protocol: an
adopted version never changes); every staff member acknowledges the version in force.
Audited in the same transaction."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Capability
from beeldwacht.domain import protocol as rules
from beeldwacht.domain.letters import fingerprint
from beeldwacht.protocol.models import Acknowledgement, Grant, ProtocolVersion
from beeldwacht.protocol.selectors import in_force
from beeldwacht.schools.access import require, staff_of

MAX_TEXT = 200_000


def _check(number: str, authors: str, text: str) -> tuple[str, str, str]:
    number, authors, text = number.strip(), " ".join(authors.split()), text.strip()
    if not number or len(number) > 20:
        raise InvalidInput(_("A version needs a number of at most 20 characters, such as 2.1."))
    if not authors:
        raise InvalidInput(_("Say who wrote this version."))
    if not text or len(text) > MAX_TEXT:
        raise InvalidInput(_("A version needs its text (at most 200,000 characters)."))
    return number, authors[:300], text


@transaction.atomic
def version_create(
    *, school, number: str, dated: date, authors: str, change_note: str, text: str, by
) -> ProtocolVersion:
    require(by, Capability.MANAGE_PROTOCOL, school=school)
    number, authors, text = _check(number, authors, text)
    try:
        with transaction.atomic():
            version = ProtocolVersion.objects.create(
                school=school,
                number=number,
                dated=dated,
                authors=authors,
                change_note=change_note.strip(),
                text=text,
            )
    except IntegrityError as error:
        raise InvalidInput(_("Version %(number)s already exists.") % {"number": number}) from error
    audit(
        AuditEvent.Type.PROTOCOL_CHANGED,
        by=by,
        school=school,
        subject=version,
        data={"number": number, "created": True},
    )
    return version


@transaction.atomic
def version_edit(
    *, version: ProtocolVersion, dated: date, authors: str, change_note: str, text: str, by
) -> ProtocolVersion:
    require(by, Capability.MANAGE_PROTOCOL, school=version.school)
    version = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
    if not rules.may_edit(version.status):
        raise InvalidInput(_("An adopted version is never changed: write a new version."))
    _number, version.authors, version.text = _check(version.number, authors, text)
    version.dated, version.change_note = dated, change_note.strip()
    version.save()
    audit(
        AuditEvent.Type.PROTOCOL_CHANGED,
        by=by,
        school=version.school,
        subject=version,
        data={"number": version.number, "edited": True},
    )
    return version


@transaction.atomic
def version_move(*, version: ProtocolVersion, to: str, by) -> ProtocolVersion:
    """Concept → concept for MT → adopted (or back to concept). Adopting freezes the text,
    keeps its SHA-256, and asks every staff member to acknowledge it."""
    require(by, Capability.MANAGE_PROTOCOL, school=version.school)
    version = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
    if to not in ProtocolVersion.Status.values or not rules.may_move(version.status, to):
        raise InvalidInput(_("This version cannot go there from here."))
    version.status = to
    if to == ProtocolVersion.Status.ADOPTED:
        version.text_sha256 = fingerprint(version.text)
        version.adopted_at, version.adopted_by = timezone.now(), as_user(by)
    version.save()
    audit(
        AuditEvent.Type.PROTOCOL_CHANGED,
        by=by,
        school=version.school,
        subject=version,
        data={"number": version.number, "status": to},
    )
    return version


@transaction.atomic
def acknowledge(*, version: ProtocolVersion, by) -> Acknowledgement:
    """A staff member read the version in force and keeps to it."""
    if not staff_of(version.school).filter(pk=by.pk).exists():
        raise PermissionDenied(_("Only the school's staff acknowledge its protocol."))
    if in_force(version.school) != version:
        raise InvalidInput(_("Only the version in force is acknowledged."))
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        version=version,
        user=by,
        defaults={"text_sha256": version.text_sha256, "acknowledged_at": timezone.now()},
    )
    if created:
        audit(
            AuditEvent.Type.PROTOCOL_ACKNOWLEDGED,
            by=by,
            school=version.school,
            subject=version,
            data={"number": version.number, "sha256": version.text_sha256},
        )
    return acknowledgement


@transaction.atomic
def grant(
    *,
    school,
    kind: str,
    starts_on: date,
    ends_on: date,
    about: str,
    by,
    school_class=None,
    staff_member=None,
) -> Grant:
    """Management grants what the protocol asks permission for (A.1, U6), on record."""
    require(by, Capability.MANAGE_PROTOCOL, school=school)
    about = " ".join(about.split())[:300]
    if kind == Grant.Kind.SOCIAL_MEDIA_IN_LESSONS:
        if school_class is None or school_class.school_id != school.pk:
            raise InvalidInput(_("Choose the group it is for."))
        staff_member = None
    elif kind == Grant.Kind.EXTERNAL_STATEMENTS:
        if staff_member is None or not staff_of(school).filter(pk=staff_member.pk).exists():
            raise InvalidInput(_("Choose the colleague it is for."))
        school_class = None
    else:
        raise InvalidInput(_("Unknown permission."))
    if ends_on < starts_on:
        raise InvalidInput(_("The period ends before it starts."))
    if not about:
        raise InvalidInput(_("Say what the permission is for."))
    granted = Grant.objects.create(
        school=school,
        kind=kind,
        school_class=school_class,
        staff_member=staff_member,
        starts_on=starts_on,
        ends_on=ends_on,
        about=about,
        granted_by=by,
        granted_at=timezone.now(),
    )
    audit(
        AuditEvent.Type.PERMISSION_GRANTED,
        by=by,
        school=school,
        subject=granted,
        data={"kind": kind, "from": starts_on, "until": ends_on},
    )
    return granted
