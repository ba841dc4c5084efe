"""Consent that ends without anyone writing reaches the ledger like a withdrawal (issue #8,
finding 6): the yearly lapse on 1 August, a pupil who leaves, and not a 16th birthday, on
which the guardians' answers stay in force until the pupil decides herself."""

import io
from datetime import date, datetime

from django.core.management import call_command
from django.utils import timezone

from beeldwacht.schools.models import School
from beeldwacht.takedowns.models import Takedown


def run_transitions(clock, when: datetime) -> str:
    clock.move_to(timezone.make_aware(when), tick=False)
    out = io.StringIO()
    call_command("consent-transitions", stdout=out)
    return out.getvalue()


def on_the_paper(trip):
    return Takedown.objects.filter(placement__channel=trip["press"]).order_by("pupil__first_name")


def test_the_yearly_lapse_opens_tasks_for_the_paper_once(fast_trip, school):
    School.objects.filter(pk=school.pk).update(consent_lapses_yearly=True)
    run_transitions(fast_trip["clock"], datetime(2026, 7, 31, 6, 0))
    assert not on_the_paper(fast_trip).exists()  # still last school year
    out = run_transitions(fast_trip["clock"], datetime(2026, 8, 1, 6, 0))
    tasks = on_the_paper(fast_trip)
    # Lot may be in the group photo (unmarked); Mees is on his portrait (marked).
    assert [(t.pupil.first_name, t.possible, t.status) for t in tasks] == [
        ("Lot", True, Takedown.Status.OPEN),
        ("Mees", False, Takedown.Status.OPEN),
    ]
    assert "12AB: 4 regel" in out  # two tasks for the paper, two corrections of the website
    run_transitions(fast_trip["clock"], datetime(2026, 8, 2, 6, 0))
    assert on_the_paper(fast_trip).count() == 2  # the second run adds nothing


def test_a_pupil_who_left_is_taken_down_like_a_withdrawal(fast_trip):
    mees = fast_trip["portrait"].faces.get().pupil
    mees.left_on = date(2026, 7, 10)
    mees.save()
    run_transitions(fast_trip["clock"], datetime(2026, 7, 11, 6, 0))
    [task] = on_the_paper(fast_trip)
    assert task.pupil == mees and task.status == Takedown.Status.OPEN
    assert (
        Takedown.objects.get(pupil=mees, placement__channel=fast_trip["website"]).status
        == Takedown.Status.AUTOMATIC
    )


def test_a_sixteenth_birthday_takes_nothing_down(fast_trip):
    """The day a girl turns 16 her guardians' answers stay in force (EDPB 05/2020, 7.1.4):
    before, they dropped to 'none' and her photos left the website overnight."""
    mees = fast_trip["portrait"].faces.get().pupil
    mees.date_of_birth = date(2010, 7, 1)
    mees.save()
    run_transitions(fast_trip["clock"], datetime(2026, 7, 2, 6, 0))
    assert not Takedown.objects.filter(pupil=mees).exists()


def test_a_guardian_dropped_by_the_roster_import_reaches_the_ledger(fast_trip, school, tmp_path):
    """Lot's consent came from her mother alone. The next roster import no longer lists her
    mother (authority changed in the school's administration): her guardianship ends, dated,
    and the daily run takes Lot off the paper as a possible appearance."""
    from beeldwacht.people.models import Guardianship, Pupil

    fast_trip["clock"].move_to(timezone.make_aware(datetime(2026, 9, 7, 8, 0)), tick=False)
    rows = ["Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;Ouder 1 naam;Ouder 1 e-mail"]
    for pupil in Pupil.objects.filter(school=school, left_on__isnull=True):
        ship = pupil.guardianships.current().select_related("guardian").first()
        keep = ship and pupil.first_name != "Lot"
        rows.append(
            f"{pupil.las_number};{pupil.first_name};{pupil.last_name};"
            f"{pupil.date_of_birth:%d-%m-%Y};{pupil.school_class.name};"
            + (f"{ship.guardian.name};{ship.guardian.email}" if keep else ";")
        )
    path = tmp_path / "leerlingen.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    call_command("import-roster", "--school", school.brin, str(path), stdout=io.StringIO())
    assert Guardianship.objects.get(guardian=fast_trip["mother"]).ended_on == date(2026, 9, 7)
    run_transitions(fast_trip["clock"], datetime(2026, 9, 8, 6, 0))
    [task] = on_the_paper(fast_trip)
    assert (task.pupil.first_name, task.possible, task.status) == (
        "Lot",
        True,
        Takedown.Status.OPEN,
    )
