"""Creating schools (called by the `add-school` command and the demo), and what a board
decides for all its schools."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Capability, Role
from beeldwacht.schools.access import require
from beeldwacht.schools.models import Board, Processor, School

BRIN_PATTERN = re.compile(r"^[0-9]{2}[A-Z]{2}$")


@dataclass(frozen=True)
class SchoolAdded:
    school: School
    created: bool


@transaction.atomic
def school_create(*, brin: str, name: str, board_name: str | None = None, by=None) -> SchoolAdded:
    """Create a school (and its board). Running it again with the same BRIN changes nothing.
    A school is added with its channels and consent text by `beeldwacht.actions.schools`."""
    brin = brin.strip().upper()
    name = name.strip()
    if not BRIN_PATTERN.match(brin):
        raise InvalidInput(
            _("'%(brin)s' is not a BRIN code: two digits and two letters, such as 12AB.")
            % {"brin": brin}
        )
    existing = School.objects.filter(brin=brin).first()
    if existing is not None:
        return SchoolAdded(existing, created=False)
    if not name:
        raise InvalidInput(_("A school needs a name."))
    board, _created = Board.objects.get_or_create(name=(board_name or name).strip())
    school = School.objects.create(board=board, brin=brin, name=name)
    audit(AuditEvent.Type.SCHOOL_CREATED, by=by, school=school, subject=school, data={"brin": brin})
    return SchoolAdded(school, created=True)


def board_schools(user):
    """The schools where this user currently sits on the board."""
    return (
        School.objects.filter(
            memberships__user=user,
            memberships__role=Role.BOARD,
            memberships__left_on__isnull=True,
        )
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def evidence_period_set(*, board: Board, months: int, by) -> Board:
    """The board chooses how long incident evidence is kept (actions.retention applies it).
    Each of its schools' audit trails records the choice."""
    schools = list(board.schools.all())
    if not board_schools(by).filter(board=board).exists():
        raise PermissionDenied(_("Only the board decides this."))
    if not 1 <= months <= 120:
        raise InvalidInput(_("Choose between 1 and 120 months."))
    board = Board.objects.select_for_update().get(pk=board.pk)
    board.evidence_keep_months = months
    board.save(update_fields=["evidence_keep_months", "updated_at"])
    for school in schools:
        audit(
            AuditEvent.Type.RETENTION_CHANGED,
            by=by,
            school=school,
            subject=("board", board.pk),
            data={"evidence_keep_months": months},
        )
    return board


@transaction.atomic
def processor_add(
    *, school: School, name: str, service: str, location: str, agreement_on=None, by
) -> Processor:
    require(by, Capability.MANAGE_CHANNELS, school=school)
    name, service, location = (" ".join(value.split()) for value in (name, service, location))
    if not name or not service:
        raise InvalidInput(_("Give the organisation's name and what it does for the school."))
    processor = Processor.objects.create(
        school=school,
        name=name,
        service=service,
        location=location or "Nederland",
        agreement_on=agreement_on,
    )
    audit(
        AuditEvent.Type.PROCESSOR_CHANGED,
        by=by,
        school=school,
        subject=processor,
        data={"added": processor.name},
    )
    return processor


@transaction.atomic
def processor_remove(*, processor: Processor, by) -> None:
    require(by, Capability.MANAGE_CHANNELS, school=processor.school)
    audit(
        AuditEvent.Type.PROCESSOR_CHANGED,
        by=by,
        school=processor.school,
        subject=processor,
        data={"removed": processor.name},
    )
    processor.delete()
