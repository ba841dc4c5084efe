"""The school's consent lock: consent changes, flags, reviews, roster imports, publishing and
the takedown ledger at one school take it, so a publication's last check and a withdrawal
never interleave. Taking it is one UPDATE of the school's row, which PostgreSQL holds locked
until the transaction ends (SQLite serialises writers anyway), and which gives the school a
new consent version: every clearance Beeldwacht's own pages cached before is then unused
(publications.serving)."""

import uuid

from beeldwacht.schools.models import School


def lock_consent(school: School) -> None:
    School.objects.filter(pk=school.pk).update(consent_version=uuid.uuid4())
