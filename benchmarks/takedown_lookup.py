r"""Benchmark: a withdrawal at a school with 10,000 publications, 100,000 faces and 500
activities, possible appearances included (issue 8, "Done means": lookup and ledger median
< 250 ms on PostgreSQL).

Run by hand (not part of the tests):

    uv run python benchmarks/takedown_lookup.py            # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench2 \
        uv run python benchmarks/takedown_lookup.py

The PostgreSQL database must exist and may be empty (`createdb bench2`); the script migrates
it and adds its school (BRIN 11TD), so drop and re-create it between runs. `--publications`
and `--activities` scale the school down for a quick try.

The school (`build`, also used by benchmarks/consent_transitions.py): 1,000 pupils in 40
groups of 25, two guardians each with parental authority, one teacher per group. The guardians
of two pupils per group refuse image consent for the website and the local press; everyone
else (and every teacher) gives image and name consent on both. 500 activities of one group,
every fifth of two, with their participants fixed as `activity_create` does (the groups'
pupils and teachers). 10,000 publications, 20 per activity, one photo each with ten faces of
its pupils (100,000 faces), published on the website and placed in the local press. Half the
photos are reviewed the fast way: only the refusers are marked, the other faces stay
unidentified, and `PublishedItem.checked` holds the review's exception list (the refusers
among the participants). The other half are reviewed thoroughly: every face marked, and a
`Mention` per shown pupil and channel. One pupil per group is never marked anywhere.

Then, for 20 consenting pupils who were never marked (found only as possible appearances)
and 20 who were also marked on thorough photos:
- `affected_placements`: the lookup alone, after a refusal of image consent on both channels
  recorded directly (queries, time);
- the whole withdrawal of image consent on both channels through
  `actions.consent.record_consent` by one
  guardian on the portal, with its ledger entries (queries, time, entries opened).
Each run is rolled back, so every run starts from the same state.
"""

import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beeldwacht.settings")
# Mail composed as in production, kept in memory instead of sent.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

GROUPS, PER_GROUP, FACES_PER_PHOTO = 40, 25, 10
PUPILS = GROUPS * PER_GROUP
PUBLICATIONS, ACTIVITIES, RUNS = 10_000, 500, 20
REFUSING = (5, 15)  # the places in each group of the pupils whose guardians refuse images


class Rollback(Exception):
    pass


@dataclass
class School:
    school: object
    pupils: list
    guardians: list  # the first guardian of each pupil, in the order of `pupils`
    teachers: list
    channels: list  # website, press
    refusers: set  # pupil ids
    never_marked: list  # consenting pupils never identified in any photo
    marked: list  # consenting pupils identified on thorough photos


