"""Issue 13, build item 6, in the browser: the privacy contact records a processor and reads
the processing register and the DPIA input; the board sets how long incident evidence is
kept. axe-core on each page, on a phone; with BEELDWACHT_SHOTS=dir, screenshots."""

import pytest

from beeldwacht.schools.models import Processor
from beeldwacht.tests.browser import assert_accessible, log_in, shoot
from conftest import staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_the_privacy_contact_records_a_processor_and_reads_the_register(
    live_server, phone, school, directeur_bas
):
    staff(school, "pim@delinde.nl", "privacy_officer")
    page = phone
    log_in(page, live_server.url, "pim@delinde.nl")
    page.goto(f"{live_server.url}/s/{school.brin}/instellingen/")
    page.get_by_role("link", name="Privacy: verwerkers, verwerkingsregister en DPIA-invoer").click()
    page.get_by_label("Organisatie").fill("Schoolhost BV")
    page.get_by_label("Wat zij voor de school doen").fill("Host van Beeldwacht")
    page.get_by_label("Verwerkersovereenkomst getekend op").fill("2025-08-01")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    page.get_by_text("De verwerker is toegevoegd.").wait_for()
    assert Processor.objects.get().agreement_on.isoformat() == "2025-08-01"
    assert_accessible(page)
    shoot(page, "privacy-1-verwerkers")
    page.get_by_role("link", name="Verwerkingsregister (AVG artikel 30)").click()
    page.get_by_role("heading", name="Verwerkingsregister CBS De Linde").wait_for()
    page.get_by_role("cell", name="Schoolhost BV").wait_for()
    assert_accessible(page)
    shoot(page, "privacy-2-register")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als pdf").click()
    assert download.value.suggested_filename == "register-12AB-2026-03-10.pdf"
    page.goto(f"{live_server.url}/s/{school.brin}/privacy/dpia/")
    page.get_by_role("heading", name="Aandachtspunten uit de instellingen").wait_for()
    assert_accessible(page)
    shoot(page, "privacy-3-dpia")


def test_the_board_sets_how_long_evidence_is_kept(live_server, tablet, school):
    staff(school, "arjen@delinde.nl", "board")
    page = tablet
    log_in(page, live_server.url, "arjen@delinde.nl")
    page.goto(f"{live_server.url}/bestuur/")
    page.get_by_label("Bewijsstukken van incidenten bewaren (maanden)").fill("36")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De bewaartermijn is opgeslagen.").wait_for()
    school.board.refresh_from_db()
    assert school.board.evidence_keep_months == 36
    assert_accessible(page)
    shoot(page, "bestuur-bewaartermijn")


def test_anyone_reads_the_privacy_statement_on_a_phone(live_server, phone, school):
    page = phone
    page.goto(f"{live_server.url}/privacy/{school.brin}/")
    page.get_by_role("heading", name="Gezichten worden gevonden, nooit herkend").wait_for()
    assert_accessible(page)
    shoot(page, "privacy-4-verklaring")
