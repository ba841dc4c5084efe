"""The school's consent lock: consent changes, publishing and the takedown ledger at one school
take it, so a publication's last check and a withdrawal never interleave. SQLite serialises
writers anyway; on PostgreSQL this is SELECT ... FOR UPDATE on the school's row."""

from beeldwacht.schools.models import School


def lock_consent(school: School) -> None:
    School.objects.select_for_update().filter(pk=school.pk).first()
