"""Whether someone uses the parent portal: a guardian (also one whose child left, for her
copy of the data), a pupil of 16 or older deciding for herself, or a parent or volunteer the
school invited to an activity's rules. The start page sends them there, and a staff member's
school that lets staff in only with the school account still lets them in by code for it."""

from datetime import date

from beeldwacht.activities.selectors import guest_of
from beeldwacht.consent.selectors import guardianships_of_user, own_pupil_records


def uses_portal(user, *, on: date) -> bool:
    return (
        guardianships_of_user(user, former=True).exists()
        or own_pupil_records(user, on=on).exists()
        or guest_of(user).exists()
    )
