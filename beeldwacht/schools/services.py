"""Creating schools. Called by the `add-school` command and the demo."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.errors import InvalidInput
from beeldwacht.schools.models import Board, School

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
