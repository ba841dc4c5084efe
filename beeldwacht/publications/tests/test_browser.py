"""In the browser: a teacher writes and submits, sees the findings; the director approves
and publishes; the public news page shows the photo with the face without consent blurred.
Then a withdrawal puts the paper placement on the takedown dashboard, and the guardian
sees where her child is published. axe-core on every page on the way."""

import io
import re

import numpy as np
import pytest
from django.urls import reverse
from PIL import Image

from beeldwacht.consent.models import ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.publications import services
from beeldwacht.publications.models import Publication
from beeldwacht.publications.tests.conftest import TODAY, publish_trip
from beeldwacht.takedowns.actions import record_consent
from beeldwacht.tests.browser import assert_accessible, log_in, log_in_by_code, shoot, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def face_detail(image: Image.Image, box, scale: float) -> float:
    """How much detail is left in a face box: the spread of its grey values."""
    x1, y1, x2, y2 = (round(v * scale) for v in box)
    return float(np.asarray(image.convert("L").crop((x1, y1, x2, y2)), dtype=float).std())


def test_write_check_approve_and_see_the_blurred_face_on_the_news_page(
    live_server, tablet, school, groep5, juf_anna, directeur_bas, monkeypatch
):
    trip = publish_trip(school, groep5, juf_anna, directeur_bas, monkeypatch, publish=False)
    page = tablet
    log_in(page, live_server.url, "anna@delinde.nl")
    page.get_by_role("link", name="Publicaties").click()
    page.get_by_role("link", name="Publicatie schrijven").click()
    assert_accessible(page)
    page.get_by_label("Titel", exact=True).fill("Op schoolreis")
    page.get_by_label(re.compile("^Tekst")).fill("Wat een dag! Vragen? Bel 06-12345678.")
    page.get_by_label("Schoolwebsite").check()
    with page.expect_navigation():  # choosing the activity shows its photos
        page.get_by_label(re.compile("^Activiteit")).select_option(label="Schoolreis")
    assert page.get_by_label("Titel", exact=True).input_value() == "Op schoolreis"
    page.get_by_role("checkbox", name="Foto groep.jpg").check()  # by its thumbnail
    shoot(page, "publicatie-fotokiezer")
    assert "Schoolwebsite: vrij na vervagen van 1 gezicht" in page.inner_text("fieldset.picker")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan en controleren").click()

    findings = page.get_by_role("region", name="Automatische controle")
    findings.get_by_text("Herkenbaar op groep.jpg: Daan (groep 5)").wait_for()
    assert "telefoonnummer" in findings.inner_text() and "06-12345678" in findings.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Indienen ter goedkeuring").click()
    page.get_by_text("Ingediend").first.wait_for()

    page.context.clear_cookies()
    log_in(page, live_server.url, "bas@delinde.nl")
    page.get_by_role("link", name="Publicaties").click()
    page.get_by_role("link", name="Op schoolreis").first.click()
    page.get_by_role("img", name="Veilige versie voor Schoolwebsite").wait_for()
    assert_accessible(page)
    page.get_by_label("Ik heb de waarschuwingen gelezen").check()
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_role("button", name="Publiceren").click()
    page.get_by_text("Gepubliceerd").first.wait_for()
    assert Publication.objects.get().status == "published"

    page.goto(live_server.url + reverse("public:news", kwargs={"brin": school.brin}))
    page.get_by_role("heading", name="Op schoolreis").wait_for()
    assert_accessible(page)
    src = page.locator("img.news-photo").first.get_attribute("src")
    served = Image.open(io.BytesIO(page.request.get(live_server.url + src).body()))
    scale = served.width / trip["photo"].width
    lot_box, daan_box = trip["boxes"][0], trip["boxes"][1]
    original_detail = face_detail(trip["photo"], daan_box, 1.0)
    assert face_detail(served, daan_box, scale) < 0.5 * original_detail  # Daan: blurred
    assert face_detail(served, lot_box, scale) > 0.8 * original_detail  # Lot: consent


def test_the_takedown_screens_and_the_guardians_page(
    live_server, chromium, school, groep5, juf_anna, directeur_bas, monkeypatch
):
    trip = publish_trip(
        school, groep5, juf_anna, directeur_bas, monkeypatch, keys=("website", "press")
    )
    services.placement_record(
        publication=trip["publication"],
        channel=trip["channels"]["press"],
        where="https://www.haarenercourant.nl/schoolreis",
        placed_on=TODAY,
        printed=False,
        by=juf_anna,
    )
    record_consent(
        pupil=trip["lot"],
        choices=[Choice(trip["channels"]["press"], Kind.IMAGE, False)],
        guardian=trip["mother"],
        by=trip["mother"].user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    # One sign-in (an authenticator code is good once), looked at on a laptop and a phone.
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    watch_csp(page)
    log_in(page, live_server.url, "bas@delinde.nl")
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Verwijdertaken").click()
        page.get_by_text("1 open taak").wait_for()
        assert_accessible(page)
        page.get_by_role("link", name="Op schoolreis").click()
        assert (
            "Geachte redactie"
            in page.get_by_label(re.compile("Verwijderverzoek aan de redactie")).input_value()
        )
        assert_accessible(page)
    context.close()

    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    watch_csp(page)
    log_in_by_code(page, live_server.url, "ina@example.nl")
    page.get_by_role("link", name="Waar staat Lot?").click()
    page.get_by_role("heading", name="Op schoolreis").first.wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Vraag om verwijdering").first.click()
    page.get_by_text("Uw verzoek is naar de school gestuurd").wait_for()
    assert_accessible(page)
    context.close()
