"""The daily retention run (issue 13, build item 6; actions.retention): what has expired is
deleted, what has not is kept. Consent proof of a child who left stays as long as something
published may still show them, found the way the fast review leaves it (faces of children
with consent unmarked), and a margin after that."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beeldwacht.actions.retention import apply_retention
from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.daily import DAILY_JOBS
from beeldwacht.consent.models import ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.incidents import dossier
from beeldwacht.incidents import services as incidents
from beeldwacht.incidents.models import DossierEntry, Evidence, Incident
from beeldwacht.incidents.tests.test_incidents import screenshot
from beeldwacht.incidents.tracks import incident_judge, step_record
from beeldwacht.media import renditions
from beeldwacht.media import services as media_services
from beeldwacht.media.models import Face, MediaItem
from beeldwacht.media.tests.photos import jpeg_bytes, portrait
from beeldwacht.publications import services
from beeldwacht.publications.tests.conftest import give
from beeldwacht.schools.models import Membership
from beeldwacht.takedowns import ledger
from conftest import make_guardian, make_pupil, staff

LEFT = date(2026, 7, 10)


def at(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))


def proof_of(pupil) -> int:
    return ConsentRecord.objects.filter(pupil=pupil).count()


def test_consent_proof_stays_while_a_photo_may_show_the_child(fast_trip, directeur_bas, sanne):
    """Lot is not marked on the trip photo (she had consent: the fast path); the photo is on
    the website and in the paper's online edition when she leaves."""
    clock, lot = fast_trip["clock"], fast_trip["lot"]
    give(
        sanne,
        make_guardian(sanne.school, sanne, "Mila", "mila@example.nl"),
        [fast_trip["website"]],
        True,
        date(2026, 6, 12),
    )
    lot.left_on = LEFT
    lot.save()
    kept = proof_of(lot)
    assert kept == 4

    clock.move_to(at(date(2028, 1, 1)))  # long past the margin after leaving, still online
    assert apply_retention(today=date(2028, 1, 1)) == {}
    assert proof_of(lot) == kept

    services.publication_withdraw(publication=fast_trip["publication"], by=directeur_bas)
    # The website is down at once; the paper's online edition only when the editors act.
    assert apply_retention(today=date(2029, 6, 1)) == {}
    [open_task] = ledger.open_takedowns(lot.school)
    clock.move_to(at(date(2028, 2, 1)))
    ledger.takedown_close(
        takedown=open_task, by=directeur_bas, note="Verwijderd.", whole_placement=True
    )

    assert apply_retention(today=date(2029, 1, 31)) == {}  # the margin's last day
    deleted = apply_retention(today=date(2029, 2, 1))
    assert deleted[lot.school]["consent_records"] == kept
    assert proof_of(lot) == 0
    assert proof_of(sanne) == 2  # still at school: untouched
    event = AuditEvent.objects.get(type=AuditEvent.Type.RETENTION_APPLIED)
    assert event.data == {"on": "2029-02-01", "consent_records": kept}  # numbers, no names


def test_a_child_never_published_keeps_proof_for_the_margin_only(
    sanne, moeder_mila, school, frozen_today
):
    give(sanne, moeder_mila, list(school.channels.all()[:1]), True, date(2026, 3, 10))
    sanne.left_on = LEFT
    sanne.save()
    assert apply_retention(today=date(2027, 7, 10)) == {}
    assert apply_retention(today=date(2027, 7, 11))[school]["consent_records"] == 2
    assert apply_retention(today=date(2027, 7, 12)) == {}  # nothing twice


@pytest.fixture
def measure_letters(school, juf_anna, directeur_bas, sanne, frozen_today):
    """A reprimand for juf Anna and a warning for Sanne, each letter in their file."""
    incident = incidents.incident_report(
        school=school,
        category="defaming",
        happened_on=date(2026, 3, 9),
        description="Een bericht over een leerling.",
        evidence=[("screenshot.jpg", screenshot())],
        by=juf_anna,
    )
    for role, person in (("staff", {"staff_member": juf_anna}), ("pupil", {"pupil": sanne})):
        involved = incidents.involved_add(incident=incident, role=role, by=directeur_bas, **person)
        measure = incidents.measure_decide(
            involved=involved,
            kind="warning",
            decided_on=date(2026, 3, 10),
            note="",
            by=directeur_bas,
        )
        dossier.letter_file(measure=measure, text="Brief.", by=directeur_bas)
    return incident


