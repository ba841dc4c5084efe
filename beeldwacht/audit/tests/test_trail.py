"""Issue #11, finding 3 and build 4: the audit trail has a screen for management, the
privacy contact and the board: filtered by person, kind and date, a readable line of Dutch
per event, a CSV to take along; and opening a pupil's history or flag reasons is on it."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.consent.models import Channel, ConsentRecord, Kind, PupilFlag
from beeldwacht.consent.services import Choice, consent_record, flag_set
from conftest import make_pupil, staff


@pytest.fixture
def history(school, groep5, sanne, moeder_mila, directeur_bas, other_school):
    """Mila said yes to the website for Sanne; the director flagged Daan; at another school
    something happened too."""
    website = Channel.objects.get(school=school, key="website")
    consent_record(
        pupil=sanne,
        choices=[Choice(website, Kind.IMAGE, True)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=date(2026, 3, 2),
    )
    daan = make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    flag_set(
        pupil=daan,
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="geheim adres",
        by=directeur_bas,
        on=date(2026, 3, 3),
    )
    elsewhere = make_pupil(other_school, None, "9001", first="Olle", last="Anker")
    flag_set(
        pupil=elsewhere,
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="",
        by=staff(other_school, "dir@anker.nl", "management"),
        on=date(2026, 3, 3),
    )
    return {"sanne": sanne, "daan": daan}


def _trail(client, school, **query):
    return client.get(reverse("audit:trail", kwargs={"brin": school.brin}), query)


def _rows(response) -> str:
    """The table of events, without the filter form (whose choices name every kind)."""
    return response.content.decode().split("<tbody>")[1]


def test_management_reads_the_trail_in_dutch(client, directeur_bas, school, history):
    client.force_login(directeur_bas)
    html = _trail(client, school).content.decode()
    assert "Toestemming vastgelegd" in html and "Mila de Vries" in html
    assert '"Wie">Mila de Vries</td>' in html  # her name from the roster, not her address
    assert "Schoolwebsite beeld (foto en video): ja (door Mila de Vries, ouderportaal)" in html
    assert '>Markering gezet</td><td data-label="Over">Daan Bakker</td>' in html
    assert "Veiligheid (niet publiceren)</td>" in html
    assert "Olle Anker" not in html  # another school's trail is not this school's
    assert "geheim adres" not in html  # the trail holds no reasons, only that it happened


def test_filters_by_person_kind_date_and_pupil(client, directeur_bas, school, history, moeder_mila):
    client.force_login(directeur_bas)
    by_bas = _rows(_trail(client, school, door=str(directeur_bas.public_id)))
    assert "Markering gezet" in by_bas and "Toestemming vastgelegd" not in by_bas
    # The filter lists staff, never a parent's address.
    assert "mila@example.nl" not in _trail(client, school).content.decode()
    flags = _rows(_trail(client, school, soort=AuditEvent.Type.FLAG_SET))
    assert "Daan Bakker" in flags and "Toestemming vastgelegd" not in flags
    about_daan = _trail(client, school, leerling=str(history["daan"].public_id))
    assert "Alleen gebeurtenissen over Daan Bakker" in about_daan.content.decode()
    assert "Mila de Vries" not in _rows(about_daan)
    later = _trail(client, school, van="2099-01-01").content.decode()
    assert "Niets gevonden" in later
    backwards = _trail(client, school, van="2026-03-05", tot="2026-03-01").content.decode()
    assert "De eerste datum mag niet na de tweede liggen" in backwards


def test_the_trail_as_csv(client, privacy_pim, school, history):
    client.force_login(privacy_pim)
    response = _trail(client, school, formaat="csv", soort=AuditEvent.Type.CONSENT_RECORDED)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nummer", "Tijd", "Wie", "Wat", "Over", "Details"]
    assert [row[3:5] for row in rows[1:]] == [["Toestemming vastgelegd", "Sanne de Vries"]]


def test_opening_a_pupils_history_or_flag_reasons_is_on_the_trail(
    client, directeur_bas, juf_anna, school, history
):
    daan = reverse(
        "consent:pupil", kwargs={"brin": school.brin, "pupil_id": history["daan"].public_id}
    )
    client.force_login(juf_anna)  # sees neither the history nor the reason
    client.get(daan)
    assert not AuditEvent.objects.filter(type=AuditEvent.Type.PUPIL_OPENED).exists()
    client.force_login(directeur_bas)
    client.get(daan)
    opened = AuditEvent.objects.get(type=AuditEvent.Type.PUPIL_OPENED)
    assert opened.actor_id == directeur_bas.pk
    assert opened.data == {"history": True, "flag_reasons": True}
    html = _trail(client, school, soort=AuditEvent.Type.PUPIL_OPENED).content.decode()
    assert "Daan Bakker" in html and "Bas" in html


def test_the_trail_takes_a_fixed_number_of_queries(
    client, directeur_bas, school, groep5, django_assert_max_num_queries
):
    for n in range(30):
        pupil = make_pupil(school, groep5, str(3000 + n), first=f"Kind{n}")
        flag_set(
            pupil=pupil,
            kind=PupilFlag.Kind.CUSTODY_DISPUTE,
            reason="",
            by=directeur_bas,
            on=date(2026, 3, 1),
        )
    client.force_login(directeur_bas)
    with django_assert_max_num_queries(16):
        page = _trail(client, school)
    assert _rows(page).count("<tr><td>") == 31  # and the school's creation
