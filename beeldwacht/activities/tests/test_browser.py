"""Issue 12, done means (activities): the teacher makes a school trip, adds an accompanying
parent, sends the parents the message with the photo rules and invites her; the mother, on
her phone, signs in by code, accepts the rules and decides about her own photo; the teacher
sees it. axe-core on each new page; with BEELDWACHT_SHOTS=dir, screenshots to look at."""

from datetime import timedelta

import pytest
from django.core import mail

from beeldwacht.activities.models import Acceptance
from beeldwacht.media.models import GuestConsent
from beeldwacht.tests.browser import assert_accessible, log_in, log_in_by_code, shoot
from conftest import TODAY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_a_trip_with_its_rules_for_parents_and_a_companion(
    live_server, tablet, phone, juf_anna, sanne, moeder_mila
):
    page = tablet
    log_in(page, live_server.url, "anna@delinde.nl")
    page.get_by_role("link", name="Foto's en video").first.click()
    page.get_by_label("Naam").fill("Schoolreis naar de Efteling")
    page.get_by_label("Datum").fill((TODAY + timedelta(days=7)).isoformat())
    page.get_by_label("Soort").select_option(label="Schoolreis")
    page.get_by_label("Buiten school").check()
    page.get_by_label("Groep 5").check()
    page.get_by_role("button", name="Activiteit maken").click()
    page.get_by_text("Deelnemer").first.click()  # opens the participants
    page.get_by_label("Of de naam van een gast").fill("Petra Jansen")
    page.get_by_label("De gast is").select_option(label="Begeleidende ouder")
    page.get_by_label("E-mailadres van de gast (voor de uitnodiging)").fill("petra@example.nl")
    page.get_by_role("button", name="Deelnemer toevoegen").click()
    page.get_by_role("link", name="Ouders en begeleiders: regels, bericht, acceptaties").click()

    body = page.get_by_role("textbox", name="Tekst")
    assert "Ook buiten school gelden de privacyregels" in body.input_value()
    assert_accessible(page)
    shoot(page, "activiteit-1-ouders-en-begeleiders")
    page.get_by_role("button", name="Verstuur naar 1 ouder of verzorger").click()
    page.get_by_text("Het bericht is verstuurd naar 1 ouders en verzorgers").wait_for()
    assert [m.to for m in mail.outbox] == [["mila@example.nl"]]
    page.get_by_role("button", name="Nodig iedereen uit die nog niet heeft geantwoord").click()
    page.get_by_text("1 uitnodigingen verstuurd").wait_for()
    assert "nog niet geaccepteerd" in page.locator("table").inner_text()

    log_in_by_code(phone, live_server.url, "petra@example.nl")
    phone.get_by_role("link", name="De regels, en uw eigen foto").click()
    phone.get_by_text("Privacyregels voor begeleiders en vrijwilligers").wait_for()
    assert_accessible(phone)
    phone.get_by_role("button", name="Ik heb de regels gelezen en houd me eraan").click()
    phone.get_by_text("Dank u wel: u heeft de regels geaccepteerd").wait_for()
    website = phone.get_by_role("group", name="Schoolwebsite")
    website.get_by_role("group", name="Beeld (foto en video)").get_by_label("Ja").check()
    newsletter = phone.get_by_role("group", name="Nieuwsbrief")
    newsletter.get_by_role("group", name="Beeld (foto en video)").get_by_label("Nee").check()
    phone.get_by_role("button", name="Mijn keuzes opslaan").click()
    phone.get_by_text("Uw keuzes zijn opgeslagen").wait_for()
    assert_accessible(phone)
    shoot(phone, "activiteit-2-begeleider-op-telefoon")
    acceptance = Acceptance.objects.get()
    assert acceptance.method == Acceptance.Method.PORTAL and acceptance.rules.version == 1
    assert {(a.channel.key, a.decision) for a in GuestConsent.objects.all()} == {
        ("website", True),
        ("newsletter", False),
    }

    page.reload()
    table = page.locator("table").inner_text()
    assert "geaccepteerd op" in table and "beantwoord" in table
    shoot(page, "activiteit-3-geaccepteerd")


