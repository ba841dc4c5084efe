"""Benchmark: the classroom-recording vault (issue #12).

Run by hand (not part of the tests):

    uv run python benchmarks/recordings.py            # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python benchmarks/recordings.py

Measures, in one process:
- sealing a 500 MB upload into the vault (AES-256-GCM in 1 MiB chunks), and the memory it
  takes (peak RSS growth);
- stream start: the time to the first bytes of a player's first request (bytes=0-) and of a
  seek into the middle, through the permission-checked view;
- reading the whole 500 MB back through the view;
- the daily purge of 1,000 expired recordings (each with a small sealed file).
"""

import os
import resource
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beeldwacht.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("PRIVATE_ROOT", tempfile.mkdtemp())

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZE, EXPIRED = 500 * 1024 * 1024, 1000


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    from beeldwacht.actions.schools import add_school
    from beeldwacht.common.permissions import Role
    from beeldwacht.recordings import services
    from beeldwacht.recordings.models import Recording
    from beeldwacht.schools.models import SchoolClass
    from conftest import staff

    call_command("migrate", verbosity=0)
    school = add_school(brin="11BM", name="Benchmarkschool").school
    group = SchoolClass.objects.create(school=school, name="6")
    intern = staff(school, "stagiair@bench.example", Role.INTERN, [group])
    coach = staff(school, "coach@bench.example", Role.INTERN_SUPERVISOR, [group])
    lesson = timezone.localdate() + timedelta(days=3)

    def planned(lesson_on=lesson, told=None):
        recording = services.recording_plan(
            school=school,
            purpose="development",
            school_class=group,
            lesson_on=lesson_on,
            about="",
            supervisor=coach,
            by=intern,
        )
        services.recording_notify(recording=recording, by=intern, now=told)
        recording.refresh_from_db()
        return recording

    with tempfile.TemporaryFile() as source:
        block = os.urandom(1024 * 1024)
        for _ in range(SIZE // len(block)):
            source.write(block)
        source.seek(0)
        before = rss_mb()
        started = time.perf_counter()
        recording = services.recording_upload(
            recording=planned(), source=source, content_type="video/mp4", size=SIZE, by=intern
        )
        sealed = time.perf_counter() - started
    print(
        f"seal 500 MB: {sealed:.1f} s ({SIZE / sealed / 1e6:.0f} MB/s), "
        f"peak RSS grew {rss_mb() - before:.0f} MB"
    )

    client = Client()
    client.force_login(coach)
    url = reverse(
        "recordings:stream", kwargs={"brin": school.brin, "recording_id": recording.public_id}
    )
    for label, header in (
        ("first request (bytes=0-)", "bytes=0-"),
        ("seek to the middle", f"bytes={SIZE // 2}-"),
    ):
        times = []
        for _ in range(10):
            started = time.perf_counter()
            response = client.get(url, HTTP_RANGE=header)
            next(iter(response.streaming_content))
            times.append((time.perf_counter() - started) * 1000)
            response.close()
        print(f"stream start, {label}: median {sorted(times)[5]:.1f} ms (to the first 1 MiB)")
    started = time.perf_counter()
    response = client.get(url)
    total = sum(len(part) for part in response.streaming_content)
    took = time.perf_counter() - started
    print(f"whole 500 MB through the view: {took:.1f} s ({total / took / 1e6:.0f} MB/s)")

    from django.core.files.uploadedfile import SimpleUploadedFile

    long_ago = date(2025, 1, 6)
    told = timezone.make_aware(datetime(2025, 1, 1, 9))
    for _ in range(EXPIRED):
        services.recording_upload(
            recording=planned(long_ago, told),
            source=SimpleUploadedFile("les.mp4", os.urandom(64 * 1024)),
            content_type="video/mp4",
            size=64 * 1024,
            by=intern,
        )
    started = time.perf_counter()
    destroyed = services.purge_expired()
    took = time.perf_counter() - started
    left = Recording.objects.exclude(status="destroyed").count()
    print(
        f"purge {destroyed} expired recordings: {took:.1f} s; kept {left} (the 500 MB one, in time)"
    )


if __name__ == "__main__":
    main()
