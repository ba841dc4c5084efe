r"""Benchmark: `beeldwacht consent-transitions` over 1,000 pupils on 1 August (issue 8, "Done
means": the transitions job < 10 s).

Run by hand (not part of the tests):

    uv run python benchmarks/consent_transitions.py            # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench2 \
        uv run python benchmarks/consent_transitions.py

The PostgreSQL database must exist and may be empty; the script migrates it and adds its
school (BRIN 11TD), so drop and re-create it between runs. `--publications` and
`--activities` scale the school (default: the school of benchmarks/takedown_lookup.py,
10,000 publications of 500 activities, about nine minutes; `--publications 1000
--activities 50` is about one school year's news); `--profile` prints where the 1 August run
spends its time.

The school is the one `takedown_lookup.build` makes (1,000 pupils in 40 groups, two guardians
each, participants, half the photos reviewed the fast way, every publication on the website
and placed in the local press), built on 26 June 2026 with the clock frozen by time_machine
(the command takes its day from `timezone.now()`; it has no date option). The school lets
answers lapse every school year, and every guardian and teacher answered on 15 September
2025, in school year 2025-26; every activity, publication and placement lies in that school
year. Then `consent-transitions` runs as the worker would, at 06:00:
- on 31 July 2026: an ordinary day, nothing changed (the daily cost of the scan);
- on 1 August 2026: every answer lapses, so every live placement of everyone shown or
  possibly shown gets its ledger entry (website corrected at once, a task for the press);
- on 2 August 2026: the second run, which must open nothing (idempotent).
Each run: seconds, queries, ledger entries and tasks opened, owner mails.
"""

import io
import os
import resource
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
# Mail composed as in production, kept in memory instead of sent.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

import time_machine  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.takedown_lookup import ACTIVITIES, PUBLICATIONS, build, counting  # noqa: E402

BUILT = datetime(2026, 6, 26, 12, 0)
ANSWERED = date(2025, 9, 15)
FIRST_ACTIVITY, LAST_ACTIVITY = date(2025, 9, 1), date(2026, 6, 25)
RUNS = [
    ("31 July (ordinary day)", datetime(2026, 7, 31, 6, 0)),
    ("1 August (lapse)", datetime(2026, 8, 1, 6, 0)),
    ("2 August (second run)", datetime(2026, 8, 2, 6, 0)),
]


def run(traveller, when: datetime, *, profile: bool = False) -> dict:
    from beeldwacht.takedowns.models import Takedown

    traveller.move_to(timezone.make_aware(when))
    before = Takedown.objects.count()
    tasks_before = Takedown.objects.filter(status=Takedown.Status.OPEN).count()
    mail.outbox = []
    out = io.StringIO()
    counter, seen = counting()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    with connection.execute_wrapper(counter):
        call_command("consent-transitions", stdout=out)
    seconds = time.perf_counter() - t0
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return {
        "seconds": seconds,
        "queries": len(seen),
        "opened": Takedown.objects.count() - before,
        "tasks": Takedown.objects.filter(status=Takedown.Status.OPEN).count() - tasks_before,
        "mails": len(mail.outbox),
        "mail_kb": sum(len(m.body) for m in mail.outbox) / 1024,
        "output": out.getvalue().strip(),
    }


def main():
    import argparse

    from beeldwacht.media.models import Face, Participant
    from beeldwacht.takedowns.models import Mention, Placement

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=int, default=PUBLICATIONS)
    parser.add_argument("--activities", type=int, default=ACTIVITIES)
    parser.add_argument("--profile", action="store_true", help="profile the 1 August run")
    args = parser.parse_args()

    with time_machine.travel(timezone.make_aware(BUILT), tick=True) as traveller:
        started = time.perf_counter()
        build(
            today=BUILT.date(),
            answered_on=ANSWERED,
            first_activity=FIRST_ACTIVITY,
            last_activity=LAST_ACTIVITY,
            publications=args.publications,
            activities=args.activities,
            lapses_yearly=True,
        )
        print(
            f"{connection.vendor}: built in {time.perf_counter() - started:.0f} s: "
            f"{args.publications} publications, {args.activities} activities, "
            f"{Placement.objects.count()} placements, {Face.objects.count()} faces, "
            f"{Participant.objects.count()} participants, {Mention.objects.count()} mentions"
        )
        for label, when in RUNS:
            lapse = when.month == 8 and when.day == 1
            result = run(traveller, when, profile=args.profile and lapse)
            print(
                f"  {label:<23} {result['seconds']:7.2f} s   {result['queries']:6d} queries   "
                f"{result['opened']:6d} ledger entries ({result['tasks']} tasks)   "
                f"{result['mails']} mail(s), {result['mail_kb']:.0f} kB   "
                f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
