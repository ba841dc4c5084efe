"""People in the picture who are not pupils (issue 12, build item 5; protocol U5 and A.5):
accompanying parents, volunteers and guests give or refuse their own consent for an
activity's photos, signed in by code or on paper; until they answer they count as no
consent and are blurred like anyone else."""

from datetime import date

import pytest
from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import PermissionDenied
from beeldwacht.common.permissions import Role
from beeldwacht.consent.models import Channel, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.domain.consent import Status
from beeldwacht.media import selectors as media_selectors
from beeldwacht.media import services as media
from beeldwacht.media.models import GuestConsent, Participant
from beeldwacht.takedowns.actions import record_guest_consent
from conftest import staff

TRIP_DAY = date(2026, 6, 12)


@pytest.fixture
def website(school):
    return Channel.objects.get(school=school, key="website")


@pytest.fixture
def newsletter(school):
    return Channel.objects.get(school=school, key="newsletter")


@pytest.fixture
def trip(school, groep5, juf_anna, sanne):
    return media.activity_create(
        school=school, name="Schoolreis", date=TRIP_DAY, classes=[groep5], by=juf_anna
    )


@pytest.fixture
def petra(trip, juf_anna, django_user_model):
    django_user_model.objects.create_user("petra@example.nl")
    return media.participant_add(
        activity=trip,
        by=juf_anna,
        guest_name="Petra Jansen",
        guest_email="petra@example.nl",
        guest_role=Participant.GuestRole.VOLUNTEER,
    )


def status_of(trip, channel, petra):
    people = {p.key: p for p in media_selectors.exceptions_for(trip, channel, TRIP_DAY)}
    person = people.get(petra.person_key)
    return Status.GRANTED if person is None else person.status


def test_until_a_guest_answers_she_is_one_to_blur(trip, petra, website):
    assert status_of(trip, website, petra) is Status.NONE


def test_a_guest_signs_in_and_decides_per_channel(
    client, trip, petra, website, newsletter, time_machine
):
    time_machine.move_to(TRIP_DAY)
    client.force_login(_user())
    url = reverse("portal:guest", kwargs={"participant_id": petra.public_id})
    page = client.get(url).content.decode()
    assert "Mag de school uw foto en naam publiceren?" in page
    client.post(url, {f"c_{website.pk}_image": "yes", f"c_{newsletter.pk}_image": "no"})
    assert status_of(trip, website, petra) is Status.GRANTED
    assert status_of(trip, newsletter, petra) is Status.REFUSED
    answers = GuestConsent.objects.filter(participant=petra)
    assert {(a.channel.key, a.decision, a.method) for a in answers} == {
        ("website", True, "portal"),
        ("newsletter", False, "portal"),
    }
    event = AuditEvent.objects.get(type=AuditEvent.Type.CONSENT_RECORDED)
    assert event.data["guest"] is True and "Petra" not in str(event.data)
    # She changes her mind: the later answer counts, the earlier one is kept.
    client.post(url, {f"c_{website.pk}_image": "no"})
    assert status_of(trip, website, petra) is Status.REFUSED
    assert GuestConsent.objects.filter(participant=petra, channel=website).count() == 2


def _user():
    from beeldwacht.accounts.models import User

    return User.objects.get(email="petra@example.nl")


def test_staff_enter_a_paper_form(client, trip, petra, website, juf_anna, time_machine):
    time_machine.move_to(TRIP_DAY)
    client.force_login(juf_anna)
    url = reverse(
        "activities:guest_paper",
        kwargs={"brin": "12AB", "activity_id": trip.public_id, "participant_id": petra.public_id},
    )
    assert "Papieren formulier van Petra Jansen" in client.get(url).content.decode()
    client.post(url, {f"c_{website.pk}_image": "yes"})
    answer = GuestConsent.objects.get(participant=petra)
    assert (answer.method, answer.recorded_by) == (GuestConsent.Method.PAPER, juf_anna)
    assert status_of(trip, website, petra) is Status.GRANTED


def test_only_she_or_staff_of_the_activity_answer(trip, petra, website, moeder_mila, school):
    choices = [Choice(website, Kind.IMAGE, True)]
    with pytest.raises(PermissionDenied):
        record_guest_consent(
            participant=petra,
            choices=choices,
            by=moeder_mila.user,
            method=GuestConsent.Method.PORTAL,
            on=TRIP_DAY,
        )
    other_teacher = staff(school, "kees@delinde.nl", Role.TEACHER, [])
    with pytest.raises(PermissionDenied):
        record_guest_consent(
            participant=petra,
            choices=choices,
            by=other_teacher,
            method=GuestConsent.Method.PAPER,
            on=TRIP_DAY,
        )
    assert not GuestConsent.objects.exists()
