r"""Benchmark: how long a roster import holds the database on the default SQLite (issue 9,
finding 6: "a long import locks logins out").

Run by hand (not part of the tests):

    uv run python benchmarks/roster_import.py                # 2,000 and 6,000 pupils
    uv run python benchmarks/roster_import.py --pupils 3000

An import is all or nothing, so it is one transaction, and on SQLite one writer holds the
write lock for all of it; anyone else who writes meanwhile (a login, a consent answer) waits
up to SQLITE_BUSY_TIMEOUT (30 s by default) and then gets the Dutch "try again in a minute"
page. What counts is therefore the import's own time, measured here around `roster_import`
(the file already parsed): the first import of a school (everyone new: pupils, two guardians
each with a login, guardianships) and the same file again a week later (nothing changed).
Each size runs in a fresh database file.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beeldwacht.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from beeldwacht.common.tabular import read_rows  # noqa: E402
from beeldwacht.people.models import Guardian, Pupil  # noqa: E402
from beeldwacht.people.roster import parse_pupils  # noqa: E402
from beeldwacht.people.services import roster_import  # noqa: E402
from beeldwacht.schools.models import School  # noqa: E402

HEADER = [
    "Leerlingnummer", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum", "Groep",
    "Ouder 1 naam", "Ouder 1 e-mail", "Ouder 1 telefoon", "Ouder 2 naam", "Ouder 2 e-mail",
]  # fmt: skip


def csv_file(pupils: int) -> Path:
    """A school of `pupils` in groups 1 to 8, two guardians each; every tenth pair of
    pupils are siblings who share their guardians. Written as a school's export is."""
    made = [";".join(HEADER)]
    for n in range(pupils):
        family = n - 1 if n % 20 == 1 else n
        grade = 1 + n % 8
        values = [
            str(100000 + n), f"Kind{n}", "", f"Achternaam{family}",
            f"{1 + n % 28:02d}-{1 + n % 12:02d}-{2019 - grade}", f"Groep {grade}{'abc'[n % 3]}",
            f"Ouder A{family}", f"a{family}@example.nl", "0612345678",
            f"Ouder B{family}", f"b{family}@example.nl",
        ]  # fmt: skip
        made.append(";".join(values))
    path = Path(tempfile.mkdtemp()) / "leerlingen.csv"
    path.write_text("\r\n".join(made) + "\r\n", encoding="utf-8-sig")
    return path


def timed_import(school, parsed) -> float:
    started = time.perf_counter()
    report = roster_import(school=school, pupils=parsed, staff=None, problems=[], dry_run=False)
    elapsed = time.perf_counter() - started
    assert report.ok, report.problems
    return elapsed


def run(pupils: int) -> None:
    brin = f"{pupils % 100:02d}BI"
    call_command("add-school", brin, "Grote School", stdout=open(os.devnull, "w"))
    school = School.objects.get(brin=brin)
    file = csv_file(pupils)
    parsed, problems = parse_pupils(read_rows(file), file=file.name, today=timezone.localdate())
    assert not problems, problems[:3]
    first = timed_import(school, parsed)
    counts = (
        Pupil.objects.filter(school=school).count(),
        Guardian.objects.filter(school=school).count(),
    )
    again = timed_import(school, parsed)
    print(
        f"  {pupils:>6} pupils ({counts[0]} pupils, {counts[1]} guardians stored): "
        f"first import {first:5.1f} s, the same file again {again:5.1f} s "
        f"(others wait up to {connection.settings_dict['OPTIONS']['timeout']} s)"
    )


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, nargs="*", default=[2000, 6000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"{connection.vendor}, {os.cpu_count()} CPUs:")
    for pupils in args.pupils:
        run(pupils)


if __name__ == "__main__":
    main()
