"""One-off consent for one activity (issue 12, build item 7; DOMAIN 2): the local paper
visits the musical; the school asks the musical's parents once; their answers apply to the
musical only and stand beside their other choices."""

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from beeldwacht.activities import services
from beeldwacht.activities.models import ParentMailing
from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.consent.models import Channel, Kind
from beeldwacht.domain.consent import Status
from beeldwacht.media import selectors
from beeldwacht.media import services as media
from beeldwacht.media.models import OneOffAnswer, OneOffRequest
from beeldwacht.takedowns.actions import record_one_off
from conftest import make_guardian

DAY = date(2026, 3, 10)


@pytest.fixture
def press(school):
    return Channel.objects.get(school=school, key="press")


@pytest.fixture
def musical(school, groep5, juf_anna, sanne, moeder_mila, vader_victor):
    return media.activity_create(
        school=school, name="Musical", date=DAY, classes=[groep5], kind="performance", by=juf_anna
    )


@pytest.fixture
def trip(school, groep5, juf_anna, sanne):
    return media.activity_create(
        school=school, name="Schoolreis", date=DAY, classes=[groep5], by=juf_anna
    )


@pytest.fixture
def asked(musical, press, juf_anna, frozen_today):
    services.one_off_send(
        activity=musical,
        channel=press,
        kinds=[Kind.IMAGE, Kind.SOUND],
        question="De Haarener Courant maakt foto's van de musical voor een artikel.",
        by=juf_anna,
    )
    return OneOffRequest.objects.get()


def press_status(activity, pupil, press):
    people = {p.key: p for p in selectors.exceptions_for(activity, press, DAY)}
    person = people.get(f"pupil:{pupil.pk}")
    return Status.GRANTED if person is None else person.status


def answer(asked, ship, decision, by=None):
    return record_one_off(
        request=asked,
        ship=ship,
        answers={Kind.IMAGE: decision},
        by=by or ship.guardian.user,
        on=DAY,
    )


def test_the_question_goes_to_the_guardians_with_a_link_per_child(asked, sanne, musical):
    assert sorted(m.to[0] for m in mail.outbox) == ["mila@example.nl", "victor@example.nl"]
    link = reverse(
        "portal:one_off", kwargs={"pupil_id": sanne.public_id, "request_id": asked.public_id}
    )
    assert link in mail.outbox[0].body
    assert "De Haarener Courant maakt foto's" in mail.outbox[0].body
    mailing = ParentMailing.objects.get(activity=musical)
    assert mailing.recipients.count() == 2
    assert AuditEvent.objects.filter(type=AuditEvent.Type.ONE_OFF_ASKED).count() == 1


def test_a_name_is_not_asked_once(musical, press, juf_anna, frozen_today):
    """A name in a text is checked against the text's channel consent, not one activity's
    answers: asking about it once would promise what the text checks do not keep."""
    with pytest.raises(InvalidInput, match="beeld of geluid"):
        services.one_off_send(
            activity=musical, channel=press, kinds=[Kind.NAME], question="Naam?", by=juf_anna
        )
    assert not OneOffRequest.objects.exists()


def test_asking_twice_about_one_channel_is_refused(asked, musical, press, juf_anna):
    with pytest.raises(InvalidInput):
        services.one_off_send(
            activity=musical, channel=press, kinds=[Kind.IMAGE], question="Nog eens?", by=juf_anna
        )
    assert OneOffRequest.objects.count() == 1


def test_the_answers_apply_to_that_activity_only(
    asked, musical, trip, sanne, press, moeder_mila, vader_victor
):
    """Sanne's parents never gave general consent for the press; both say yes for the
    musical: the paper may show her there, not on the trip."""
    assert press_status(musical, sanne, press) is Status.NONE
    for guardian in (moeder_mila, vader_victor):
        answer(asked, guardian.guardianships.get(), True)
    assert press_status(musical, sanne, press) is Status.GRANTED
    assert press_status(trip, sanne, press) is Status.NONE
    # One parent changes her mind: the refusal wins, for the musical.
    answer(asked, moeder_mila.guardianships.get(), False)
    assert press_status(musical, sanne, press) is Status.DISPUTED
    assert OneOffAnswer.objects.filter(pupil=sanne).count() == 3  # nothing overwritten