def test_file_entries_go_two_years_after_the_person_left(measure_letters, juf_anna, sanne, school):
    assert apply_retention(today=date(2040, 1, 1)).get(school, {}).get("pupil_file_entries") is None
    sanne.left_on = LEFT
    sanne.save()
    Membership.objects.filter(user=juf_anna).update(left_on=date(2027, 1, 31))
    assert (
        apply_retention(today=date(2028, 7, 10)).get(school, {}).get("pupil_file_entries") is None
    )
    assert apply_retention(today=date(2028, 7, 11))[school]["pupil_file_entries"] == 1
    assert DossierEntry.objects.filter(staff_member=juf_anna).exists()
    assert apply_retention(today=date(2029, 2, 1))[school]["personnel_file_entries"] == 1
    assert not DossierEntry.objects.exists()


def test_a_staff_member_with_another_role_still_at_school_keeps_her_file(
    measure_letters, juf_anna, school
):
    Membership.objects.filter(user=juf_anna).update(left_on=date(2026, 4, 1))
    Membership.objects.create(school=school, user=juf_anna, role="communications")
    assert DossierEntry.objects.filter(staff_member=juf_anna).exists()
    apply_retention(today=date(2040, 1, 1))
    assert DossierEntry.objects.filter(staff_member=juf_anna).exists()


def test_evidence_goes_after_the_boards_months_unless_a_step_is_open(
    measure_letters, school, directeur_bas, django_capture_on_commit_callbacks
):
    incident = measure_letters
    [evidence] = Evidence.objects.all()
    storage, name = evidence.file.storage, evidence.file.name
    board = school.board
    board.evidence_keep_months = 6
    board.save()
    incident_judge(
        incident=incident,
        crossing_the_line=False,
        possible_offence=True,
        sexual=False,
        by=directeur_bas,
    )
    incident.refresh_from_db()
    # Last recorded: the letters on 10 March 2026; six months later, but the police report
    # the board asked for is not recorded yet.
    assert "evidence_files" not in apply_retention(today=date(2027, 1, 1)).get(school, {})
    step_record(
        incident=incident,
        step="police_report",
        done_at=at(date(2026, 3, 10)),
        done_by="Bestuurder",
        reference="PV 123",
        note="",
        by=directeur_bas,
    )
    assert "evidence_files" not in apply_retention(today=date(2026, 9, 10)).get(school, {})
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention(today=date(2026, 9, 11))[school]["evidence_files"] == 1
    assert not Evidence.objects.exists() and not storage.exists(name)
    incident.refresh_from_db()
    assert incident.evidence_deleted_on == date(2026, 9, 11)
    assert incident.involved.count() == 2  # the decisions on record stay


def test_the_command_runs_daily_and_says_what_it_deleted(
    sanne, moeder_mila, school, capsys, time_machine
):
    assert "apply-retention" in DAILY_JOBS
    give(sanne, moeder_mila, list(school.channels.all()[:1]), True, date(2026, 3, 10))
    sanne.left_on = LEFT
    sanne.save()
    time_machine.move_to(at(date(2027, 8, 1)), tick=False)
    call_command("apply-retention")
    assert f"{school.brin}: 2 toestemmingsantwoorden" in capsys.readouterr().out
    call_command("apply-retention")
    assert "Niets" in capsys.readouterr().out
    assert Incident.objects.count() == 0


