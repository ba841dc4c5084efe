"""Benchmark: the daily retention run (issue 13, actions.retention).

Run by hand (not part of the tests):

    uv run python benchmarks/retention.py            # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python benchmarks/retention.py

A board's worth of history at one school: 3,000 pupils who left (8 consent answers each),
1,000 of them named in 300 publications still online; 20,000 photos, 15,000 of them never
published and more than a year old (their files are not on disk: deleting a missing file
costs the storage nothing, so this measures the database side). Measures the first run,
which deletes, and the second, the steady daily cost when nothing more has expired; and the
number of queries each took.
"""

import os
import sys
import tempfile
import time
from datetime import date, datetime
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
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

LEFT, SHOWN, PUBLICATIONS, ITEMS, UNUSED = 3000, 1000, 300, 20_000, 15_000
TODAY = date(2028, 9, 1)


def seed():
    from beeldwacht.actions.schools import add_school
    from beeldwacht.common.permissions import Role
    from beeldwacht.consent.models import Channel, ConsentRecord, ConsentText
    from beeldwacht.media.models import Activity, MediaItem
    from beeldwacht.people.models import Guardian, Pupil
    from beeldwacht.publications.models import Publication, PublicationMedia
    from beeldwacht.schools.models import SchoolClass
    from beeldwacht.takedowns.models import Mention, Placement
    from conftest import staff

    school = add_school(brin="11RT", name="Bewaarschool").school
    group = SchoolClass.objects.create(school=school, name="8")
    author = staff(school, "directie@bench.example", Role.MANAGEMENT)
    text = ConsentText.objects.filter(school=school).first()
    channels = list(Channel.objects.filter(school=school)[:4])
    left_on = date(2026, 7, 10)
    pupils = Pupil.objects.bulk_create(
        Pupil(
            school=school,
            las_number=str(10_000 + n),
            first_name=f"Kind{n}",
            last_name="Oud",
            date_of_birth=date(2014, 1, 1),
            school_class=group,
            left_on=left_on,
        )
        for n in range(LEFT)
    )
    guardian = Guardian.objects.create(school=school, name="Ouder", email="ouder@bench.example")
    at = timezone.make_aware(datetime(2025, 9, 1, 9, 0))
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            school=school,
            pupil=pupil,
            channel=channel,
            kind=kind,
            decision=True,
            decided_on=date(2025, 9, 1),
            guardian=guardian,
            method=ConsentRecord.Method.PORTAL,
            recorded_at=at,
            consent_text=text,
        )
        for pupil in pupils
        for channel in channels
        for kind in ("image", "name")
    )
    activity = Activity.objects.create(school=school, name="Jaar", date=date(2026, 5, 1))
    items = MediaItem.objects.bulk_create(
        MediaItem(
            school=school,
            activity=activity,
            kind=MediaItem.Kind.PHOTO,
            original=f"originals/bench/{n}.jpg",
            original_name=f"{n}.jpg",
            content_type="image/jpeg",
            size_bytes=1,
            sha256=f"{n:064x}",
            status=MediaItem.Status.READY,
        )
        for n in range(ITEMS)
    )
    publications = Publication.objects.bulk_create(
        Publication(
            school=school,
            title=f"Nieuws {n}",
            author=author,
            status=Publication.Status.PUBLISHED,
            published_at=at,
        )
        for n in range(PUBLICATIONS)
    )
    PublicationMedia.objects.bulk_create(
        PublicationMedia(publication=publications[n % PUBLICATIONS], item=item, position=n)
        for n, item in enumerate(items[UNUSED:])
    )
    Placement.objects.bulk_create(
        Placement(
            publication=p,
            channel=channels[0],
            where="https://school.example",
            placed_on=date(2025, 9, 2),
        )
        for p in publications
    )
    Mention.objects.bulk_create(
        Mention(
            publication=publications[n % PUBLICATIONS],
            channel=channels[0],
            kind="image",
            pupil=pupil,
        )
        for n, pupil in enumerate(pupils[:SHOWN])
    )
    return school


def run(label):
    from beeldwacht.actions.retention import apply_retention

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        deleted = apply_retention(today=TODAY)
        seconds = time.perf_counter() - started
    counts = {key: n for counts in deleted.values() for key, n in counts.items()}
    print(f"{label}: {seconds:.2f} s, {len(queries.captured_queries)} queries, deleted {counts}")


def main():
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed()
    print(f"seeded in {time.perf_counter() - started:.1f} s ({connection.vendor})")
    run("first run ")
    run("second run")


if __name__ == "__main__":
    main()
