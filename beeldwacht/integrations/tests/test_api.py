"""The consent API (issue 14, build item 2): keys per school with scopes, stored hashed, shown
once, revocable; another school's pupil is a 404; the answer for a flagged or disputed child
carries no reason; every call audited; a fixed number of queries for a whole group."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.consent.models import ConsentRecord, Kind, PupilFlag
from beeldwacht.consent.services import Choice
from beeldwacht.integrations.models import ApiKey
from beeldwacht.integrations.services import key_create, key_revoke
from beeldwacht.takedowns.actions import record_consent, set_flag
from conftest import make_guardian, make_pupil

DAY = date(2026, 3, 10)


@pytest.fixture
def token(school, directeur_bas):
    _key, token = key_create(
        school=school, name="Website CMS", scopes=["consent:read"], by=directeur_bas
    )
    return token


def ask(client, token, pupil=None, group=None, **params):
    if pupil is not None:
        path, params = "/api/v1/consent/pupil", {"number": pupil, **params}
    else:
        path, params = "/api/v1/consent/group", {"name": group, **params}
    return client.get(path, params, headers={"Authorization": f"Bearer {token}"})


def consent_for(pupil, guardian, channel, kinds, decision):
    record_consent(
        pupil=pupil,
        choices=[Choice(channel, kind, decision) for kind in kinds],
        guardian=guardian,
        by=guardian.user,
        method=ConsentRecord.Method.PORTAL,
        on=DAY,
    )


def test_a_key_is_shown_once_and_kept_as_a_hash(school, directeur_bas, juf_anna):
    key, token = key_create(school=school, name="CMS", scopes=["consent:read"], by=directeur_bas)
    assert token.startswith(f"bw_{key.prefix}_") and len(token) > 40
    assert token not in str(ApiKey.objects.values().get())  # only the SHA-256 is stored
    with pytest.raises(PermissionDenied):
        key_create(school=school, name="CMS", scopes=["consent:read"], by=juf_anna)
    with pytest.raises(InvalidInput):
        key_create(school=school, name="CMS", scopes=["everything"], by=directeur_bas)


def test_the_group_answer_says_whether_never_why(
    client, school, groep5, sanne, moeder_mila, directeur_bas, token, frozen_today
):
    website = school.channels.get(key="website")
    consent_for(sanne, moeder_mila, website, [Kind.IMAGE, Kind.NAME], True)
    daan = make_pupil(school, groep5, "1002", first="Daan")
    consent_for(
        daan, make_guardian(school, daan, "Els", "els@example.nl"), website, [Kind.IMAGE], True
    )
    set_flag(
        pupil=daan, kind=PupilFlag.Kind.SAFEGUARDING, reason="Veilig huis", on=DAY, by=directeur_bas
    )
    lot = make_pupil(school, groep5, "1003", first="Lot")
    response = ask(client, token, group=groep5.name, channel="website")
    assert response.status_code == 200
    body = response.json()
    assert body["on"] == "2026-03-10"
    answers = {row["pupil"]: row["channels"]["website"] for row in body["pupils"]}
    assert answers[sanne.las_number] == {"image": "granted", "sound": "none", "name": "granted"}
    assert answers[daan.las_number]["image"] == "refused"  # blocked, and nothing says so
    assert answers[lot.las_number] == {"image": "none", "sound": "none", "name": "none"}
    text = response.content.decode()
    for secret in ("Veilig", "blocked", "safeguard", "Sanne", "Daan", "Mila", "flag"):
        assert secret not in text
    event = AuditEvent.objects.filter(type=AuditEvent.Type.API_CALLED).get()
    assert event.data["status"] == 200 and event.data["pupils"] == 3


def test_disagreeing_parents_are_disputed(
    client, school, sanne, moeder_mila, vader_victor, token, frozen_today
):
    website = school.channels.get(key="website")
    consent_for(sanne, moeder_mila, website, [Kind.IMAGE], True)
    consent_for(sanne, vader_victor, website, [Kind.IMAGE], False)
    body = ask(client, token, pupil=sanne.las_number).json()
    assert body["pupils"][0]["channels"]["website"]["image"] == "disputed"
    assert set(body["pupils"][0]["channels"]) == set(school.channels.values_list("key", flat=True))


def test_another_schools_pupil_is_not_found(client, school, other_school, token, frozen_today):
    stranger = make_pupil(other_school, None, "9001", first="Vreemd")
    response = ask(client, token, pupil=stranger.las_number)
    assert response.status_code == 404
    assert response.json() == {"detail": "Geen leerling met dat nummer op deze school."}


def test_a_revoked_key_or_a_wrong_one_is_refused(client, school, directeur_bas, token, sanne):
    assert ask(client, token + "x", pupil=sanne.las_number).status_code == 401
    assert ask(client, "bw_00000000_nope", pupil=sanne.las_number).status_code == 401
    key_revoke(key=ApiKey.objects.get(), by=directeur_bas)
    response = ask(client, token, pupil=sanne.las_number)
    assert response.status_code == 401
    assert response.json() == {"detail": "Geen geldige API-sleutel."}


def test_a_key_does_only_what_its_scopes_allow(client, school, directeur_bas, sanne):
    _key, roster_only = key_create(
        school=school, name="Administratie", scopes=["roster:write"], by=directeur_bas
    )
    response = ask(client, roster_only, pupil=sanne.las_number)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(type=AuditEvent.Type.API_CALLED).get().data["status"] == 403


def test_bad_questions_get_a_dutch_answer(client, token, sanne, groep5):
    empty = ask(client, token, pupil="")
    assert empty.status_code == 422 and empty.json()["detail"] == "Ongeldig verzoek."
    assert ask(client, token, group="9").json() == {
        "detail": "Geen groep met die naam op deze school."
    }
    unknown = ask(client, token, pupil=sanne.las_number, channel="tiktok")
    assert unknown.status_code == 404 and "kanaal" in unknown.json()["detail"]


def test_each_key_is_rate_limited(client, token, sanne, settings, monkeypatch):
    from beeldwacht.integrations import api

    [throttle] = api.api.throttle
    monkeypatch.setattr(throttle, "num_requests", 3)
    cache.clear()
    codes = [ask(client, token, pupil=sanne.las_number).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_a_whole_group_costs_a_fixed_number_of_queries(
    client, school, groep5, sanne, token, django_assert_num_queries, frozen_today
):
    ask(client, token, group=groep5.name)
    with CaptureQueriesContext(connection) as few:
        ask(client, token, group=groep5.name)
    for number in range(2001, 2031):
        make_pupil(school, groep5, str(number), first=f"Kind{number}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(ask(client, token, group=groep5.name).json()["pupils"]) == 31


def test_the_openapi_document_is_served_and_valid(client):
    from openapi_spec_validator import OpenAPIV31SpecValidator

    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert list(OpenAPIV31SpecValidator(document).iter_errors()) == []
    assert {"/api/v1/consent/pupil", "/api/v1/consent/group"} <= set(document["paths"])


def test_the_command_line_makes_lists_and_revokes_keys(client, school, sanne, capsys):
    from django.core.management import CommandError, call_command

    call_command(
        "api-keys", "create", "--school", school.brin, "--name", "CMS", "--scope", "consent:read"
    )
    token = capsys.readouterr().out.strip()
    assert ask(client, token, pupil=sanne.las_number).status_code == 200
    call_command("api-keys", "list", "--school", school.brin)
    listed = capsys.readouterr().out
    prefix = ApiKey.objects.get().prefix
    assert f"{prefix}  CMS  consent:read  in gebruik" in listed and token not in listed
    call_command("api-keys", "revoke", "--school", school.brin, prefix)
    assert ask(client, token, pupil=sanne.las_number).status_code == 401
    with pytest.raises(CommandError, match="Geen sleutel"):
        call_command("api-keys", "revoke", "--school", school.brin, "nietdeze")


def test_a_nul_in_a_question_is_refused_not_a_server_error(client, token):
    """Found by schemathesis on PostgreSQL."""
    assert ask(client, token, pupil="10\x0001").status_code == 422
    assert ask(client, token, group="5\x00").status_code == 422


def test_a_pupil_who_left_is_not_found_as_in_a_group(client, school, sanne, token, frozen_today):
    sanne.left_on = date(2026, 3, 1)
    sanne.save()
    assert ask(client, token, pupil=sanne.las_number).status_code == 404


def test_the_whole_school_in_one_call_for_a_change_that_touches_everyone(
    client, school, other_school, groep5, sanne, token, frozen_today, django_assert_num_queries
):
    """After a webhook without a pupil (an import, the yearly lapse): every pupil at the
    school, none of another school, none who left, at a fixed number of queries."""
    make_pupil(other_school, None, "9001", first="Vreemd")
    gone = make_pupil(school, None, "3001", first="Weg")
    gone.left_on = date(2026, 1, 31)
    gone.save()
    make_pupil(school, None, "3002", first="Zonder groep")
    url, auth = "/api/v1/consent/school", {"Authorization": f"Bearer {token}"}
    with CaptureQueriesContext(connection) as few:
        first = client.get(url, {"channel": "website"}, headers=auth).json()
    assert {p["pupil"] for p in first["pupils"]} == {sanne.las_number, "3002"}
    assert set(first["pupils"][0]["channels"]) == {"website"}
    for number in range(2001, 2011):
        make_pupil(school, groep5, str(number), first=f"Kind{number}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(url, headers=auth).json()["pupils"]) == 12
