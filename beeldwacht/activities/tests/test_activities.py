"""An activity's parents and companions (issue 12, build item 4; protocol "Ouders die
beeldmateriaal maken" A.1-3, B.1-3): the message and photo rules per kind and place, sent
to the guardians with a log; accompanying parents and volunteers accept the school's rules
for staff by signing in with a code, or on paper, tied to the version they read."""

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from beeldwacht.accounts.models import User
from beeldwacht.activities import selectors, services, texts
from beeldwacht.activities.models import (
    Acceptance,
    CompanionRules,
    Invitation,
    MailingRecipient,
    ParentMailing,
)
from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Role
from beeldwacht.domain.letters import fingerprint
from beeldwacht.media import services as media
from beeldwacht.media.models import Activity, Participant
from beeldwacht.people.models import Guardian
from conftest import make_guardian, make_pupil, send_queued_mail, staff

TRIP_DAY = date(2026, 6, 12)


@pytest.fixture
def trip(school, groep5, juf_anna, sanne, moeder_mila, vader_victor):
    return media.activity_create(
        school=school,
        name="Schoolreis naar de Efteling",
        date=TRIP_DAY,
        classes=[groep5],
        kind=Activity.Kind.SCHOOL_TRIP,
        outside_school=True,
        by=juf_anna,
    )


@pytest.fixture
def petra(trip, juf_anna):
    """Petra, mother of a pupil in another group, comes along on the bus."""
    return media.participant_add(
        activity=trip,
        by=juf_anna,
        guest_name="Petra Jansen",
        guest_email="Petra@Example.nl",
        guest_role=Participant.GuestRole.COMPANION,
    )


def add_guest(trip, juf_anna, name, email="", role=Participant.GuestRole.GUEST):
    return media.participant_add(
        activity=trip, by=juf_anna, guest_name=name, guest_email=email, guest_role=role
    )


# --- the message to parents ---------------------------------------------------------------


def test_the_draft_is_the_kinds_message_with_the_rules_for_its_place(trip):
    subject, body = selectors.draft_for(trip)
    assert subject == "Schoolreis naar de Efteling op 12 juni 2026"
    assert "groep 5 op schoolreis" in body
    assert "Ook buiten school gelden de privacyregels" in body  # B, not A
    assert body.endswith("Met vriendelijke groet,\nCBS De Linde")
    assert "[" not in subject + body


def test_inside_the_school_the_draft_carries_the_rules_for_inside(school, groep5, juf_anna):
    musical = media.activity_create(
        school=school,
        name="Musical",
        date=TRIP_DAY,
        classes=[groep5],
        kind=Activity.Kind.PERFORMANCE,
        by=juf_anna,
    )
    _subject, body = selectors.draft_for(musical)
    assert "De school is geen openbare ruimte" in body  # A.1
    assert "Ook buiten school" not in body


