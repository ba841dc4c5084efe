"""The jobs the worker runs once a day (the same commands cron can run instead)."""

import logging
from datetime import date

from django.core.management import call_command
from django.db.models import Q

from beeldwacht.common.models import DailyRun

logger = logging.getLogger(__name__)

# Consent that ended by itself goes through the ledger; incident steps still open are
# mailed; the audit trail is checked whole (the board's page says when it last was) and
# gets its anchor.
DAILY_JOBS = (
    "consent-transitions",
    "purge-expired",
    "incident-reminders",
    "apply-retention",
    "audit-verify",
    "audit-anchor",
)


def claim(job: str, today: date) -> bool:
    """True for exactly one caller per job and day: another worker may have claimed it."""
    DailyRun.objects.get_or_create(job=job)
    due = Q(last_run_on__isnull=True) | Q(last_run_on__lt=today)
    return DailyRun.objects.filter(due, job=job).update(last_run_on=today) == 1


def run_daily_jobs(today: date) -> list[str]:
    """Run every job not yet run today; a failing job is logged and tried again tomorrow."""
    ran = []
    for job in DAILY_JOBS:
        if not claim(job, today):
            continue
        try:
            call_command(job)
        except Exception:  # one failing job must not stop the worker or the other jobs
            logger.exception("Daily job %s failed", job)
            continue
        DailyRun.objects.filter(job=job).update(last_success_on=today)
        ran.append(job)
    return ran