def test_a_guardian_answers_in_the_portal(client, asked, sanne, moeder_mila, musical, press):
    client.force_login(moeder_mila.user)
    child = client.get(
        reverse("portal:child", kwargs={"pupil_id": sanne.public_id})
    ).content.decode()
    assert "Eenmalig gevraagd: Musical" in child
    url = reverse(
        "portal:one_off", kwargs={"pupil_id": sanne.public_id, "request_id": asked.public_id}
    )
    page = client.get(url).content.decode()
    assert "geldt alleen voor deze activiteit" in page
    client.post(url, {"k_image": "yes", "k_sound": "no"})
    answers = {(a.kind, a.decision) for a in OneOffAnswer.objects.filter(pupil=sanne)}
    assert answers == {("image", True), ("sound", False)}
    assert OneOffAnswer.objects.get(kind="image").guardian == moeder_mila


def test_nobody_else_answers(client, asked, sanne, school, groep5, moeder_mila):
    stranger = make_guardian(
        school, sanne, "Zonder Gezag", "zg@example.nl", authority=False, position=3
    )
    with pytest.raises(PermissionDenied):
        answer(asked, stranger.guardianships.get(), True)
    with pytest.raises(PermissionDenied):  # Mila cannot answer as Victor
        answer(
            asked,
            sanne.guardianships.get(guardian__name="Victor de Vries"),
            True,
            by=moeder_mila.user,
        )
    other = make_guardian(school, _other_child(school, groep5), "Ander", "ander@example.nl")
    client.force_login(other.user)
    url = reverse(
        "portal:one_off", kwargs={"pupil_id": sanne.public_id, "request_id": asked.public_id}
    )
    assert client.get(url).status_code == 404
    assert not OneOffAnswer.objects.exists()


def _other_child(school, group):
    from conftest import make_pupil

    return make_pupil(school, group, "1099", first="Ander")


def test_a_teacher_of_another_group_cannot_ask(musical, press, school, groep6):
    from beeldwacht.common.permissions import Role
    from conftest import staff

    other = staff(school, "kees@delinde.nl", Role.TEACHER, [groep6])
    with pytest.raises(PermissionDenied):
        services.one_off_send(
            activity=musical, channel=press, kinds=["image"], question="?", by=other
        )
    assert mail.outbox == [] and not OneOffRequest.objects.exists()


def test_the_teacher_asks_from_the_activity_page(client, musical, press, juf_anna, frozen_today):
    client.force_login(juf_anna)
    url = reverse("activities:one_off", kwargs={"brin": "12AB", "activity_id": musical.public_id})
    client.post(url, {"channel": press.pk, "kinds": ["image"], "question": "De krant komt."})
    assert len(mail.outbox) == 2
    page = client.get(
        reverse("activities:people", kwargs={"brin": "12AB", "activity_id": musical.public_id})
    ).content.decode()
    assert "De krant komt." in page and "Sanne de Vries" in page
    assert re.search(r"Antwoorden voor Lokale pers", page)


def test_the_answers_stand_in_the_pupils_consent_history(
    client, asked, sanne, moeder_mila, privacy_pim, juf_anna
):
    answer(asked, moeder_mila.guardianships.get(), True)
    url = reverse("consent:pupil", kwargs={"brin": "12AB", "pupil_id": sanne.public_id})
    client.force_login(privacy_pim)
    page = client.get(url).content.decode()
    assert "Eenmalig gevraagd, voor één activiteit" in page
    assert "Musical" in page and "Mila de Vries" in page
    client.force_login(juf_anna)  # a teacher sees what holds, not who decided what
    assert "Eenmalig gevraagd, voor één activiteit" not in client.get(url).content.decode()
