"""Benchmark: the staff consent matrix and `consent-matrix` for a school of 1,000 pupils.

Run by hand (not part of the tests):

    uv run python benchmarks/consent_matrix.py            # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python benchmarks/consent_matrix.py

It builds a school of 1,000 pupils in 8 groups, two guardians each, and a full set of answers
for 8 channels x 3 kinds from most guardians (about 40,000 consent records), then measures:
- the staff group page (one group of 125 pupils) and a whole-school grid: queries and time;
- `consent-matrix --format json` for the whole school (24,000 rows): queries and time.
Targets: a constant number of queries, the page under 150 ms.
"""

import io
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

PUPILS, GROUPS, RUNS = 1000, 8, 15


def build():
    import random

    from beeldwacht.accounts.models import User
    from beeldwacht.actions.schools import add_school
    from beeldwacht.common.permissions import Role
    from beeldwacht.consent.models import Channel, ConsentRecord, ConsentText, Kind
    from beeldwacht.people.models import Guardian, Guardianship, Pupil
    from beeldwacht.schools.models import Membership, SchoolClass

    call_command("migrate", verbosity=0)
    rng = random.Random(1)
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
        guardians = Guardian.objects.bulk_create(
            Guardian(school=school, name=f"Ouder {i}", email=f"ouder{i}@bench.example")
            for i in range(PUPILS * 2)
        )
        Guardianship.objects.bulk_create(
            Guardianship(pupil=p, guardian=guardians[2 * i + n], position=n + 1)
            for i, p in enumerate(pupils)
            for n in (0, 1)
        )
        channels = list(Channel.objects.filter(school=school))
        text = ConsentText.objects.get(school=school)
        now = timezone.now()
        records = []
        for i, pupil in enumerate(pupils):
            for n in (0, 1):
                if rng.random() < 0.15:
                    continue
                for channel in channels:
                    for kind in (Kind.IMAGE, Kind.SOUND, Kind.NAME):
                        records.append(
                            ConsentRecord(
                                school=school,
                                pupil=pupil,
                                channel=channel,
                                kind=kind,
                                decision=rng.random() < 0.8,
                                decided_on=date(2025, 9, 1),
                                guardian=guardians[2 * i + n],
                                method="portal",
                                recorded_at=now,
                                consent_text=text,
                            )
                        )
        ConsentRecord.objects.bulk_create(records, batch_size=5000)
        director = User.objects.create_user("directeur@bench.example", password="x")
        Membership.objects.create(school=school, user=director, role=Role.MANAGEMENT)
    return school, classes[0], director, len(records)


def measure(label, func):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        func()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"{label:<48} {len(queries):>3} queries   median {statistics.median(times):7.1f} ms"
        f"   p90 {sorted(times)[int(RUNS * 0.9) - 1]:7.1f} ms"
    )


def main():
    school, group, director, record_count = build()
    print(f"{connection.vendor}: {PUPILS} pupils, {GROUPS} groups, {record_count} consent records")
    client = Client()
    client.force_login(director)
    group_url = reverse("consent:group", kwargs={"brin": school.brin, "class_id": group.public_id})

    def page():
        response = client.get(group_url)
        assert response.status_code == 200

    def page_name_kind():
        client.get(group_url, {"kind": "name", "only": "attention"})

    def cli():
        call_command(
            "consent-matrix", "--school", school.brin, "--format", "json", stdout=io.StringIO()
        )

    from beeldwacht.consent.selectors import channels_for, consent_grid, pupils_for

    def whole_school_grid():
        consent_grid(
            school, list(pupils_for(school)), list(channels_for(school)), timezone.localdate()
        )

    measure(f"staff group page ({PUPILS // GROUPS} pupils x 8 channels)", page)
    measure("staff group page, kind=name, only attention", page_name_kind)
    measure(f"whole-school grid ({PUPILS} x 8 x 3 decisions)", whole_school_grid)
    measure("consent-matrix --format json (whole school)", cli)


if __name__ == "__main__":
    main()