def test_sending_mails_every_guardian_of_the_participants_once(
    trip, juf_anna, school, groep5, moeder_mila
):
    brother = make_pupil(school, groep5, "1002", first="Tim")
    make_guardian(school, brother, "Mila de Vries", "mila@example.nl")  # two children, one mail
    Guardian.objects.create(school=school, name="Zonder Adres")  # no address: not reached
    subject, body = selectors.draft_for(trip)
    mailing = services.parents_inform(
        activity=trip, subject=subject, body=body + "\nNeem een lunchpakket mee.", by=juf_anna
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["mila@example.nl", "victor@example.nl"]
    assert mail.outbox[0].subject == subject
    assert mail.outbox[0].body.endswith("Neem een lunchpakket mee.")
    assert mailing.body == mail.outbox[0].body  # the log holds what went out, word for word
    assert MailingRecipient.objects.filter(mailing=mailing, delivered=True).count() == 2
    event = AuditEvent.objects.get(type=AuditEvent.Type.PARENTS_INFORMED)
    assert event.data == {"guardians": 2, "delivered": 2}


def test_fill_in_places_left_in_the_message_are_filled_when_it_goes(trip, juf_anna):
    services.parents_inform(
        activity=trip, subject="Over [activiteit]", body="Op [datum].", by=juf_anna
    )
    assert mail.outbox[0].subject == "Over Schoolreis naar de Efteling"
    assert mail.outbox[0].body == "Op 12 juni 2026."


def test_a_typo_in_a_fill_in_place_is_refused_and_nothing_goes(trip, juf_anna):
    with pytest.raises(InvalidInput) as refused:
        services.parents_inform(
            activity=trip, subject="Schoolreis", body="Op [datm] vertrekken we.", by=juf_anna
        )
    assert "[datm]" in refused.value.message and "[datum]" in refused.value.message
    assert mail.outbox == []
    assert not ParentMailing.objects.exists()


def test_a_teacher_of_another_group_cannot_send(trip, school, groep6):
    other = staff(school, "kees@delinde.nl", Role.TEACHER, [groep6])
    with pytest.raises(PermissionDenied):
        services.parents_inform(activity=trip, subject="x", body="y", by=other)
    assert mail.outbox == []


def test_the_schools_own_wording_is_used(trip, school, directeur_bas, juf_anna):
    services.parent_text_save(
        school=school,
        key=Activity.Kind.SCHOOL_TRIP,
        subject="Op reis: [activiteit]",
        body="Lieve ouders, [activiteit] is op [datum].",
        by=directeur_bas,
    )
    subject, body = selectors.draft_for(trip)
    assert subject == "Op reis: Schoolreis naar de Efteling"
    assert body.startswith("Lieve ouders, Schoolreis naar de Efteling is op 12 juni 2026.")
    with pytest.raises(PermissionDenied):  # the wording is the school's (settings)
        services.parent_text_save(school=school, key="camp", subject="x", body="y", by=juf_anna)
    with pytest.raises(InvalidInput):
        services.parent_text_save(
            school=school, key="camp", subject="Kamp", body="[groep]", by=directeur_bas
        )


def test_the_teacher_sends_from_the_activity_page(client, trip, juf_anna):
    client.force_login(juf_anna)
    url = reverse("activities:people", kwargs={"brin": "12AB", "activity_id": trip.public_id})
    page = client.get(url).content.decode()
    assert "Ook buiten school gelden de privacyregels" in page
    assert "Verstuur naar 2 ouders en verzorgers" in page
    response = client.post(
        reverse("activities:inform", kwargs={"brin": "12AB", "activity_id": trip.public_id}),
        {"subject": "Schoolreis", "body": "Op [onbekend]."},
    )
    assert "Onbekende invulplek [onbekend]" in response.content.decode()
    assert mail.outbox == []
    client.post(
        reverse("activities:inform", kwargs={"brin": "12AB", "activity_id": trip.public_id}),
        {"subject": "Schoolreis", "body": "Tot dan."},
    )
    assert len(mail.outbox) == 2
    assert "aan 2 ouders en verzorgers" in client.get(url).content.decode()


# --- accompanying parents and volunteers ---------------------------------------------------


def test_companions_are_invited_and_an_account_is_made_for_them(trip, petra, juf_anna):
    add_guest(trip, juf_anna, "Fotograaf Frits", "frits@example.nl")  # a guest: no rules
    add_guest(trip, juf_anna, "Opa Gerrit", "", Participant.GuestRole.VOLUNTEER)  # paper only
    assert [g.participant for g in selectors.guests_of(trip)][0] == petra
    assert services.guests_invite(activity=trip, by=juf_anna) == 2  # Petra and Frits
    invitation, to_frits = mail.outbox
    assert invitation.to == ["Petra@Example.nl"]
    assert invitation.subject.startswith("Regels voor het begeleiden")
    assert to_frits.subject.startswith("Uw foto bij")
    link = reverse("portal:guest", kwargs={"participant_id": petra.public_id})
    assert link in invitation.body
    assert User.objects.filter(email="petra@example.nl").exists()
    assert Invitation.objects.get(participant=petra).rules.version == 1
    assert Invitation.objects.get(participant__guest_name="Fotograaf Frits").rules is None
    assert CompanionRules.objects.get().body == texts.COMPANION_RULES


def test_a_companion_signs_in_by_code_and_accepts(client, trip, petra, juf_anna):
    services.guests_invite(activity=trip, by=juf_anna)
    client.post(reverse("account_request_login_code"), {"email": "petra@example.nl"})
    send_queued_mail()
    body = mail.outbox[-1].body
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})?)\s*$", body, re.M).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:overview")
    assert "U helpt bij Schoolreis naar de Efteling" in response.content.decode()
    url = reverse("portal:guest", kwargs={"participant_id": petra.public_id})
    assert "Privacyregels voor begeleiders" in client.get(url).content.decode()
    client.post(url, {"version": "1", "accept": "1"})
    acceptance = Acceptance.objects.get(participant=petra)
    assert acceptance.method == Acceptance.Method.PORTAL
    assert acceptance.text_sha256 == fingerprint(texts.COMPANION_RULES)
    assert [g.accepted for g in selectors.guests_of(trip)] == [acceptance]
    assert AuditEvent.objects.filter(type=AuditEvent.Type.RULES_ACCEPTED).count() == 1
    assert "U heeft deze regels geaccepteerd" in client.get(url).content.decode()


