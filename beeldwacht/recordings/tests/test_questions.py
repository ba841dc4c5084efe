"""Consent about a classroom recording (issue 12, build items 1 and 3; Filmen 1, DOMAIN 5):
for a pupil's support the school asks the parents of the pupils it concerns where consent
is needed, and the upload waits for all of them; any other use is asked of the parents of
every pupil in it and stays refused until all agree."""

import re
from datetime import date, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.consent.services import flag_set
from beeldwacht.people.models import Guardianship, Pupil
from beeldwacht.recordings.models import ConsentQuestion, Recording
from beeldwacht.recordings.questions import question_answer, question_ask
from beeldwacht.recordings.selectors import agreed
from beeldwacht.recordings.tests.test_recordings import _plan, _upload

DAY = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def on_the_day_of_the_answers(time_machine):
    """The guardians were told on 3 December; they answer, and the intern uploads, on the
    4th, before the lesson of the 10th."""
    time_machine.move_to(timezone.make_aware(datetime(2026, 12, 4, 10, 0)), tick=False)


def _support(school, groep6, people):
    recording = _plan(school, groep6, people, purpose=Recording.Purpose.PUPIL_SUPPORT, about="")
    services_consult(recording, people)
    return recording


def services_consult(recording, people):
    from beeldwacht.recordings import services

    for ship in Guardianship.objects.filter(pupil__school_class=recording.school_class):
        services.recording_consulted(
            recording=recording,
            ship=ship,
            held_on=DAY,
            outcome="agreed",
            note="",
            by=people["intern"],
        )


def answer(question, pupil, decision):
    ship = Guardianship.objects.filter(pupil=pupil).exclude(guardian__email="").first()
    return question_answer(
        question=question, ship=ship, decision=decision, by=ship.guardian.user, on=DAY
    )


def test_the_upload_waits_until_the_parents_asked_agree(school, groep6, people):
    recording = _support(school, groep6, people)
    kind0 = Pupil.objects.get(first_name="Kind0")
    mail.outbox.clear()
    asked = question_ask(
        recording=recording,
        purpose=ConsentQuestion.Purpose.SUPPORT,
        pupils=[kind0],
        question="Mogen we Kind0 filmen bij het lezen, om de begeleiding af te stemmen?",
        by=people["intern"],
    )
    assert [m.to for m in mail.outbox] == [["ouder0@example.nl"]]  # the one with an address
    link = reverse(
        "portal:recording_question",
        kwargs={"pupil_id": kind0.public_id, "question_id": asked.public_id},
    )
    assert link in mail.outbox[0].body
    with pytest.raises(InvalidInput, match="ingestemd"):
        _upload(recording, people)
    answer(asked, kind0, True)
    # The registry's rule: the parent who answered agrees, the other has not objected.
    assert agreed(asked, DAY)
    assert _upload(recording, people).status == Recording.Status.UPLOADED
    assert AuditEvent.objects.filter(type=AuditEvent.Type.RECORDING_CONSENT_ANSWERED).count() == 1


def test_only_the_recorder_asks_about_support_and_only_about_her_group(
    school, groep6, groep5, people
):
    from conftest import make_pupil

    recording = _support(school, groep6, people)
    kind0 = Pupil.objects.get(first_name="Kind0")
    with pytest.raises(PermissionDenied):
        question_ask(
            recording=recording, purpose="support", pupils=[kind0], question="?", by=people["bas"]
        )
    elsewhere = make_pupil(school, groep5, "5998", first="Elders")
    with pytest.raises(InvalidInput):
        question_ask(
            recording=recording,
            purpose="support",
            pupils=[elsewhere],
            question="?",
            by=people["intern"],
        )
    assert not ConsentQuestion.objects.exists()


def test_another_use_stays_refused_until_every_parent_agrees(school, groep6, people):
    recording = _upload(_plan(school, groep6, people), people)
    mail.outbox.clear()
    asked = question_ask(
        recording=recording,
        purpose=ConsentQuestion.Purpose.OTHER_USE,
        question="De pabo wil de les gebruiken bij de beoordeling van de stagiair.",
        by=people["bas"],
    )
    pupils = list(asked.pupils.order_by("first_name"))
    assert [p.first_name for p in pupils] == ["Kind0", "Kind1", "Kind2"]
    assert len(mail.outbox) == 3
    for pupil in pupils[:2]:
        answer(asked, pupil, True)
    assert not agreed(asked, DAY)  # Kind2's parents have not answered
    answer(asked, pupils[2], False)
    assert not agreed(asked, DAY)
    answer(asked, pupils[2], True)  # they changed their mind: all agree now
    assert agreed(asked, DAY)
    assert asked.answers.count() == 4  # nothing overwritten


def test_a_flag_keeps_it_refused_whatever_the_answer(school, groep6, people, directeur_bas):
    recording = _upload(_plan(school, groep6, people), people)
    asked = question_ask(
        recording=recording, purpose="other_use", question="Voor de pabo.", by=people["intern"]
    )
    for pupil in asked.pupils.all():
        answer(asked, pupil, True)
    assert agreed(asked, DAY)
    flag_set(
        pupil=Pupil.objects.get(first_name="Kind1"),
        kind="no_images",
        reason="",
        by=directeur_bas,
        on=DAY,
    )
    assert not agreed(asked, DAY)


def test_a_parent_answers_in_the_portal(client, school, groep6, people):
    recording = _upload(_plan(school, groep6, people), people)
    asked = question_ask(
        recording=recording, purpose="other_use", question="Voor de pabo.", by=people["intern"]
    )
    kind1 = Pupil.objects.get(first_name="Kind1")
    ship = Guardianship.objects.get(pupil=kind1)
    client.force_login(ship.guardian.user)
    child = client.get(
        reverse("portal:child", kwargs={"pupil_id": kind1.public_id})
    ).content.decode()
    assert "Opname in groep 6" in child and "Ander gebruik" in child
    url = reverse(
        "portal:recording_question",
        kwargs={"pupil_id": kind1.public_id, "question_id": asked.public_id},
    )
    assert "Voor de pabo." in client.get(url).content.decode()
    client.post(url, {"answer": "yes"})
    assert asked.answers.get().decision is True
    # Another child's parent cannot open it.
    kind0 = Pupil.objects.get(first_name="Kind0")
    other = reverse(
        "portal:recording_question",
        kwargs={"pupil_id": kind0.public_id, "question_id": asked.public_id},
    )
    assert client.get(other).status_code == 404


def test_the_recording_page_shows_the_round(client, school, groep6, people):
    recording = _upload(_plan(school, groep6, people), people)
    client.force_login(people["bas"])
    url = reverse(
        "recordings:ask", kwargs={"brin": school.brin, "recording_id": recording.public_id}
    )
    client.post(url, {"purpose": "other_use", "question": "Voor de pabo."})
    page = client.get(
        reverse(
            "recordings:detail", kwargs={"brin": school.brin, "recording_id": recording.public_id}
        )
    ).content.decode()
    assert "geweigerd tot alle ouders instemmen" in page
    assert re.search(r"Kind0 de Vries: <span class=\"badge none\">", page)


def test_another_use_is_asked_of_a_pupil_who_left_since(school, groep6, people):
    recording = _upload(_plan(school, groep6, people), people)
    kind2 = Pupil.objects.get(first_name="Kind2")
    kind2.left_on = date(2026, 12, 20)  # after the lesson of the 10th
    kind2.save()
    asked = question_ask(
        recording=recording, purpose="other_use", question="Voor de pabo.", by=people["intern"]
    )
    assert kind2 in asked.pupils.all()
