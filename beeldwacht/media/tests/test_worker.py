"""A real worker process killed in the middle of an analysis; the reaper takes the item back."""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from django.db import connection

from beeldwacht.media import services
from beeldwacht.media.models import MediaItem
from beeldwacht.media.tests.photos import jpeg_bytes, portrait

pytestmark = pytest.mark.django_db(transaction=True)


def test_killed_worker_leaves_a_lease_and_the_reaper_returns_the_item(school, groep5, juf_anna):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a database it can reach: runs in the PostgreSQL leg")
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    trip = services.activity_create(
        school=school, name="Schoolreis", date=date(2026, 6, 12), classes=[groep5], by=juf_anna
    )
    big = portrait().resize((3000, 3500))  # large enough that analysis takes a while
    item = services.media_upload(activity=trip, name="groot.jpg", data=jpeg_bytes(big), by=juf_anna)

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "beeldwacht",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.05",
        ],
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while MediaItem.objects.get(pk=item.pk).status != MediaItem.Status.ANALYSING:
            assert time.monotonic() < deadline, "the worker never claimed the item"
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)  # dies mid-item, as under the OOM killer
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()

    item.refresh_from_db()
    assert item.status == MediaItem.Status.ANALYSING and item.lease_until is not None
    assert services.media_reap_expired() == 0  # the lease has not run out yet
    assert services.media_reap_expired(now=item.lease_until + timedelta(seconds=1)) == 1
    item.refresh_from_db()
    assert item.status == MediaItem.Status.UPLOADED and item.lease_until is None
    services.media_analyse(item_id=item.pk)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.NEEDS_REVIEW and item.attempts == 2
    assert item.faces.exists()
