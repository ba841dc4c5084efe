"""Issue 13, done means (incidents): the director registers an incident with a screenshot,
records who was involved and a reprimand; the screenshot shows on the page. axe-core on
each page; with BEELDWACHT_SHOTS=dir, screenshots to look at."""

import pytest

from beeldwacht.incidents.models import MeasureTaken
from beeldwacht.media.tests.photos import jpeg_bytes, portrait
from beeldwacht.tests.browser import assert_accessible, log_in, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_the_director_registers_an_incident_with_evidence_and_a_measure(
    live_server, tablet, juf_anna, directeur_bas, tmp_path
):
    shot = tmp_path / "bericht.jpg"
    shot.write_bytes(jpeg_bytes(portrait()))
    page = tablet
    log_in(page, live_server.url, "bas@delinde.nl")
    page.get_by_role("navigation").get_by_role("link", name="Incidenten").click()
    page.get_by_role("link", name="Incident melden").click()
    page.get_by_label("Wat er gebeurde").select_option(label="Zwartmaken")
    page.get_by_label("Beschrijving").fill("Een privébericht van een collega noemt een leerling.")
    page.get_by_label("Schermafbeelding (niet verplicht)").set_input_files(str(shot))
    assert_accessible(page)
    page.get_by_role("button", name="Melden").click()
    page.get_by_text("Dank je: het incident is gemeld bij de directie").wait_for()
    image = page.get_by_role("img", name="Schermafbeelding bericht.jpg")
    for _ in range(50):  # (the page's CSP refuses wait_for_function with a string)
        if image.evaluate("img => img.complete && img.naturalWidth") > 0:
            break
        page.wait_for_timeout(100)
    assert image.evaluate("img => img.naturalWidth") > 0
    page.get_by_label("Rol").select_option(label="Medewerker")
    page.get_by_label("Wie").select_option(label="Anna")
    page.get_by_role("button", name="Betrokkene toevoegen").click()
    page.get_by_role("combobox", name="Maatregel").select_option(label="Berisping")
    page.get_by_role("button", name="Maatregel vastleggen").click()
    page.get_by_text("Berisping").first.wait_for()
    assert_accessible(page)
    shoot(page, "incident-1-directie")
    assert MeasureTaken.objects.get().kind == "reprimand"
