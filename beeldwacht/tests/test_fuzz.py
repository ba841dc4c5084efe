"""The fuzz layer (issue #9, build 8): generated rosters, consent files, publication texts and
broken media through the real entry points. The invariants: no crash (only a clear refusal),
a refusal that names what is wrong, nothing half-saved, and nothing of an upload that leaves
besides pixels."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beeldwacht.common.errors import InvalidInput
from beeldwacht.consent.models import Channel, ConsentRecord
from beeldwacht.media import services as media_services
from beeldwacht.media.models import MediaItem
from beeldwacht.media.tests.photos import jpeg_bytes, portrait
from beeldwacht.people.models import Guardian, Pupil
from beeldwacht.publications.text import text_findings

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What people type into spreadsheet cells, and what goes wrong in them.
cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "=1+1",
            "@SUM(A1)",
            "+31",
            "-",
            "Zoë",
            "29-02-2015",
            "31-04-2016",
            "2016-05-01",
            "groep 5",
            "5/6",
            "a@b",
            "ouder@example.nl",
            " ",
            "\u200b",
            "12345678",
            "ja",
            "nee",
        ]
    ),
)
ROSTER_HEADER = [
    "Leerlingnummer",
    "Roepnaam",
    "Tussenvoegsel",
    "Achternaam",
    "Geboortedatum",
    "Groep",
    "Verzorger 1 naam",
    "Verzorger 1 e-mail",
    "Verzorger 1 gezag",
]
CONSENT_HEADER = ["Leerlingnummer", "Kanaal", "Soort", "Besluit", "Datum", "Verzorger e-mail"]


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def _run(*args) -> tuple[bool, str]:
    """(imported, what it said); a refusal is a CommandError with the problems on stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return False, err.getvalue() + str(error)
    return True, out.getvalue()


def _saved() -> tuple[int, ...]:
    return (Pupil.objects.count(), Guardian.objects.count(), ConsentRecord.objects.count())


@FUZZ
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=11), min_size=0, max_size=6))
def test_a_generated_roster_is_imported_whole_or_refused_whole(school, tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("roster") / "leerlingen.csv"
    try:
        path.write_bytes(_csv(ROSTER_HEADER, rows))
    except UnicodeEncodeError:
        return  # not a file a spreadsheet program can write
    before = _saved()
    imported, said = _run("import-roster", "--school", school.brin, str(path))
    if not imported:
        assert _saved() == before  # nothing half-saved
        assert "Er is niets geïmporteerd" in said or "regel" in said.lower()
    for pupil in Pupil.objects.filter(school=school):
        assert not pupil.first_name.startswith(("=", "+", "@"))  # never a formula


@FUZZ
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=7), min_size=0, max_size=6))
def test_generated_consent_rows_are_imported_whole_or_refused_whole(
    school, sanne, moeder_mila, tmp_path_factory, rows
):
    path = tmp_path_factory.mktemp("consent") / "toestemming.csv"
    try:
        path.write_bytes(_csv(CONSENT_HEADER, rows))
    except UnicodeEncodeError:
        return
    before = _saved()
    imported, said = _run("import-consents", "--school", school.brin, str(path))
    if not imported:
        assert _saved() == before
        assert said.strip()


@FUZZ
@given(text=st.text(max_size=400))
def test_any_publication_text_is_checked_without_a_crash(school, sanne, text):
    channel = Channel.objects.get(school=school, key="website")
    for finding in text_findings(school, channel, text, on=date(2026, 3, 10)):
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.article


def _broken_uploads() -> dict[str, bytes]:
    """Damaged and disguised files, made here (never binaries from elsewhere)."""
    good = jpeg_bytes(portrait())
    png = io.BytesIO()
    portrait().save(png, "PNG")
    return {
        "truncated.jpg": good[: len(good) // 2],
        "header-only.jpg": good[:200],
        "random.jpg": b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40,
        "text-as.jpg": b"Dit is geen foto.\n" * 50,
        "empty.jpg": b"",
        "broken.png": png.getvalue()[:100] + b"\x00" * 100,
        "random.mp4": b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40,
        "random.m4a": b"\x00\x00\x00\x18ftypM4A " + bytes(range(256)) * 40,
        "random.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40,
        "fake.wav": b"RIFF\x10\x00\x00\x00WAVEfmt " + b"\x00" * 200,
        "zip-as.jpg": b"PK\x03\x04" + b"\x00" * 300,
    }


@pytest.mark.parametrize("name", sorted(_broken_uploads()))
def test_a_broken_file_is_refused_or_fails_with_a_reason(school, groep5, juf_anna, name):
    trip = media_services.activity_create(
        school=school, name="Schoolreis", date=date(2026, 3, 10), classes=[groep5], by=juf_anna
    )
    data = _broken_uploads()[name]
    try:
        item = media_services.media_upload(activity=trip, name=name, data=data, by=juf_anna)
    except InvalidInput as refusal:
        assert " " in refusal.message  # a sentence saying what is wrong
        assert MediaItem.objects.filter(activity=trip).count() == 0  # nothing stored
        return
    media_services.media_analyse(item_id=item.pk)
    item.refresh_from_db()
    assert item.status in (MediaItem.Status.FAILED, MediaItem.Status.NEEDS_REVIEW)
    if item.status == MediaItem.Status.FAILED:
        assert item.failure_reason  # in Dutch, for the person who uploaded it
