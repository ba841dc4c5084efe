"""The roster pushed by the administration system (issue 14, build item 2): the same rules as
`import-roster`, all or nothing."""

import pytest

from beeldwacht.integrations.services import key_create
from beeldwacht.people.models import Guardian, Pupil


@pytest.fixture
def token(school, directeur_bas):
    return key_create(school=school, name="ParnasSys", scopes=["roster:write"], by=directeur_bas)[1]


def push(client, token, body):
    return client.post(
        "/api/v1/roster",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def row(number, first, **more):
    return {
        "Leerlingnummer": number,
        "Roepnaam": first,
        "Achternaam": "Jansen",
        "Geboortedatum": "01-05-2016",
        "Groep": "5",
        "Ouder 1 naam": f"Ouder van {first}",
        "Ouder 1 e-mail": f"ouder{number}@example.nl",
        **more,
    }


def test_a_pushed_roster_is_imported(client, school, token, frozen_today):
    response = push(client, token, {"pupils": [row("3001", "Noor"), row("3002", "Sem")]})
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["ok"] and sorted(report["pupils_added"]) == ["3001", "3002"]
    assert "Noor" not in response.content.decode()  # numbers, never names
    assert Pupil.objects.filter(school=school).count() == 2
    assert Guardian.objects.filter(school=school).count() == 2


def test_one_bad_row_and_nothing_is_saved(client, school, token, frozen_today):
    bad = row("3002", "", Geboortedatum="morgen")
    response = push(client, token, {"pupils": [row("3001", "Noor"), bad]})
    assert response.status_code == 422
    report = response.json()
    assert not report["ok"]
    assert {(p["records"], p["line"]) for p in report["problems"]} == {("pupils", 2)}
    assert "voornaam is leeg" in report["problems"][0]["message"]
    assert not Pupil.objects.filter(school=school).exists()


def test_a_trial_push_changes_nothing(client, school, token, frozen_today):
    report = push(client, token, {"pupils": [row("3001", "Noor")], "dry_run": True}).json()
    assert report["ok"] and report["dry_run"] and report["pupils_added"] == ["3001"]
    assert not Pupil.objects.exists()


def test_a_formula_is_refused(client, token, frozen_today):
    response = push(client, token, {"pupils": [row("3001", "=HYPERLINK(1)")]})
    assert response.status_code == 400
    assert "formule" in response.json()["detail"]


def test_a_read_only_key_may_not_push(client, school, directeur_bas, frozen_today):
    reader = key_create(school=school, name="CMS", scopes=["consent:read"], by=directeur_bas)[1]
    assert push(client, reader, {"pupils": [row("3001", "Noor")]}).status_code == 403
    assert push(client, "nope", {"pupils": []}).status_code == 401


def test_a_character_that_is_not_text_is_refused(client, token, frozen_today):
    """Found by schemathesis on PostgreSQL: a NUL byte was a server error."""
    response = push(client, token, {"pupils": [row("30\x0001", "Noor")]})
    assert response.status_code == 400
    assert "geen tekst" in response.json()["detail"]


def test_records_with_different_columns_read_alike_in_any_order(
    client, school, token, frozen_today
):
    """Found by the review: the columns were the first record's only."""
    sem = row(
        "3002",
        "Sem",
        Tussenvoegsel="de",
        **{"Ouder 2 naam": "Piet", "Ouder 2 e-mail": "piet@example.nl"},
    )
    for order in ([row("3001", "Noor"), sem], [sem, row("3001", "Noor")]):
        assert push(client, token, {"pupils": order}).json()["ok"]
        pupil = Pupil.objects.get(las_number="3002")
        assert pupil.infix == "de" and pupil.guardianships.current().count() == 2


def test_a_privacy_contact_may_not_make_a_roster_key(school):
    """Found by the review: a roster key can change who is management."""
    from beeldwacht.common.errors import PermissionDenied
    from conftest import staff

    privacy = staff(school, "pim@delinde.nl", "privacy_officer")
    with pytest.raises(PermissionDenied):
        key_create(school=school, name="Eigen", scopes=["roster:write"], by=privacy)
    assert key_create(school=school, name="CMS", scopes=["consent:read"], by=privacy)
