"""Benchmark: checking a 1,000-word text against a roster of 1,000 pupils, after warm-up.

    uv run python benchmarks/text_checks.py

Target (issue 3): < 100 ms per 1,000 words once deduce is loaded. Reports the split between
the PII finder (deduce) and our own rules.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beeldwacht.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

FIRST = "Sanne Daan Emma Noah Julia Sem Mila Liam Tess Lucas Zoë Finn Nora Levi Saar Bram".split()
LAST = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("", "Visser"),
    ("de", "Boer"),
]
SENTENCES = [
    "Afgelopen week ging groep {g} naar het Natuurmuseum in de stad.",
    "{name} vond de dinosaurussen het mooist en maakte een tekening.",
    "De ouders die meereden, willen we hartelijk bedanken voor hun hulp.",
    "Na de lunch in het park speelden de kinderen een spel met de juf.",
    "{name} en {name2} wonnen samen de quiz over fossielen.",
    "Volgende maand staat de sportdag op het programma, bij goed weer.",
]


def main() -> None:
    from beeldwacht.actions.schools import add_school
    from beeldwacht.consent.models import Channel
    from beeldwacht.people.models import Pupil
    from beeldwacht.publications.pii import get_deduce
    from beeldwacht.publications.text import text_findings
    from beeldwacht.schools.models import SchoolClass

    call_command("migrate", verbosity=0)
    rng = random.Random(3)
    school = add_school(brin="33BM", name="Benchmarkschool").school
    groups = [SchoolClass.objects.create(school=school, name=str(g)) for g in range(1, 9)]
    Pupil.objects.bulk_create(
        Pupil(
            school=school,
            las_number=str(20000 + n),
            first_name=rng.choice(FIRST),
            infix=(last := rng.choice(LAST))[0],
            last_name=last[1],
            date_of_birth=date(2016, 1, 1) + timedelta(days=n % 900),
            school_class=groups[n % 8],
        )
        for n in range(1000)
    )
    words, parts = 0, []
    while words < 1000:
        sentence = rng.choice(SENTENCES).format(
            g=rng.randint(1, 8), name=rng.choice(FIRST), name2=rng.choice(FIRST)
        )
        parts.append(sentence)
        words += len(sentence.split())
    text = " ".join(parts)
    channel = Channel.objects.get(school=school, key="website")
    started = time.perf_counter()
    deduce = get_deduce()
    print(f"deduce loaded in {time.perf_counter() - started:.1f} s")
    text_findings(school, channel, text, on=date.today())  # warm caches

    def timed(func, runs=15):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            func()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    total = timed(lambda: text_findings(school, channel, text, on=date.today()))
    finder = timed(lambda: deduce.deidentify(text))
    print(f"{words} words, roster of 1,000 pupils: {total:.0f} ms per check (median)")
    print(f"  of which deduce {finder:.0f} ms; roster, consent and rules {total - finder:.0f} ms")


if __name__ == "__main__":
    main()