def test_photos_never_published_go_a_year_after_the_activity(
    fast_trip, juf_anna, django_capture_on_commit_callbacks
):
    """The trip's two published photos stay with their publication; a third, never used, goes
    with what was rendered from it and the faces found in it."""
    activity, clock = fast_trip["activity"], fast_trip["clock"]
    unused = media_services.media_upload(
        activity=activity,
        name="extra.jpg",
        data=jpeg_bytes(fast_trip["photo"].crop((0, 0, 600, 400))),
        by=juf_anna,
    )
    media_services.media_analyse(item_id=unused.pk)
    unused.refresh_from_db()
    storage = unused.original.storage
    made = [unused.original.name, renditions.thumbnail_name(unused)]
    made += [renditions.face_crop_name(face) for face in unused.faces.all()]
    assert unused.faces.count() == 1 and all(storage.exists(name) for name in made)
    clock.move_to(at(date(2027, 6, 13)))
    assert apply_retention(today=date(2027, 6, 12)) == {}  # a year after the trip: still there
    with django_capture_on_commit_callbacks(execute=True):
        deleted = apply_retention(today=date(2027, 6, 13))
    assert deleted[activity.school] == {"media_items": 1}
    assert set(MediaItem.objects.values_list("pk", flat=True)) == {
        fast_trip["group"].pk,
        fast_trip["portrait"].pk,
    }
    assert not Face.objects.filter(item_id=unused.pk).exists()
    assert not any(storage.exists(name) for name in made)
    assert storage.exists(fast_trip["group"].original.name)


def test_the_run_costs_the_same_for_many_leavers(
    school, groep5, moeder_mila, sanne, frozen_today, django_assert_num_queries
):
    channels = list(school.channels.all()[:1])

    def leave(pupil):
        give(
            pupil,
            make_guardian(school, pupil, "Ouder", f"{pupil.las_number}@example.nl"),
            channels,
            True,
            date(2026, 3, 10),
        )
        pupil.left_on = LEFT
        pupil.save()

    leave(sanne)
    with CaptureQueriesContext(connection) as one:
        apply_retention(today=date(2027, 7, 12))
    for number in ("2001", "2002", "2003", "2004"):
        leave(make_pupil(school, groep5, number, first=f"Kind{number}"))
    with django_assert_num_queries(len(one.captured_queries)):
        deleted = apply_retention(today=date(2027, 7, 12))
    assert deleted[school]["consent_records"] == 8


def test_evidence_added_or_a_step_recorded_late_restarts_the_time(
    measure_letters, school, directeur_bas, time_machine
):
    """Review of this change: a screenshot added to an old incident, or a police report
    recorded today that says it was made months ago, must not go that night."""
    incident = measure_letters
    board = school.board
    board.evidence_keep_months = 6
    board.save()
    time_machine.move_to(at(date(2027, 1, 10)), tick=False)
    incidents.evidence_add(incident=incident, name="later.jpg", data=screenshot(), by=directeur_bas)
    assert "evidence_files" not in apply_retention(today=date(2027, 1, 11)).get(school, {})
    incident_judge(
        incident=incident,
        crossing_the_line=False,
        possible_offence=True,
        sexual=False,
        by=directeur_bas,
    )
    incident.refresh_from_db()
    time_machine.move_to(at(date(2027, 5, 1)), tick=False)
    step_record(
        incident=incident,
        step="police_report",
        done_at=at(date(2026, 3, 11)),  # long ago, recorded only now
        done_by="Bestuurder",
        reference="PV 9",
        note="",
        by=directeur_bas,
    )
    assert "evidence_files" not in apply_retention(today=date(2027, 11, 1)).get(school, {})
    assert apply_retention(today=date(2027, 11, 2))[school]["evidence_files"] == 2