def test_the_school_words_its_texts_asks_once_and_enters_a_paper_form(
    live_server, tablet, phone, directeur_bas, sanne, moeder_mila, groep5
):
    """The director words the trip message in the settings, asks the musical's parents once
    about the local paper and enters a volunteer's paper form; the mother answers on her
    phone, also about a classroom recording. axe-core on every page of it."""
    from beeldwacht.media import services as media
    from beeldwacht.media.models import OneOffAnswer
    from beeldwacht.recordings import services as recordings
    from beeldwacht.recordings.models import ConsentAnswer
    from beeldwacht.recordings.questions import question_ask
    from conftest import staff

    musical = media.activity_create(
        school=sanne.school,
        name="Musical",
        date=TODAY + timedelta(days=14),
        classes=[groep5],
        kind="performance",
        by=directeur_bas,
    )
    media.participant_add(
        activity=musical,
        by=directeur_bas,
        guest_name="Opa Gerrit",
        guest_role="volunteer",
    )
    page = tablet
    log_in(page, live_server.url, "bas@delinde.nl")
    page.get_by_role("link", name="Instellingen").click()
    page.get_by_role("link", name="Teksten voor ouders en begeleiders").click()
    assert_accessible(page)
    page.get_by_role("link", name="Schoolreis").click()
    page.get_by_label("Onderwerp").fill("Op reis: [activiteit]")
    page.get_by_role("textbox", name="Tekst").fill("Beste ouders, op [datm] gaan we weg.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Onbekende invulplek [datm]").wait_for()
    assert_accessible(page)
    page.get_by_role("textbox", name="Tekst").fill("Beste ouders, op [datum] gaan we weg.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Opgeslagen.").wait_for()

    page.goto(f"{live_server.url}/s/12AB/activiteiten/{musical.public_id}/")
    page.get_by_label("Kanaal").select_option(label="Lokale pers")
    page.get_by_label("Beeld (foto en video)").check()
    page.get_by_label("Wat de school vraagt, en waarom").fill(
        "De Haarener Courant maakt foto's van de musical."
    )
    page.get_by_role("button", name="Vraag het de ouders").click()
    page.get_by_text("De vraag is verstuurd naar 1 ouders en verzorgers").wait_for()
    page.get_by_role("link", name="papieren formulier").click()
    website = page.get_by_role("group", name="Schoolwebsite")
    website.get_by_role("group", name="Beeld (foto en video)").get_by_label("Ja").check()
    assert_accessible(page)
    page.get_by_role("button", name="Papieren formulier opslaan").click()
    page.get_by_text("Opgeslagen.").wait_for()
    assert "beantwoord" in page.locator("table", has_text="Opa Gerrit").inner_text()
    assert_accessible(page)
    shoot(page, "activiteit-4-eenmalig-en-papier")

    intern = staff(sanne.school, "eva@delinde.nl", "intern", [groep5])
    recording = recordings.recording_plan(
        school=sanne.school,
        purpose="pupil_support",
        school_class=groep5,
        lesson_on=TODAY + timedelta(days=5),
        about="",
        supervisor=directeur_bas,
        by=intern,
    )
    question_ask(
        recording=recording,
        purpose="support",
        pupils=[sanne],
        question="Mogen we Sanne filmen bij het lezen?",
        by=intern,
    )

    log_in_by_code(phone, live_server.url, "mila@example.nl")
    phone.get_by_role("link", name="Uw keuzes bekijken of wijzigen").click()
    phone.get_by_text("Eenmalig gevraagd: Musical").wait_for()
    assert_accessible(phone)
    phone.get_by_role("link", name="Antwoorden").last.click()
    phone.get_by_text("De Haarener Courant maakt foto's van de musical.").wait_for()
    phone.get_by_label("Ja").check()
    assert_accessible(phone)
    shoot(phone, "activiteit-5-eenmalig-ouder")
    phone.get_by_role("button", name="Mijn antwoord opslaan").click()
    phone.get_by_text("Uw keuzes zijn opgeslagen").wait_for()
    phone.get_by_role("link", name="Antwoorden").first.click()
    phone.get_by_text("Mogen we Sanne filmen bij het lezen?").wait_for()
    phone.get_by_label("Ja").check()
    assert_accessible(phone)
    phone.get_by_role("button", name="Mijn antwoord opslaan").click()
    phone.get_by_text("Uw keuzes zijn opgeslagen").wait_for()
    assert OneOffAnswer.objects.get().decision is True
    assert ConsentAnswer.objects.get().decision is True
