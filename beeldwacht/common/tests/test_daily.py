"""The worker's daily jobs run once a day, whichever worker gets there first."""

from datetime import date

import pytest

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.daily import DAILY_JOBS, claim, run_daily_jobs


@pytest.fixture(autouse=True)
def anchors_elsewhere(settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = tmp_path / "anchors"


@pytest.mark.django_db
def test_a_job_is_claimed_once_a_day():
    assert claim("consent-transitions", date(2026, 8, 1))
    assert not claim("consent-transitions", date(2026, 8, 1))  # another worker, same day
    assert claim("consent-transitions", date(2026, 8, 2))


def test_the_daily_jobs_run_once_and_anchor_the_audit_trail(school):
    assert run_daily_jobs(date(2026, 8, 1)) == list(DAILY_JOBS)
    assert run_daily_jobs(date(2026, 8, 1)) == []
    assert AuditEvent.objects.filter(type=AuditEvent.Type.AUDIT_ANCHORED).count() == 1