def test_a_reply_after_leaving_and_a_letter_of_an_open_incident_stay(
    measure_letters, school, sanne, directeur_bas, time_machine
):
    incident = measure_letters
    sanne.left_on = LEFT
    sanne.save()
    time_machine.move_to(at(date(2028, 1, 5)), tick=False)
    dossier.reply_file(
        school=school, by=directeur_bas, title="Reactie", text="Brief van de ouders.", pupil=sanne
    )
    deleted = apply_retention(today=date(2028, 7, 11))
    assert deleted[school]["pupil_file_entries"] == 1  # the letter of 2026, not the reply
    assert DossierEntry.objects.filter(pupil=sanne, title="Reactie").exists()
    assert apply_retention(today=date(2030, 1, 6))[school]["pupil_file_entries"] == 1
    incident_judge(
        incident=incident,
        crossing_the_line=True,
        possible_offence=False,
        sexual=False,
        by=directeur_bas,
    )
    juf_letter = DossierEntry.objects.get(staff_member__isnull=False)
    Membership.objects.filter(user=juf_letter.staff_member).update(left_on=date(2026, 4, 1))
    assert "personnel_file_entries" not in apply_retention(today=date(2040, 1, 1)).get(school, {})


def test_a_colleague_who_moved_to_another_school_of_the_board_keeps_her_file(
    measure_letters, school, juf_anna
):
    from beeldwacht.schools.models import School

    sister = School.objects.create(board=school.board, brin="34CD", name="OBS De Eik")
    Membership.objects.filter(user=juf_anna).update(left_on=date(2026, 4, 1))
    Membership.objects.create(school=sister, user=juf_anna, role="teacher")
    apply_retention(today=date(2040, 1, 1))
    assert DossierEntry.objects.filter(staff_member=juf_anna).exists()


def test_photos_of_an_old_activity_uploaded_today_stay_a_full_year(
    school, groep5, juf_anna, time_machine, monkeypatch
):
    monkeypatch.setattr(
        media_services.detection, "detect_file", lambda handle, thorough=False: ((600, 400), [])
    )
    time_machine.move_to(at(date(2027, 9, 1)), tick=False)
    camp = media_services.activity_create(
        school=school, name="Kamp 2025", date=date(2025, 6, 1), classes=[groep5], by=juf_anna
    )
    item = media_services.media_upload(
        activity=camp, name="kamp.jpg", data=jpeg_bytes(portrait()), by=juf_anna
    )
    assert apply_retention(today=date(2027, 9, 2)) == {}  # not even analysed yet: kept
    media_services.media_analyse(item_id=item.pk)
    assert apply_retention(today=date(2028, 9, 1)) == {}
    assert apply_retention(today=date(2028, 9, 2))[school] == {"media_items": 1}


def test_a_file_that_cannot_be_deleted_does_not_keep_the_others(
    fast_trip, juf_anna, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    storage = fast_trip["group"].original.storage
    names = []
    for n in (1, 2):
        item = media_services.media_upload(
            activity=fast_trip["activity"],
            name=f"extra{n}.jpg",
            data=jpeg_bytes(fast_trip["photo"].crop((0, 0, 600 - n, 400))),
            by=juf_anna,
        )
        media_services.media_analyse(item_id=item.pk)
        names.append(item.original.name)
    real_delete = storage.delete
    monkeypatch.setattr(
        storage,
        "delete",
        lambda name: (
            (_ for _ in ()).throw(OSError("schijf")) if name == names[0] else real_delete(name)
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(today=date(2027, 6, 13))
    assert storage.exists(names[0]) and not storage.exists(names[1])
    assert "could not delete" in caplog.text


def test_colleagues_who_left_cost_a_fixed_number_of_queries(
    school, directeur_bas, frozen_today, django_assert_num_queries
):
    from beeldwacht.takedowns.actions import record_staff_consent

    def colleague_leaves(n):
        person = staff(school, f"collega{n}@delinde.nl", "teacher")
        record_staff_consent(
            school=school,
            user=person,
            choices=[Choice(school.channels.get(key="website"), Kind.IMAGE, True)],
            by=person,
            on=date(2026, 3, 10),
        )
        Membership.objects.filter(user=person).update(left_on=LEFT)

    colleague_leaves(0)
    with CaptureQueriesContext(connection) as one:
        apply_retention(today=date(2027, 7, 12))
    for n in (1, 2, 3):
        colleague_leaves(n)
    with django_assert_num_queries(len(one.captured_queries)):
        assert apply_retention(today=date(2027, 7, 12))[school]["consent_records"] == 3
