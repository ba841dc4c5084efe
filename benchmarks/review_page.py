"""Benchmark: the exception review of a 52-face class photo (issue #11), page weight and time.

Run by hand (not part of the tests):

    uv run python benchmarks/review_page.py            # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python benchmarks/review_page.py

It builds a school of 600 pupils in 20 groups; a trip of one group (30 pupils, 2 teachers)
with a class photo of 52 detected faces (4 rows of 13), three children without consent for
the website, two of them already marked. It measures the review page for the website as
the director sees it (who may mark every pupil): bytes of HTML, queries, and server time.
Target: at most 300 KB of HTML, a number of queries that does not grow with the faces.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
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
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

PUPILS, GROUPS, ROWS, PER_ROW, RUNS = 600, 20, 4, 13, 15


def build():
    from allauth.mfa.totp.internal.auth import TOTP

    from beeldwacht.accounts.models import User
    from beeldwacht.actions.schools import add_school
    from beeldwacht.common.permissions import Role
    from beeldwacht.consent.models import Channel, ConsentRecord, ConsentText, Kind
    from beeldwacht.media import services
    from beeldwacht.media.models import Face, MediaItem
    from beeldwacht.media.tests.photos import class_photo, jpeg_bytes
    from beeldwacht.people.models import Guardian, Guardianship, Pupil
    from beeldwacht.schools.models import Membership, SchoolClass

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        school = add_school(brin="11BM", name="Benchmarkschool").school
        classes = [
            SchoolClass.objects.create(school=school, name=str(g + 1)) for g in range(GROUPS)
        ]
        pupils = Pupil.objects.bulk_create(
            Pupil(
                school=school,
                las_number=str(10000 + i),
                first_name=f"Kind{i}",
                last_name="Test",
                date_of_birth=date(2016, 1, 1) + timedelta(days=i % 900),
                school_class=classes[i % GROUPS],
            )
            for i in range(PUPILS)
        )
        director = User.objects.create_user("directeur@bench.example", password="x")
        Membership.objects.create(school=school, user=director, role=Role.MANAGEMENT)
        TOTP.activate(director, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # the school requires it
        for n in range(2):
            teacher = User.objects.create_user(f"juf{n}@bench.example", password="x")
            Membership.objects.create(school=school, user=teacher, role=Role.TEACHER)
        website = Channel.objects.get(school=school, key="website")
        text = ConsentText.objects.get(school=school)
        group = [p for p in pupils if p.school_class_id == classes[0].pk]
        for pupil in group[:3]:  # three children of the trip without consent for the website
            guardian = Guardian.objects.create(
                school=school, name=f"Ouder {pupil.las_number}", email=f"{pupil.las_number}@x.nl"
            )
            Guardianship.objects.create(pupil=pupil, guardian=guardian, position=1)
            ConsentRecord.objects.create(
                school=school,
                pupil=pupil,
                channel=website,
                kind=Kind.IMAGE,
                decision=False,
                decided_on=date(2025, 9, 1),
                guardian=guardian,
                method="portal",
                recorded_at=timezone.now(),
                consent_text=text,
            )
        trip = services.activity_create(
            school=school,
            name="Schoolreis",
            date=timezone.localdate(),
            classes=[classes[0]],
            by=director,
        )
        image, boxes = class_photo(ROWS, PER_ROW)
        item = services.media_upload(
            activity=trip, name="klas.jpg", data=jpeg_bytes(image), by=director
        )
    faces = Face.objects.bulk_create(
        Face(item=item, x1=x1, y1=y1, x2=x2, y2=y2, source=Face.Source.DETECTOR)
        for x1, y1, x2, y2 in boxes
    )
    MediaItem.objects.filter(pk=item.pk).update(
        status=MediaItem.Status.NEEDS_REVIEW, width=image.width, height=image.height
    )
    for face, pupil in zip(faces[:2], group[:2], strict=True):
        services.face_mark(face=face, pupil=pupil, by=director)
    return school, trip, director


def main():
    school, trip, director = build()
    client = Client()
    client.force_login(director)
    url = reverse(
        "media:review",
        kwargs={"brin": school.brin, "activity_id": trip.public_id, "channel_key": "website"},
    )
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"{connection.vendor}: review of a {ROWS * PER_ROW}-face photo, {PUPILS} pupils: "
        f"{len(response.content) / 1000:.0f} KB HTML, {len(queries)} queries, "
        f"median {statistics.median(times):.1f} ms, p90 {sorted(times)[int(RUNS * 0.9) - 1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
