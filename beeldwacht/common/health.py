"""Is this installation healthy? What a load balancer, a monitor and an operator ask
(`/gezond/`, `/gereed/`, `beeldwacht status`). Counts and dates only: nothing about a person.

Ready means: the database answers, the private storage takes a file, the worker keeps up (no
job waits longer than QUEUE_MAX_WAIT) and every daily job succeeded within DAILY_MAX_AGE."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from beeldwacht.common.daily import DAILY_JOBS
from beeldwacht.common.models import DailyRun

QUEUE_MAX_WAIT = timedelta(minutes=15)
DAILY_MAX_AGE = timedelta(days=2)


@dataclass(frozen=True)
class Check:
    name: str  # database, storage, queue, daily
    ok: bool
    detail: str  # in the reader's language, for an operator


def readiness(now: datetime | None = None) -> list[Check]:
    now = now or timezone.now()
    return [_database(), _storage(), _queue(now), _daily(now)]


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means: not ready
        return Check("database", False, _("No answer: %(error)s") % {"error": type(error).__name__})
    return Check("database", True, connection.vendor)


def _storage() -> Check:
    storage = storages["private"]
    probe = f"health/{uuid.uuid4().hex}.txt"
    try:
        name = storage.save(probe, ContentFile(b"ok"))
        storage.delete(name)
    except Exception as error:
        return Check(
            "storage", False, _("Cannot write: %(error)s") % {"error": type(error).__name__}
        )
    return Check("storage", True, _("writable"))


def _queue(now: datetime) -> Check:
    waiting = DBTaskResult.objects.ready()
    count = waiting.count()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    wait = (now - oldest) if oldest else timedelta(0)
    detail = _("%(count)d waiting, the oldest for %(minutes)d min") % {
        "count": count,
        "minutes": wait.total_seconds() // 60,
    }
    return Check("queue", wait <= QUEUE_MAX_WAIT, detail)


def _daily(now: datetime) -> Check:
    today = timezone.localdate(now)
    done = dict(DailyRun.objects.values_list("job", "last_success_on"))
    late = [job for job in DAILY_JOBS if not done.get(job) or today - done[job] > DAILY_MAX_AGE]
    if late:
        return Check(
            "daily", False, _("Not run successfully lately: %(jobs)s") % {"jobs": ", ".join(late)}
        )
    return Check("daily", True, _("every daily job ran"))
