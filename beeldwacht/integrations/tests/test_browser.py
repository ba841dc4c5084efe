"""Issue 14, build item 2, in the browser: the privacy contact makes a key for the website,
sees it once, and revokes it. axe-core on a phone; with BEELDWACHT_SHOTS=dir, screenshots."""

import pytest

from beeldwacht.integrations.models import ApiKey
from beeldwacht.tests.browser import assert_accessible, log_in, shoot
from conftest import staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_a_key_is_made_shown_once_and_revoked(live_server, phone, school, sanne):
    staff(school, "pim@delinde.nl", "privacy_officer")
    page = phone
    log_in(page, live_server.url, "pim@delinde.nl")
    page.goto(f"{live_server.url}/s/{school.brin}/instellingen/")
    page.get_by_role(
        "link", name="Koppelingen: API-sleutels voor de andere systemen van de school"
    ).click()
    page.get_by_label("Welk systeem").fill("Website")
    page.get_by_label("Toestemming lezen (mag een leerling op een kanaal)").check()
    page.get_by_role("button", name="Sleutel maken").click()
    token = page.get_by_role("textbox", name="De nieuwe sleutel").input_value()
    assert token.startswith("bw_")
    assert_accessible(page)
    shoot(page, "koppelingen-1-sleutel")
    answer = page.request.get(
        f"{live_server.url}/api/v1/consent/pupil?number={sanne.las_number}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status == 200
    page.goto(page.url)  # a fresh look at the page
    assert page.get_by_role("textbox", name="De nieuwe sleutel").count() == 0  # never shown again
    page.get_by_role("button", name="Sleutel van Website intrekken").click()
    page.get_by_text("De sleutel werkt niet meer.").wait_for()
    assert ApiKey.objects.get().revoked_at is not None
    assert_accessible(page)
    shoot(page, "koppelingen-2-ingetrokken")


def test_a_webhook_is_added_tested_and_its_log_read(live_server, phone, school):
    from beeldwacht.integrations.tests.test_webhooks import Receiver, run_webhook_tasks

    receiver = Receiver()
    staff(school, "pim@delinde.nl", "privacy_officer")
    page = phone
    log_in(page, live_server.url, "pim@delinde.nl")
    page.goto(f"{live_server.url}/s/{school.brin}/koppelingen/")
    page.get_by_label("Adres").fill(receiver.url)
    page.get_by_label("Er moet iets offline").check()
    page.get_by_role("button", name="Webhook toevoegen").click()
    secret = page.get_by_role("textbox", name="Het geheim van de webhook").input_value()
    assert len(secret) == 64
    assert_accessible(page)
    page.get_by_role("button", name=f"Test sturen naar {receiver.url}").click()
    page.get_by_text("Er is een testbericht onderweg").wait_for()
    assert run_webhook_tasks() == 1
    page.reload()
    page.get_by_text("afgeleverd (200)").wait_for()
    assert_accessible(page)
    shoot(page, "koppelingen-3-webhooklog")
    assert receiver.bodies()[0]["event"] == "test"
    receiver.server.shutdown()
