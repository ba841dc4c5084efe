"""Writes to the incident register. Any staff member reports; management records who was
involved, adds evidence and decides measures, as the protocol lists them per role
(domain.incidents). Audited in the same transaction, without names; the supervisor mail
for derailing online communication (B.2) goes after the commit."""

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.mail import send_or_log, site_url, templated_mail
from beeldwacht.common.permissions import Capability, Role
from beeldwacht.domain.incidents import goes_to_supervisor_at_once, measure_allowed
from beeldwacht.incidents.models import Evidence, Incident, Involved, MeasureTaken
from beeldwacht.media.intake import PHOTO, check_upload
from beeldwacht.people.models import Guardian, Pupil
from beeldwacht.schools.access import require, staff_of

MAX_DESCRIPTION = 10_000


def _staff_here(school, user) -> None:
    if not staff_of(school).filter(pk=user.pk).exists():
        raise PermissionDenied(_("Only the school's staff report incidents here."))


@transaction.atomic
def incident_report(
    *, school, category: str, happened_on: date, description: str, by, evidence=()
) -> Incident:
    """Anyone on staff reports what happened, with screenshots if there are any
    (`evidence`: (file name, bytes) pairs; each is checked, or nothing is stored)."""
    _staff_here(school, by)
    description = description.strip()
    if category not in Incident.Category.values:
        raise InvalidInput(_("Choose what happened."))
    if not description or len(description) > MAX_DESCRIPTION:
        raise InvalidInput(_("Describe what happened in at most 10,000 characters."))
    if happened_on > timezone.localdate():
        raise InvalidInput(_("An incident cannot have happened in the future."))
    incident = Incident.objects.create(
        school=school,
        category=category,
        happened_on=happened_on,
        description=description,
        reported_by=by,
        reported_at=timezone.now(),
    )
    for name, data in evidence:
        _store_evidence(incident, name, data, by)
    audit(
        AuditEvent.Type.INCIDENT_REPORTED,
        by=by,
        school=school,
        subject=incident,
        data={"category": category, "evidence": len(evidence)},
    )
    if goes_to_supervisor_at_once(category):
        transaction.on_commit(lambda: _tell_management(incident))
    return incident


def _store_evidence(incident: Incident, name: str, data: bytes, by) -> Evidence:
    intake = check_upload(name, data)
    if intake.kind != PHOTO:
        raise InvalidInput(_("Evidence is a screenshot or photo (JPEG, PNG or HEIC)."))
    evidence = Evidence(
        incident=incident,
        original_name=name[:255],
        sha256=intake.sha256,
        added_by=by,
        added_at=timezone.now(),
    )
    evidence.file.save(
        f"incidents/{incident.school.public_id}/{evidence.public_id}", ContentFile(data), save=False
    )
    evidence.save()
    return evidence


def _tell_management(incident: Incident) -> None:
    """B.2: the management hears at once; the mail names no one and links to the record."""
    link = site_url(
        reverse(
            "incidents:detail",
            kwargs={"brin": incident.school.brin, "incident_id": incident.public_id},
        )
    )
    for person in staff_of(incident.school, roles=[Role.MANAGEMENT]):
        mail = templated_mail(
            to=person.email,
            language=person.language,
            template="incidents/email/derailing",
            context={"incident": incident, "link": link},
        )
        send_or_log(mail, f"incident {incident.public_id}")


@transaction.atomic
def evidence_add(*, incident: Incident, name: str, data: bytes, by) -> Evidence:
    require(by, Capability.DECIDE_MEASURES, school=incident.school)
    evidence = _store_evidence(incident, name, data, by)
    _changed(incident, by, evidence=evidence.public_id)
    return evidence


@transaction.atomic
def involved_add(
    *, incident: Incident, role: str, by, staff_member=None, pupil=None, guardian=None, name=""
) -> Involved:
    require(by, Capability.DECIDE_MEASURES, school=incident.school)
    school, name = incident.school, " ".join(name.split())[:200]
    person = {"staff": staff_member, "pupil": pupil, "guardian": guardian, "other": name}
    if role not in person or not person[role]:
        raise InvalidInput(_("Choose who was involved, in one role."))
    if role == "staff" and not staff_of(school).filter(pk=staff_member.pk).exists():
        raise InvalidInput(_("Unknown colleague."))
    if role == "pupil" and not Pupil.objects.filter(school=school, pk=pupil.pk).exists():
        raise InvalidInput(_("Unknown pupil."))
    if role == "guardian" and not Guardian.objects.filter(school=school, pk=guardian.pk).exists():
        raise InvalidInput(_("Unknown parent or guardian."))
    involved = Involved.objects.create(
        incident=incident,
        role=role,
        staff_member=staff_member if role == "staff" else None,
        pupil=pupil if role == "pupil" else None,
        guardian=guardian if role == "guardian" else None,
        name=name if role == "other" else "",
    )
    _changed(incident, by, involved=involved.public_id, role=role)
    return involved


@transaction.atomic
def measure_decide(
    *, involved: Involved, kind: str, decided_on: date, note: str, by
) -> MeasureTaken:
    """A measure the protocol lists for this person's role, or a Dutch refusal."""
    require(by, Capability.DECIDE_MEASURES, school=involved.incident.school)
    if kind not in MeasureTaken.Kind.values or not measure_allowed(involved.role, kind):
        raise InvalidInput(
            _("The protocol has no such measure for a %(role)s.")
            % {"role": involved.get_role_display().lower()}
        )
    measure = MeasureTaken.objects.create(
        involved=involved, kind=kind, decided_on=decided_on, note=note.strip(), decided_by=by
    )
    _changed(involved.incident, by, measure=measure.public_id, kind=kind)
    return measure


def _changed(incident: Incident, by, **data) -> None:
    audit(
        AuditEvent.Type.INCIDENT_CHANGED, by=by, school=incident.school, subject=incident, data=data
    )


@transaction.atomic
def incident_opened(*, incident: Incident, by) -> None:
    """Every look at an incident is on the audit trail (DOMAIN 9)."""
    audit(AuditEvent.Type.INCIDENT_VIEWED, by=by, school=incident.school, subject=incident)