def build(
    *,
    today: date,
    answered_on: date,
    first_activity: date,
    last_activity: date,
    publications: int = PUBLICATIONS,
    activities: int = ACTIVITIES,
    lapses_yearly: bool = False,
) -> School:
    """The school described in the module docstring, with bulk_create. Answers are dated
    `answered_on`; activities spread from `first_activity` to `last_activity`, each
    publication published and placed on its activity's day."""
    import random

    from beeldwacht.accounts.models import User
    from beeldwacht.actions.schools import add_school
    from beeldwacht.common.permissions import Role
    from beeldwacht.consent.models import Channel, ConsentRecord, ConsentText, Kind
    from beeldwacht.media.models import Activity, Face, MediaItem, MediaReview, Participant
    from beeldwacht.people.models import Guardian, Guardianship, Pupil
    from beeldwacht.publications.models import Publication, PublicationMedia
    from beeldwacht.schools.models import Membership, SchoolClass
    from beeldwacht.schools.models import School as SchoolModel
    from beeldwacht.takedowns.models import Mention, Placement, PublishedItem

    call_command("migrate", verbosity=0)
    rng = random.Random(1)
    now = timezone.now()
    with transaction.atomic():
        school = add_school(brin="11TD", name="Benchmarkschool").school
        if lapses_yearly:
            SchoolModel.objects.filter(pk=school.pk).update(consent_lapses_yearly=True)
            school.consent_lapses_yearly = True
        groups = SchoolClass.objects.bulk_create(
            SchoolClass(school=school, name=f"{1 + g // 5}{'abcde'[g % 5]}") for g in range(GROUPS)
        )
        pupils = Pupil.objects.bulk_create(
            (
                Pupil(
                    school=school,
                    las_number=str(10000 + i),
                    first_name=f"Kind{i}",
                    last_name="Test",
                    date_of_birth=today
                    - timedelta(days=365 * (5 + (i // PER_GROUP) // 5) + i % 300),
                    school_class=groups[i // PER_GROUP],
                )
                for i in range(PUPILS)
            ),
            batch_size=5000,
        )
        guardians = Guardian.objects.bulk_create(
            (
                Guardian(school=school, name=f"Ouder {i}.{n}", email=f"ouder{i}.{n}@bench.example")
                for i in range(PUPILS)
                for n in (1, 2)
            ),
            batch_size=5000,
        )
        pairs = [(guardians[2 * i], guardians[2 * i + 1]) for i in range(PUPILS)]
        Guardianship.objects.bulk_create(
            (
                Guardianship(pupil=p, guardian=g, position=n)
                for p, pair in zip(pupils, pairs, strict=True)
                for n, g in enumerate(pair, start=1)
            ),
            batch_size=5000,
        )
        author = User.objects.create_user("directeur@bench.example", password="x")
        Membership.objects.create(school=school, user=author, role=Role.MANAGEMENT)
        teachers = User.objects.bulk_create(
            User(email=f"juf{g}@bench.example", first_name=f"Juf{g}", password="!")
            for g in range(GROUPS)
        )
        memberships = Membership.objects.bulk_create(
            Membership(school=school, user=t, role=Role.TEACHER) for t in teachers
        )
        Membership.classes.through.objects.bulk_create(
            Membership.classes.through(membership=m, schoolclass=g)
            for m, g in zip(memberships, groups, strict=True)
        )
        channels = [Channel.objects.get(school=school, key=k) for k in ("website", "press")]
        text = ConsentText.objects.get(school=school)
        refusers = {p.pk for i, p in enumerate(pupils) if i % PER_GROUP in REFUSING}
        ConsentRecord.objects.bulk_create(
            (
                ConsentRecord(
                    school=school,
                    pupil=p,
                    channel=c,
                    kind=kind,
                    decision=not (kind == Kind.IMAGE and p.pk in refusers),
                    decided_on=answered_on,
                    guardian=g,
                    method="portal",
                    recorded_at=now,
                    consent_text=text,
                )
                for p, pair in zip(pupils, pairs, strict=True)
                for g in pair
                for c in channels
                for kind in (Kind.IMAGE, Kind.NAME)
            ),
            batch_size=5000,
        )
        ConsentRecord.objects.bulk_create(
            ConsentRecord(
                school=school,
                staff_member=t,
                channel=c,
                kind=kind,
                decision=True,
                decided_on=answered_on,
                decided_by_self=True,
                method="staff",
                recorded_at=now,
                consent_text=text,
            )
            for t in teachers
            for c in channels
            for kind in (Kind.IMAGE, Kind.NAME)
        )

        # Activities of one group, every fifth of two; participants fixed on the day.
        span = (last_activity - first_activity).days
        activity_rows = Activity.objects.bulk_create(
            Activity(
                school=school,
                name=f"Activiteit {a}",
                date=first_activity + timedelta(days=span * a // max(activities - 1, 1)),
                created_by=author,
            )
            for a in range(activities)
        )
        activity_groups = [
            [a % GROUPS, (a + 1) % GROUPS] if a % 5 == 0 else [a % GROUPS]
            for a in range(activities)
        ]
        Activity.classes.through.objects.bulk_create(
            Activity.classes.through(activity=a, schoolclass=groups[g])
            for a, gs in zip(activity_rows, activity_groups, strict=True)
            for g in gs
        )
        members = {
            g: pupils[g * PER_GROUP : (g + 1) * PER_GROUP] for g in range(GROUPS)
        }  # pupils of group g
        Participant.objects.bulk_create(
            (
                participant
                for a, gs in zip(activity_rows, activity_groups, strict=True)
                for g in gs
                for participant in (
                    *(Participant(activity=a, pupil=p, source="group") for p in members[g]),
                    Participant(activity=a, staff_member=teachers[g], source="group"),
                )
            ),
            batch_size=5000,
        )

        # One photo per publication, 20 publications per activity; half of each activity's
        # photos reviewed the fast way.
        never_marked = [members[g][0] for g in range(GROUPS)]  # index 0: never a refuser
        hidden = {p.pk for p in never_marked}
        publication_activity = [n % activities for n in range(publications)]
        fast = [(n // activities) % 2 == 1 for n in range(publications)]
        items = MediaItem.objects.bulk_create(
            (
                MediaItem(
                    school=school,
                    activity=activity_rows[a],
                    kind="photo",
                    original=f"bench/{n}.jpg",
                    original_name=f"{n}.jpg",
                    content_type="image/jpeg",
                    size_bytes=1,
                    sha256=f"{n:064d}",
                    status="ready",
                    width=4000,
                    height=3000,
                    analysed_at=now,
                )
                for n, a in enumerate(publication_activity)
            ),
            batch_size=5000,
        )
        there = [[p for g in activity_groups[a] for p in members[g]] for a in range(activities)]
        shown = []  # per photo: the pupils whose faces are in it
        for n, a in enumerate(publication_activity):
            crowd = there[a] if fast[n] else [p for p in there[a] if p.pk not in hidden]
            shown.append(rng.sample(crowd, FACES_PER_PHOTO))
        Face.objects.bulk_create(
            (
                Face(
                    item=item,
                    x1=40 * k,
                    y1=0,
                    x2=40 * k + 30,
                    y2=30,
                    score=0.9,
                    source="detector",
                    # Fast review: only the refusers marked; thorough: everyone.
                    pupil=pupil if (pupil.pk in refusers or not quick) else None,
                    resolved_by=author if (pupil.pk in refusers or not quick) else None,
                    resolved_at=now if (pupil.pk in refusers or not quick) else None,
                )
                for item, people, quick in zip(items, shown, fast, strict=True)
                for k, pupil in enumerate(people)
            ),
            batch_size=10_000,
        )
        exceptions = [
            sorted(f"pupil:{p.pk}" for p in there[a] if p.pk in refusers) for a in range(activities)
        ]
        reviewed_at = [
            timezone.make_aware(datetime.combine(activity_rows[a].date, clock(16)))
            for a in range(activities)
        ]
        MediaReview.objects.bulk_create(
            (
                MediaReview(
                    item=item,
                    channel=c,
                    exceptions=exceptions[a],
                    reviewed_by=author,
                    reviewed_at=reviewed_at[a],
                )
                for item, a in zip(items, publication_activity, strict=True)
                for c in channels
            ),
            batch_size=10_000,
        )
        publication_rows = Publication.objects.bulk_create(
            (
                Publication(
                    school=school,
                    title=f"Nieuws {n}",
                    author=author,
                    activity=activity_rows[a],
                    decided_by=author,
                    decided_at=reviewed_at[a],
                    status="published",
                    published_at=reviewed_at[a] + timedelta(hours=1),
                )
                for n, a in enumerate(publication_activity)
            ),
            batch_size=5000,
        )
        Publication.channels.through.objects.bulk_create(
            (
                Publication.channels.through(publication=p, channel=c)
                for p in publication_rows
                for c in channels
            ),
            batch_size=10_000,
        )
        PublicationMedia.objects.bulk_create(
            (
                PublicationMedia(publication=p, item=i)
                for p, i in zip(publication_rows, items, strict=True)
            ),
            batch_size=10_000,
        )
        PublishedItem.objects.bulk_create(
            (
                PublishedItem(
                    publication=p,
                    item=i,
                    channel=c,
                    unidentified_faces=(
                        sum(1 for pupil in people if pupil.pk not in refusers) if quick else 0
                    ),
                    checked=exceptions[a],
                )
                for p, i, a, people, quick in zip(
                    publication_rows, items, publication_activity, shown, fast, strict=True
                )
                for c in channels
            ),
            batch_size=10_000,
        )
        Placement.objects.bulk_create(
            (
                Placement(
                    publication=p,
                    channel=c,
                    where=f"{c.key}/{p.pk}",
                    placed_on=activity_rows[a].date,
                )
                for p, a in zip(publication_rows, publication_activity, strict=True)
                for c in channels
            ),
            batch_size=10_000,
        )
        # Who a thorough photo shows, unblurred: the marked pupils with consent.
        Mention.objects.bulk_create(
            (
                Mention(publication=p, channel=c, kind="image", pupil=pupil)
                for p, people, quick in zip(publication_rows, shown, fast, strict=True)
                if not quick
                for c in channels
                for pupil in people
                if pupil.pk not in refusers
            ),
            batch_size=10_000,
        )
        # Guardians who log in to the portal (only the first of each measured pupil).
        marked = [members[g][1] for g in range(GROUPS)]  # index 1: never a refuser
        first = {p.pk: pair[0] for p, pair in zip(pupils, pairs, strict=True)}
        users = User.objects.bulk_create(
            User(email=first[p.pk].email, password="!") for p in never_marked + marked
        )
        for p, user in zip(never_marked + marked, users, strict=True):
            first[p.pk].user = user
        Guardian.objects.bulk_update([first[p.pk] for p in never_marked + marked], ["user"])
    # Table statistics, as autovacuum (PostgreSQL) would gather after a bulk load; without
    # them the planner may scan whole tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return School(
        school=school,
        pupils=pupils,
        guardians=[pair[0] for pair in pairs],
        teachers=teachers,
        channels=channels,
        refusers=refusers,
        never_marked=never_marked,
        marked=marked,
    )


def counting():
    """A query counter for `connection.execute_wrapper`: returns (wrapper, list of SQL)."""
    seen = []

    def counter(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    return counter, seen


def measure(bench: School, pupil, guardian) -> dict:
    """The lookup and the withdrawal for one pupil, each rolled back."""
    from beeldwacht.consent.models import ConsentRecord, Kind
    from beeldwacht.consent.services import Choice
    from beeldwacht.takedowns.actions import record_consent
    from beeldwacht.takedowns.ledger import affected_placements
    from beeldwacht.takedowns.models import Takedown

    result = {}
    try:
        with transaction.atomic():
            # A refusal recorded directly, so the lookup sees a lost consent.
            text_id = ConsentRecord.objects.filter(pupil=pupil).values_list(
                "consent_text_id", flat=True
            )[0]
            ConsentRecord.objects.bulk_create(
                ConsentRecord(
                    school=bench.school,
                    pupil=pupil,
                    channel=c,
                    kind=Kind.IMAGE,
                    decision=False,
                    decided_on=timezone.localdate(),
                    guardian=guardian,
                    method="portal",
                    recorded_at=timezone.now(),
                    consent_text_id=text_id,
                )
                for c in bench.channels
            )
            counter, seen = counting()
            t0 = time.perf_counter()
            with connection.execute_wrapper(counter):
                found = affected_placements(
                    school=bench.school, pupil_ids=[pupil.pk], on=timezone.localdate()
                )
            result["lookup_ms"] = (time.perf_counter() - t0) * 1000
            result["lookup_queries"] = len(seen)
            result["found"] = len(found)
            result["possible"] = sum(1 for _p, _k, maybe in found if maybe)
            assert found, f"nothing found for pupil {pupil.pk}"
            raise Rollback
    except Rollback:
        pass
    try:
        with transaction.atomic():
            counter, seen = counting()
            t0 = time.perf_counter()
            with connection.execute_wrapper(counter):
                record_consent(
                    pupil=pupil,
                    choices=[Choice(c, Kind.IMAGE, False) for c in bench.channels],
                    guardian=guardian,
                    by=guardian.user,
                    method="portal",
                    on=timezone.localdate(),
                )
            result["withdrawal_ms"] = (time.perf_counter() - t0) * 1000
            result["withdrawal_queries"] = len(seen)
            opened = Takedown.objects.filter(pupil=pupil)
            result["opened"] = opened.count()
            result["tasks"] = opened.filter(status=Takedown.Status.OPEN).count()
            raise Rollback
    except Rollback:
        pass
    return result


def report(label: str, runs: list[dict]) -> None:
    def stat(key):
        values = [r[key] for r in runs]
        return statistics.median(values), max(values)

    for what in ("lookup", "withdrawal"):
        (q, q_max), (ms, ms_max) = stat(f"{what}_queries"), stat(f"{what}_ms")
        print(
            f"  {label:<13} {what:<10} queries median {q:4.0f} max {q_max:4.0f}   "
            f"median {ms:7.1f} ms   max {ms_max:7.1f} ms"
        )
    found, possible = stat("found")[0], stat("possible")[0]
    opened, tasks = stat("opened")[0], stat("tasks")[0]
    print(
        f"  {label:<13} per pupil: {found:.0f} placements found ({possible:.0f} possible), "
        f"{opened:.0f} ledger entries opened ({tasks:.0f} tasks)"
    )


def main():
    import argparse

    from beeldwacht.media.models import Face, Participant
    from beeldwacht.takedowns.models import Mention, PublishedItem

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=int, default=PUBLICATIONS)
    parser.add_argument("--activities", type=int, default=ACTIVITIES)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()

    started = time.perf_counter()
    today = timezone.localdate()
    bench = build(
        today=today,
        answered_on=today - timedelta(days=60),
        first_activity=today - timedelta(days=59),
        last_activity=today - timedelta(days=1),
        publications=args.publications,
        activities=args.activities,
    )
    print(
        f"{connection.vendor} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs): "
        f"built in {time.perf_counter() - started:.0f} s: "
        f"{args.publications} publications, {args.activities} activities, "
        f"{Face.objects.count()} faces, {Participant.objects.count()} participants, "
        f"{Mention.objects.count()} mentions, "
        f"{PublishedItem.objects.filter(unidentified_faces__gt=0).count()} published items "
        f"with unidentified faces"
    )
    guardian_of = {p.pk: g for p, g in zip(bench.pupils, bench.guardians, strict=True)}
    for label, pupils in (("never marked", bench.never_marked), ("also marked", bench.marked)):
        runs = [measure(bench, p, guardian_of[p.pk]) for p in pupils[: args.runs]]
        report(label, runs)


if __name__ == "__main__":
    main()
