"""Adding a school: the tenant (schools) with what it cannot work without, its channels and
consent text (consent)."""

from django.db import transaction

from beeldwacht.consent.services import channels_create_defaults
from beeldwacht.schools.services import SchoolAdded, school_create


@transaction.atomic
def add_school(*, brin: str, name: str, board_name: str | None = None, by=None) -> SchoolAdded:
    """Create a school with the default channels and consent text. Running it again with the
    same BRIN changes nothing, so deployment scripts can call it every time."""
    added = school_create(brin=brin, name=name, board_name=board_name, by=by)
    if added.created:
        channels_create_defaults(school=added.school)
    return added
