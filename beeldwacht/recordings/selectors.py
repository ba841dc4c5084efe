"""Reads of classroom recordings."""

from beeldwacht.people.models import Guardianship


def group_guardianships(school_class):
    """The current guardianships of the group's current pupils: whom to tell in advance
    (Filmen 3) and whom to consult on a pupil's support (Filmen 1)."""
    return (
        Guardianship.objects.current()
        .filter(pupil__school_class=school_class, pupil__left_on__isnull=True)
        .select_related("pupil", "guardian")
        .order_by("pupil__first_name", "guardian__name")
    )