def test_nobody_else_opens_a_companions_page(client, trip, petra, moeder_mila, juf_anna):
    services.guests_invite(activity=trip, by=juf_anna)
    client.force_login(moeder_mila.user)
    url = reverse("portal:guest", kwargs={"participant_id": petra.public_id})
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": "1", "accept": "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.rules_accept(participant=petra, version=1, by=moeder_mila.user)
    assert not Acceptance.objects.exists()


def test_a_new_version_is_asked_again_and_an_old_one_refused(
    trip, petra, juf_anna, directeur_bas, school
):
    services.guests_invite(activity=trip, by=juf_anna)
    petra_user = User.objects.get(email="petra@example.nl")
    services.rules_accept(participant=petra, version=1, by=petra_user)
    services.rules_publish(school=school, body="Nieuwe regels: geen foto's.", by=directeur_bas)
    [row] = selectors.guests_of(trip)
    assert row.accepted is None  # version 2 is not accepted yet
    with pytest.raises(InvalidInput):  # the page she opened before showed version 1
        services.rules_accept(participant=petra, version=1, by=petra_user)
    accepted = services.rules_accept(participant=petra, version=2, by=petra_user)
    assert accepted.text_sha256 == fingerprint("Nieuwe regels: geen foto's.")
    assert Acceptance.objects.filter(participant=petra).count() == 2  # both kept
    with pytest.raises(InvalidInput):
        services.rules_publish(school=school, body="Nieuwe regels: geen foto's.", by=directeur_bas)


def test_staff_record_an_acceptance_on_paper(client, trip, juf_anna):
    gerrit = add_guest(trip, juf_anna, "Opa Gerrit", "", Participant.GuestRole.VOLUNTEER)
    client.force_login(juf_anna)
    client.post(
        reverse(
            "activities:paper",
            kwargs={
                "brin": "12AB",
                "activity_id": trip.public_id,
                "participant_id": gerrit.public_id,
            },
        ),
        {"version": "1"},
    )
    acceptance = Acceptance.objects.get(participant=gerrit)
    assert (acceptance.method, acceptance.recorded_by) == (Acceptance.Method.PAPER, juf_anna)


def test_a_guest_does_not_accept_staff_rules(trip, juf_anna):
    frits = add_guest(trip, juf_anna, "Fotograaf Frits", "frits@example.nl")
    with pytest.raises(InvalidInput):
        services.rules_accept(
            participant=frits, version=1, by=juf_anna, method=Acceptance.Method.PAPER
        )


def test_a_companion_who_accepted_stays_a_participant(trip, petra, juf_anna):
    services.rules_accept(participant=petra, version=1, by=juf_anna, method=Acceptance.Method.PAPER)
    with pytest.raises(InvalidInput):
        media.participant_remove(participant=petra, by=juf_anna)
    assert Participant.objects.filter(pk=petra.pk).exists()


def test_a_guest_only_invited_can_still_be_removed(trip, petra, juf_anna):
    """A wrong address: the teacher removes the guest she invited by mistake."""
    services.guests_invite(activity=trip, by=juf_anna)
    media.participant_remove(participant=petra, by=juf_anna)
    assert not Participant.objects.filter(pk=petra.pk).exists()
    assert not Invitation.objects.exists()
