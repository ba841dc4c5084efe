"""Benchmark: the takedown lookup when one pupil's consent is withdrawn, in a school with
10,000 published publications and 100,000 faces.

Run by hand (not part of the tests):

    uv run python benchmarks/takedown_lookup.py            # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1/bench uv run python benchmarks/takedown_lookup.py

It builds a school of 1,000 pupils with image and name consent on the website and the
local press, 10,000 publications published on both (one photo each, ten answered faces per
photo: 100,000 faces), each with a website and a press placement, and the Mention facts
publication records (who is shown, on which channel). Then, for 20 different pupils:
- `affected_placements`: the lookup alone (queries, time);
- the whole withdrawal through `consent_record`, which opens the ledger entries in its own
  transaction (rolled back after each run so every run starts from the same state).
Target: a constant number of queries, the withdrawal well under a second.
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

PUPILS, PUBLICATIONS, FACES_PER_PHOTO, RUNS = 1000, 10_000, 10, 20


class Rollback(Exception):
    pass


def build():
    import random

    from beeldwacht.accounts.models import User
    from beeldwacht.common.permissions import Role
    from beeldwacht.consent.models import Channel, ConsentRecord, ConsentText, Kind
    from beeldwacht.media.models import Activity, Face, MediaItem
    from beeldwacht.people.models import Guardian, Guardianship, Pupil
    from beeldwacht.publications.models import (
        Mention,
        Placement,
        Publication,
        PublicationMedia,
    )
    from beeldwacht.schools.models import Membership, SchoolClass
    from beeldwacht.schools.services import school_add

    call_command("migrate", verbosity=0)
    rng = random.Random(1)
    now = timezone.now()
    with transaction.atomic():
        school = school_add(brin="11TD", name="Benchmarkschool").school
        group = SchoolClass.objects.create(school=school, name="5")
        pupils = Pupil.objects.bulk_create(
            Pupil(
                school=school,
                las_number=str(10000 + i),
                first_name=f"Kind{i}",
                last_name="Test",
                date_of_birth=date(2016, 1, 1) + timedelta(days=i % 900),
                school_class=group,
            )
            for i in range(PUPILS)
        )
        guardians = Guardian.objects.bulk_create(
            Guardian(school=school, name=f"Ouder {i}", email=f"ouder{i}@bench.example")
            for i in range(PUPILS)
        )
        Guardianship.objects.bulk_create(
            Guardianship(pupil=p, guardian=g, position=1)
            for p, g in zip(pupils, guardians, strict=True)
        )
        channels = [Channel.objects.get(school=school, key=k) for k in ("website", "press")]
        text = ConsentText.objects.get(school=school)
        ConsentRecord.objects.bulk_create(
            (
                ConsentRecord(
                    school=school,
                    pupil=p,
                    channel=c,
                    kind=kind,
                    decision=True,
                    decided_on=date.today() - timedelta(days=30),
                    guardian=g,
                    method="portal",
                    recorded_at=now,
                    consent_text=text,
                )
                for p, g in zip(pupils, guardians, strict=True)
                for c in channels
                for kind in (Kind.IMAGE, Kind.NAME)
            ),
            batch_size=5000,
        )
        author = User.objects.create_user("directeur@bench.example", password="x")
        Membership.objects.create(school=school, user=author, role=Role.MANAGEMENT)
        activity = Activity.objects.create(school=school, name="Alles", date=date.today())
        items = MediaItem.objects.bulk_create(
            (
                MediaItem(
                    school=school,
                    activity=activity,
                    kind="photo",
                    original=f"bench/{n}.jpg",
                    original_name=f"{n}.jpg",
                    content_type="image/jpeg",
                    size_bytes=1,
                    sha256=f"{n:064d}",
                    status="ready",
                )
                for n in range(PUBLICATIONS)
            ),
            batch_size=5000,
        )
        shown = [rng.sample(pupils, FACES_PER_PHOTO) for _ in items]
        Face.objects.bulk_create(
            (
                Face(item=item, x1=0, y1=0, x2=10, y2=10, source="detected", pupil=pupil)
                for item, people in zip(items, shown, strict=True)
                for pupil in people
            ),
            batch_size=10_000,
        )
        publications = Publication.objects.bulk_create(
            (
                Publication(
                    school=school,
                    title=f"Nieuws {n}",
                    author=author,
                    decided_by=author,
                    status="published",
                    published_at=now,
                )
                for n in range(PUBLICATIONS)
            ),
            batch_size=5000,
        )
        Publication.channels.through.objects.bulk_create(
            (
                Publication.channels.through(publication=p, channel=c)
                for p in publications
                for c in channels
            ),
            batch_size=10_000,
        )
        PublicationMedia.objects.bulk_create(
            (
                PublicationMedia(publication=p, item=i)
                for p, i in zip(publications, items, strict=True)
            ),
            batch_size=10_000,
        )
        Placement.objects.bulk_create(
            (
                Placement(publication=p, channel=c, where=f"{c.key}/{p.pk}", placed_on=date.today())
                for p in publications
                for c in channels
            ),
            batch_size=10_000,
        )
        Mention.objects.bulk_create(
            (
                Mention(publication=p, channel=c, kind="image", pupil=pupil)
                for p, people in zip(publications, shown, strict=True)
                for c in channels
                for pupil in people
            ),
            batch_size=10_000,
        )
    # Table statistics, as autovacuum (PostgreSQL) would gather after a bulk load; without
    # them the planner scans all mentions (~50 ms instead of ~3 ms).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return school, pupils, guardians, channels


def main():
    from beeldwacht.consent.models import ConsentRecord, Kind
    from beeldwacht.consent.services import Choice, consent_record
    from beeldwacht.media.models import Face
    from beeldwacht.publications.models import Mention, Takedown
    from beeldwacht.publications.takedowns import affected_placements

    started = time.perf_counter()
    school, pupils, guardians, channels = build()
    print(
        f"{connection.vendor}: built in {time.perf_counter() - started:.0f} s: "
        f"{PUBLICATIONS} publications, {Face.objects.count()} faces, "
        f"{Mention.objects.count()} mentions"
    )
    website, press = channels
    lookups, withdrawals, queries, opened = [], [], [], []
    for pupil, guardian in list(zip(pupils, guardians, strict=True))[:RUNS]:
        try:
            with transaction.atomic():
                # A refusal recorded directly, so the lookup sees a lost consent.
                ConsentRecord.objects.create(
                    school=school,
                    pupil=pupil,
                    channel=press,
                    kind=Kind.IMAGE,
                    decision=False,
                    decided_on=date.today(),
                    guardian=guardian,
                    method="portal",
                    recorded_at=timezone.now(),
                    consent_text_id=ConsentRecord.objects.filter(pupil=pupil)
                    .values_list("consent_text_id", flat=True)
                    .first(),
                )
                count = []

                def counter(execute, sql, params, many, context, count=count):
                    count.append(sql)
                    return execute(sql, params, many, context)

                t0 = time.perf_counter()
                with connection.execute_wrapper(counter):
                    found = affected_placements(
                        school=school, pupil_ids=[pupil.pk], on=timezone.localdate()
                    )
                lookups.append((time.perf_counter() - t0) * 1000)
                queries.append(len(count))
                assert found and all(p.channel_id == press.pk for p, _key in found)
                raise Rollback
        except Rollback:
            pass
        try:
            with transaction.atomic():
                t0 = time.perf_counter()
                consent_record(
                    pupil=pupil,
                    choices=[Choice(press, Kind.IMAGE, False)],
                    guardian=guardian,
                    by=guardian_user(guardian),
                    method="portal",
                    on=date.today(),
                )
                withdrawals.append((time.perf_counter() - t0) * 1000)
                opened.append(Takedown.objects.filter(pupil=pupil).count())
                raise Rollback
        except Rollback:
            pass
    print(
        f"lookup for one pupil      {statistics.median(queries):>3.0f} queries   "
        f"median {statistics.median(lookups):7.1f} ms   max {max(lookups):7.1f} ms"
    )
    print(
        f"withdrawal + ledger       median {statistics.median(withdrawals):7.1f} ms   "
        f"max {max(withdrawals):7.1f} ms   tasks opened per pupil: median "
        f"{statistics.median(opened):.0f}"
    )


def guardian_user(guardian):
    from beeldwacht.accounts.models import User

    if guardian.user_id is None:
        guardian.user = User.objects.create_user(guardian.email)
        guardian.save(update_fields=["user"])
    return guardian.user


if __name__ == "__main__":
    main()
