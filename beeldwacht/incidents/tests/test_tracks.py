"""Steps outside the school (issue 13, build item 3): 'grensoverschrijdend' calls for a phone
report to the Landelijke Vertrouwensinspecteur, reminded daily until recorded; a possible
offence for the board's police report; signs of a sexual offence for the WPO 4a track on a
record only the board sees."""

from datetime import date, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from beeldwacht.actions.to_do import to_do
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Role
from beeldwacht.incidents import services, tracks
from beeldwacht.schools.access import staff_access
from conftest import staff

DAY = date(2026, 3, 9)
CALLED = timezone.make_aware(datetime(2026, 3, 10, 8, 30))


@pytest.fixture
def board(school):
    return staff(school, "bestuur@lindeboom.nl", Role.BOARD)


@pytest.fixture
def incident(school, juf_anna, frozen_today):
    return services.incident_report(
        school=school,
        category="defaming",
        happened_on=DAY,
        description="Een privébericht van een leerkracht noemt een leerling.",
        by=juf_anna,
    )


def judge(incident, by, **flags):
    return tracks.incident_judge(
        incident=incident,
        crossing_the_line=flags.get("crossing", False),
        possible_offence=flags.get("offence", False),
        sexual=flags.get("sexual", False),
        by=by,
    )


def test_reminded_daily_until_the_inspector_call_is_recorded(
    incident, board, directeur_bas, school
):
    incident = judge(incident, board, crossing=True)
    call_command("incident-reminders")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([board.email, directeur_bas.email])
    assert "0900 - 111 3 111" in mail.outbox[0].body
    assert "leerling" not in mail.outbox[0].body
    mine = to_do(staff_access(directeur_bas, school), directeur_bas, DAY)
    assert [i for i, _steps in mine.incident_steps] == [incident]
    mail.outbox.clear()
    tracks.step_record(
        incident=incident,
        step="inspector_call",
        done_at=CALLED,
        done_by="Bas (directeur)",
        reference="",
        note="Advies: gesprek met de leerkracht.",
        by=directeur_bas,
    )
    call_command("incident-reminders")
    assert mail.outbox == []
    assert to_do(staff_access(directeur_bas, school), directeur_bas, DAY).incident_steps == []


def test_a_step_not_called_for_or_twice_is_refused(incident, board, directeur_bas, juf_anna):
    with pytest.raises(InvalidInput):
        tracks.step_record(
            incident=incident,
            step="police_report",
            done_at=CALLED,
            done_by="B",
            reference="",
            note="",
            by=board,
        )
    incident = judge(incident, board, offence=True)
    tracks.step_record(
        incident=incident,
        step="police_report",
        done_at=CALLED,
        done_by="Bestuur",
        reference="PL0100-2026",
        note="",
        by=board,
    )
    with pytest.raises(InvalidInput):
        tracks.step_record(
            incident=incident,
            step="police_report",
            done_at=CALLED,
            done_by="Bestuur",
            reference="",
            note="",
            by=board,
        )
    with pytest.raises(PermissionDenied):  # a teacher records no step
        judge(incident, juf_anna, crossing=True)


def test_a_wpo_4a_record_is_seen_by_the_board_only(client, incident, board, directeur_bas):
    incident = judge(incident, board, sexual=True)
    url = reverse("incidents:detail", kwargs={"brin": "12AB", "incident_id": incident.public_id})
    client.force_login(directeur_bas)
    assert client.get(url).status_code == 404
    assert (
        "Zwartmaken"
        not in client.get(reverse("incidents:list", kwargs={"brin": "12AB"})).content.decode()
    )
    client.force_login(board)
    page = client.get(url).content.decode()
    assert "Nog te doen: het bestuur meteen informeren" in page
    call_command("incident-reminders")
    assert [m.to[0] for m in mail.outbox] == [board.email]  # not management
    assert tracks.open_steps(incident) and [s.value for s in tracks.open_steps(incident)] == [
        "board_informed",
        "inspector_consulted",
    ]


def test_a_judgement_is_not_taken_back(incident, board):
    incident = judge(incident, board, crossing=True)
    incident = judge(incident, board)  # nothing ticked: what was judged stays
    assert incident.crossing_the_line


def test_a_wpo_4a_records_letters_are_the_boards_only(
    client, incident, board, directeur_bas, juf_anna
):
    from beeldwacht.incidents import dossier

    involved = services.involved_add(
        incident=incident, role="staff", staff_member=juf_anna, by=directeur_bas
    )
    measure = services.measure_decide(
        involved=involved, kind="warning", decided_on=DAY, note="", by=directeur_bas
    )
    dossier.letter_file(measure=measure, text="Brief over de waarschuwing.", by=directeur_bas)
    judge(incident, board, sexual=True)
    url = reverse("incidents:staff_dossier", kwargs={"brin": "12AB", "user_id": juf_anna.public_id})
    client.force_login(directeur_bas)
    assert "Brief over de waarschuwing." not in client.get(url).content.decode()
    client.force_login(board)
    assert "Brief over de waarschuwing." in client.get(url).content.decode()
    # The board decides the measures on such a record.
    services.measure_decide(involved=involved, kind="suspension", decided_on=DAY, note="", by=board)
