"""A board's set-up: `beeldwacht worker` with two processes on PostgreSQL, the originals in
S3-compatible storage (moto's S3 server on 127.0.0.1, reached over HTTP as MinIO would be).
They share a batch of 200 photos; one process is killed mid-batch. Every photo ends analysed
exactly once: one completed analysis per photo in the workers' own log, and no claim more
than the photos plus what the reaper gave back."""

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import boto3
import pytest
from django.db import connection

from beeldwacht.media import services
from beeldwacht.media.models import MediaItem
from beeldwacht.media.tests.photos import group_photo, jpeg_bytes
from beeldwacht.tests.installations import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

PHOTOS = 200
BUCKET = "beeldwacht-board"


@pytest.fixture
def s3_server(monkeypatch):
    """A real S3 server on 127.0.0.1; this test process stores its uploads there too."""
    from moto.server import ThreadedMotoServer
    from storages.backends.s3 import S3Storage

    monkeypatch.setattr(logging.getLogger("werkzeug"), "level", logging.WARNING)  # per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    settings = {
        "S3_ENDPOINT_URL": f"http://{host}:{port}",
        "S3_REGION": "eu-west-1",
        "S3_ACCESS_KEY_ID": "board",
        "S3_SECRET_ACCESS_KEY": "board-secret",
        "S3_BUCKET": BUCKET,
        "S3_PREFIX": "beeldwacht",
    }
    boto3.client(
        "s3",
        endpoint_url=settings["S3_ENDPOINT_URL"],
        region_name="eu-west-1",
        aws_access_key_id="board",
        aws_secret_access_key="board-secret",
    ).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    storage = S3Storage(
        bucket_name=BUCKET,
        endpoint_url=settings["S3_ENDPOINT_URL"],
        region_name="eu-west-1",
        access_key="board",
        secret_key="board-secret",
        default_acl=None,
        file_overwrite=False,
        location="beeldwacht",
    )
    monkeypatch.setattr(MediaItem._meta.get_field("original"), "storage", storage)
    try:
        yield settings
    finally:
        server.stop()


def worker_processes(parent: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{parent}/task/{parent}/children").read_text().split()]


def test_two_worker_processes_share_200_photos_on_s3_and_survive_one_killed(
    s3_server, school, groep5, juf_anna, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("several workers share one queue on PostgreSQL: runs in the PostgreSQL leg")
    trip = services.activity_create(
        school=school, name="Schoolreis", date=date(2026, 6, 12), classes=[groep5], by=juf_anna
    )
    photo, boxes = group_photo()
    for n in range(PHOTOS):
        data = jpeg_bytes(photo, comment=f"foto {n}".encode())  # each upload its own bytes
        services.media_upload(activity=trip, name=f"foto-{n}.jpg", data=data, by=juf_anna)

    db = connection.settings_dict
    env = {
        **os.environ,
        **s3_server,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PRIVATE_STORAGE": "s3",
        "MEDIA_ANALYSIS_LEASE_SECONDS": "3",  # the killed process's photo comes back soon
        "AUDIT_ANCHOR_DIR": str(tmp_path / "anchors"),
        "LOG_FORMAT": "json",
    }
    log = tmp_path / "worker.log"
    started = time.monotonic()
    with log.open("w") as output:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "beeldwacht",
                "worker",
                "--processes",
                "2",
                "--interval",
                "0.05",
            ],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            done = MediaItem.objects.filter(status=MediaItem.Status.NEEDS_REVIEW)
            deadline = time.monotonic() + 240
            while done.count() < PHOTOS // 4:
                assert time.monotonic() < deadline, "the workers analysed too little"
                time.sleep(0.05)
            victim = worker_processes(worker.pid)[0]
            os.kill(victim, signal.SIGKILL)  # as the out-of-memory killer would
            while done.count() < PHOTOS:
                assert time.monotonic() < deadline, "not every photo was analysed"
                time.sleep(0.2)
            took = time.monotonic() - started
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    analysed = Counter(line["item"] for line in lines if line["message"].startswith("Analysed"))
    returned = [line["item_pk"] for line in lines if line["message"].startswith("Returned")]
    items = MediaItem.objects.filter(activity=trip)
    assert sorted(analysed) == sorted(str(i.public_id) for i in items)
    assert set(analysed.values()) == {1}, "a photo was analysed more than once"
    # Every claim either completed or died with the killed process and was given back.
    assert sum(i.attempts for i in items) == PHOTOS + len(returned)
    assert len(returned) <= 1
    assert all(i.faces.count() == len(boxes) for i in items)
    print(f"{PHOTOS} photos, 2 worker processes, one killed: {took:.1f} s; returned: {returned}")
