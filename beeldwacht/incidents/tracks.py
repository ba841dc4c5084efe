"""What happens outside the school after some incidents (Sancties; DOMAIN 7): the board's
judgement, the phone report to the Landelijke Vertrouwensinspecteur, the board's police
report, and the statutory track of WPO art. 4a on a record only the board sees. Open steps
are on the to-do list and are mailed daily (`beeldwacht incident-reminders`) until done."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.errors import InvalidInput
from beeldwacht.common.mail import send_or_log, site_url, templated_mail
from beeldwacht.common.permissions import Capability, Role
from beeldwacht.domain.incidents import INSPECTOR_PHONE, steps_open
from beeldwacht.incidents.models import ExternalStep, Incident
from beeldwacht.schools.access import require, staff_of


def may_see(incident: Incident, access) -> bool:
    """Management and the board see the register; a WPO 4a record, the board only."""
    if not access.can(Capability.VIEW_INCIDENTS):
        return False
    return not incident.sexual_offence_signs or Role.BOARD in access.roles


def open_steps(incident: Incident) -> tuple:
    return steps_open(incident.steps_required, {s.step for s in incident.steps.all()})


def with_open_steps(incidents):
    """(incident, open steps) for those of `incidents` whose judgement called for steps not
    yet recorded; only judged incidents are read, their steps in one more query."""
    judged = incidents.filter(
        Q(crossing_the_line=True) | Q(possible_offence=True) | Q(sexual_offence_signs=True)
    ).prefetch_related("steps")
    for incident in judged.order_by("happened_on", "id"):
        if missing := open_steps(incident):
            yield incident, missing


@transaction.atomic
def incident_judge(
    *, incident: Incident, crossing_the_line: bool, possible_offence: bool, sexual: bool, by
) -> Incident:
    """Record the board's judgement. What was judged is never taken back here (a box left
    empty changes nothing): it is the board's decision on record, and the steps it called
    for stay meaningful."""
    require(by, Capability.RECORD_EXTERNAL_STEPS, school=incident.school)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    incident.crossing_the_line = crossing_the_line or incident.crossing_the_line
    incident.possible_offence = possible_offence or incident.possible_offence
    incident.sexual_offence_signs = sexual or incident.sexual_offence_signs
    incident.save(update_fields=["crossing_the_line", "possible_offence", "sexual_offence_signs"])
    audit(
        AuditEvent.Type.INCIDENT_CHANGED,
        by=by,
        school=incident.school,
        subject=incident,
        data={
            "crossing_the_line": incident.crossing_the_line,
            "possible_offence": incident.possible_offence,
            "restricted": incident.sexual_offence_signs,
        },
    )
    return incident


@transaction.atomic
def step_record(
    *, incident: Incident, step: str, done_at: datetime, done_by: str, reference: str, note: str, by
) -> ExternalStep:
    require(by, Capability.RECORD_EXTERNAL_STEPS, school=incident.school)
    if step not in {s.value for s in incident.steps_required}:
        raise InvalidInput(_("This step is not called for by this incident."))
    done_by = " ".join(done_by.split())[:200]
    if not done_by:
        raise InvalidInput(_("Say who did it."))
    if done_at > timezone.now():
        raise InvalidInput(_("A step cannot be done in the future."))
    try:
        with transaction.atomic():
            recorded = ExternalStep.objects.create(
                incident=incident,
                step=step,
                done_at=done_at,
                done_by=done_by,
                reference=reference.strip()[:100],
                note=note.strip(),
                recorded_by=by,
                recorded_at=timezone.now(),
            )
    except IntegrityError as error:
        raise InvalidInput(_("This step is already recorded.")) from error
    audit(
        AuditEvent.Type.INCIDENT_CHANGED,
        by=by,
        school=incident.school,
        subject=incident,
        data={"step": step},
    )
    return recorded


def remind(*, now: datetime | None = None) -> int:
    """Mail whoever may see each incident with open steps what is still to be done (no names,
    no description: a link). Returns how many mails went out."""
    sent = 0
    for incident, missing in with_open_steps(Incident.objects.select_related("school")):
        roles = [Role.BOARD] if incident.sexual_offence_signs else [Role.BOARD, Role.MANAGEMENT]
        link = site_url(
            reverse(
                "incidents:detail",
                kwargs={"brin": incident.school.brin, "incident_id": incident.public_id},
            )
        )
        for person in staff_of(incident.school, roles=roles):
            mail = templated_mail(
                to=person.email,
                language=person.language,
                template="incidents/email/reminder",
                context={
                    "incident": incident,
                    "steps": missing,
                    "link": link,
                    "phone": INSPECTOR_PHONE,
                },
            )
            sent += send_or_log(mail, f"incident reminder {incident.public_id}")
    return sent
