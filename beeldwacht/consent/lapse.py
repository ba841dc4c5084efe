"""The yearly lapse (a school's choice, `consent_lapses_yearly`): on 1 August last school
year's answers stop counting, for every pupil at once, without anyone writing. The daily run
marks the moment in the audit trail, once per school and school year, so what listens to
the trail (the webhooks that tell the school's other systems) hears of it."""

from datetime import date

from django.db import transaction

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import SYSTEM
from beeldwacht.domain.schoolyear import school_year_first_day, school_year_start
from beeldwacht.schools.locks import lock_consent
from beeldwacht.schools.models import School

# A run the server missed (down for a week in August) still marks the lapse; a first run
# long after 1 August (an installation or a school new this year) does not: nothing lapsed
# that day, and turning the choice on was told when it happened.
LATE_MARK_DAYS = 31


def mark_yearly_lapse(*, school: School, today: date) -> bool:
    """Write CONSENT_LAPSED for the school year `today` is in, in its first LATE_MARK_DAYS,
    unless written already or the school keeps answers across years. Returns whether it was
    written."""
    year = school_year_start(today)
    late = (today - school_year_first_day(year)).days >= LATE_MARK_DAYS
    if not school.consent_lapses_yearly or late:
        return False
    marked = AuditEvent.objects.filter(
        type=AuditEvent.Type.CONSENT_LAPSED, school_id=school.pk, data__school_year=year
    )
    if marked.exists():  # the daily case: no lock (it would renew the school's cache key)
        return False
    with transaction.atomic():
        lock_consent(school)  # two daily runs at once write it once
        if marked.exists():
            return False
        audit(
            AuditEvent.Type.CONSENT_LAPSED,
            by=SYSTEM,
            school=school,
            subject=school,
            data={"school_year": year},
        )
    return True
