"""Health for a load balancer and an operator (issue #10, build 4): `/gezond/` says the
process answers, `/gereed/` and `beeldwacht status` whether it can do its work."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from beeldwacht.common import daily
from beeldwacht.common.daily import DAILY_JOBS, run_daily_jobs
from beeldwacht.common.models import DailyRun


@pytest.fixture
def daily_jobs_done(db, frozen_today):
    for job in DAILY_JOBS:
        DailyRun.objects.update_or_create(
            job=job,
            defaults={"last_run_on": timezone.localdate(), "last_success_on": timezone.localdate()},
        )


def test_alive_asks_nothing_and_sets_no_cookie(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/gezond/")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert not response.cookies


def test_ready_when_everything_works(client, daily_jobs_done):
    response = client.get("/gereed/")
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert set(body["checks"]) == {"database", "storage", "queue", "daily"}
    assert response["Cache-Control"] == "no-store" and not response.cookies


def test_not_ready_when_the_daily_jobs_did_not_run(client, db, frozen_today):
    response = client.get("/gereed/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["daily"]["ok"] is False and "consent-transitions" in checks["daily"]["detail"]
    assert checks["database"]["ok"] and checks["storage"]["ok"] and checks["queue"]["ok"]


def test_not_ready_when_the_worker_falls_behind(client, daily_jobs_done, frozen_today):
    from beeldwacht.accounts.tasks import send_account_mail

    send_account_mail.enqueue(subject="x", body="x", from_email="a@b.nl", to=[], alternatives=[])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=20))
    response = client.get("/gereed/")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"]["detail"].startswith("1 wachtend")


def test_a_failed_daily_job_is_not_counted_as_done(db, frozen_today, monkeypatch):
    def run(job):
        if job == "audit-anchor":
            raise RuntimeError("disk full")

    monkeypatch.setattr(daily, "call_command", run)
    assert run_daily_jobs(timezone.localdate()) == [
        "consent-transitions",
        "purge-expired",
        "incident-reminders",
        "apply-retention",
        "audit-verify",
    ]
    done = dict(DailyRun.objects.values_list("job", "last_success_on"))
    assert done == {
        "consent-transitions": timezone.localdate(),
        "purge-expired": timezone.localdate(),
        "incident-reminders": timezone.localdate(),
        "apply-retention": timezone.localdate(),
        "audit-verify": timezone.localdate(),
        "audit-anchor": None,
    }


def test_status_for_an_operator(db, frozen_today, daily_jobs_done):
    out = io.StringIO()
    call_command("status", stdout=out)
    assert "Gereed." in out.getvalue() and "wachtrij" in out.getvalue()
    DailyRun.objects.all().delete()
    out = io.StringIO()
    with pytest.raises(CommandError, match="Niet gereed"):
        call_command("status", stdout=out)
    assert "FOUT" in out.getvalue()
