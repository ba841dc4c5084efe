import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beeldwacht.common.actors import SYSTEM
from beeldwacht.consent.models import ConsentRecord, PupilFlag
from beeldwacht.consent.services import flag_set
from conftest import make_guardian, make_pupil

HEADER = "leerlingnummer;kanaal;soort;besluit;datum;door"


@pytest.fixture
def roster(school, groep5, sanne, moeder_mila, vader_victor):
    teen = make_pupil(school, groep5, "1099", first="Lars", born=date(2008, 1, 1))
    make_guardian(school, teen, "Oma", "oma@example.nl")
    return {"sanne": sanne, "teen": teen}


def write(tmp_path, rows, encoding="utf-8"):
    path = tmp_path / "toestemming.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding=encoding)
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_consents_records_each_decision(roster, tmp_path):
    path = write(
        tmp_path,
        [
            "1001;website;beeld;ja;01-09-2025;mila@example.nl",
            "1001;website;beeld;nee;02-09-2025;victor@example.nl",
            "1001;newsletter;naam;ja;01-09-2025;mila@example.nl",
            "1099;website;beeld;ja;01-09-2025;leerling",
        ],
    )
    out, _ = run("import-consents", "--school", "12AB", str(path), "--json")
    assert json.loads(out)["added"] == 4
    records = ConsentRecord.objects.all()
    assert {r.method for r in records} == {"import"}
    from beeldwacht.audit.models import AuditEvent

    event = AuditEvent.objects.get(type=AuditEvent.Type.CONSENTS_IMPORTED)
    assert event.data["count"] == 4 and len(event.data["records_sha256"]) == 64
    assert records.get(pupil=roster["teen"]).decided_by_self


def test_import_consents_twice_adds_nothing(roster, tmp_path):
    path = write(tmp_path, ["1001;website;beeld;ja;01-09-2025;mila@example.nl"])
    run("import-consents", "--school", "12AB", str(path))
    out, _ = run("import-consents", "--school", "12AB", str(path), "--json")
    assert json.loads(out) == {"ok": True, "added": 0, "already_present": 1, "problems": []}


@pytest.mark.parametrize(
    "bad",
    [
        "9999;website;beeld;ja;01-09-2025;mila@example.nl",  # unknown pupil
        "1001;tiktok;beeld;ja;01-09-2025;mila@example.nl",  # unknown channel
        "1001;website;geur;ja;01-09-2025;mila@example.nl",  # unknown kind
        "1001;website;beeld;misschien;01-09-2025;mila@example.nl",
        "1001;website;beeld;ja;32-09-2025;mila@example.nl",
        "1001;website;beeld;ja;01-09-2099;mila@example.nl",
        "1001;website;beeld;ja;01-09-2025;oma@example.nl",  # not her guardian
        "1001;website;beeld;ja;01-09-2025;leerling",  # under 16
        "1099;website;beeld;ja;01-09-2025;oma@example.nl",  # 16+: the pupil decides
    ],
)
def test_import_consents_is_all_or_nothing(roster, tmp_path, bad):
    path = write(tmp_path, ["1001;website;beeld;ja;01-09-2025;mila@example.nl", bad])
    with pytest.raises(CommandError):
        run("import-consents", "--school", "12AB", str(path))
    assert not ConsentRecord.objects.exists()


def test_consent_matrix_json(roster, tmp_path):
    run(
        "import-consents",
        "--school",
        "12AB",
        str(
            write(
                tmp_path,
                [
                    "1001;website;beeld;ja;01-09-2025;mila@example.nl",
                    "1001;website;beeld;nee;02-09-2025;victor@example.nl",
                ],
            )
        ),
    )
    out, _ = run("consent-matrix", "--school", "12AB", "--channel", "website", "--format", "json")
    rows = {(r["pupil"], r["kind"]): r for r in json.loads(out)}
    assert rows[("1001", "image")] == {
        "pupil": "1001",
        "group": "5",
        "channel": "website",
        "kind": "image",
        "status": "disputed",
        "since": "2025-09-02",
    }
    assert rows[("1001", "name")]["status"] == "none"
    assert rows[("1001", "name")]["since"] is None
    assert len(rows) == 2 * 3


def test_consent_matrix_csv_with_filters(roster):
    flag_set(
        pupil=roster["sanne"],
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="",
        by=SYSTEM,
        on=date(2026, 1, 1),
    )
    out, _ = run(
        "consent-matrix",
        "--school",
        "12AB",
        "--group",
        "groep 5",
        "--kind",
        "image",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["pupil", "group", "channel", "kind", "status", "since"]
    sanne_rows = [r for r in rows if r["pupil"] == "1001"]
    assert {r["status"] for r in sanne_rows} == {"blocked"}
    assert len(sanne_rows) == 8


def test_consent_matrix_rejects_unknowns(school):
    for args in (
        ["--school", "99ZZ"],
        ["--school", "12AB", "--group", "9"],
        ["--school", "12AB", "--channel", "fax"],
    ):
        with pytest.raises(CommandError):
            run("consent-matrix", *args)


def test_the_csv_export_neutralises_formulas(school, groep5):
    """Issue #9, finding 3: a value stored before imports refused formulas goes out as text."""
    make_pupil(school, groep5, "=1+2")
    out, _ = run("consent-matrix", "--school", "12AB", "--format", "csv")
    assert "'=1+2" in out and "\n=1+2" not in out
