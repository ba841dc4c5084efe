"""`beeldwacht check-text` with the real Dutch PII finder (deduce)."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.takedowns.actions import record_consent
from conftest import make_guardian, make_pupil

TEXT = (
    "Groep 5 naar het Natuurmuseum\n\n"
    "Afgelopen dinsdag ging groep 5 met de bus naar het Natuurmuseum. Sanne de Vries vond de "
    "dinosaurussen het mooist. Daan heeft ADHD en mocht daarom vooraan zitten. Vragen? Bel "
    "meester Pieter Jansen op 06-12345678 of mail pieter@example.nl. Betaal de bijdrage op "
    "NL91 ABNA 0417 1643 00.\n"
)


@pytest.fixture
def roster(school, groep5, sanne, moeder_mila):
    website = Channel.objects.get(school=school, key="website")
    record_consent(
        pupil=sanne,
        choices=[Choice(website, Kind.NAME, True)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=date(2025, 9, 1),
    )
    daan = make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    make_guardian(school, daan, "Dirk Bakker", "dirk@example.nl")
    return daan


def test_check_text_json(roster, tmp_path, capsys):
    path = tmp_path / "bericht.txt"
    path.write_text(TEXT, encoding="utf-8")
    call_command("check-text", "--school", "12AB", "--channel", "website", "--json", str(path))
    findings = json.loads(capsys.readouterr().out)
    by_kind = {}
    for f in findings:
        by_kind.setdefault(f["kind"], []).append(f)
        assert TEXT[f["start"] : f["end"]] == f["text"]
        assert set(f) == {"kind", "text", "start", "end", "severity", "person", "article"}
    assert [(f["text"], f["person"], f["severity"]) for f in by_kind["person"] if f["person"]] == [
        ("Daan", "1002", "error")
    ]
    assert not any(f["text"].startswith("Sanne") for f in findings)  # her name has consent
    assert [f["text"] for f in by_kind["health"]] == ["ADHD"]
    assert [f["text"] for f in by_kind["phone"]] == ["06-12345678"]
    assert [f["text"] for f in by_kind["email"]] == ["pieter@example.nl"]
    assert [f["text"] for f in by_kind["iban"]] == ["NL91 ABNA 0417 1643 00"]
    assert any(f["text"] == "Pieter Jansen" and f["person"] is None for f in by_kind["person"])


def test_check_text_explains_in_dutch(roster, tmp_path, capsys):
    path = tmp_path / "bericht.txt"
    path.write_text("Daan won de quiz.", encoding="utf-8")
    call_command("check-text", "--school", "12AB", "--channel", "website", str(path))
    out = capsys.readouterr().out
    assert "De tekst noemt Daan" in out and "geen antwoord" in out


def test_check_text_refuses_bad_input(school, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "check-text", "--school", "99ZZ", "--channel", "website", str(tmp_path / "x.txt")
        )
    with pytest.raises(CommandError):
        call_command("check-text", "--school", "12AB", "--channel", "fax", str(tmp_path / "x.txt"))
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Zo\xeb".encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("check-text", "--school", "12AB", "--channel", "website", str(bad))
