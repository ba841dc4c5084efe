"""Issue 13, done means (protocol): the director writes version 2.1, sends it to MT and
adopts it; a teacher sees it on her to-do list, reads it and acknowledges it; the director
sees who has not. axe-core on every page; with BEELDWACHT_SHOTS=dir, screenshots."""

import pytest

from beeldwacht.protocol.models import Acknowledgement
from beeldwacht.tests.browser import assert_accessible, log_in, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_a_new_version_is_adopted_and_a_teacher_acknowledges_it(
    live_server, tablet, phone, juf_anna, directeur_bas
):
    page = tablet
    log_in(page, live_server.url, "bas@delinde.nl")
    page.get_by_role("link", name="Mediaprotocol").click()
    page.get_by_role("textbox", name="Versie", exact=True).fill("2.1")
    page.get_by_label("Auteurs").fill("Directie en MR")
    page.get_by_label("Wat er veranderde").fill("Regels voor sociale media tijdens de les.")
    page.get_by_label("Tekst (Markdown)").fill(
        "## Sociale media\n\nTijdens de les gebruik je geen sociale media."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_role("button", name="Naar het MT").click()
    page.get_by_text("De status van versie 2.1 is gewijzigd").wait_for()
    assert_accessible(page)
    page.get_by_role(
        "button", name="Vaststellen: publiceren en elke collega vragen te bevestigen"
    ).click()
    page.get_by_text("Vingerafdruk van de tekst").wait_for()
    assert "Dit concept bewerken" not in page.content()  # adopted: no more editing

    log_in(phone, live_server.url, "anna@delinde.nl")
    phone.get_by_role("link", name="Lees en bevestig versie 2.1 van het mediaprotocol").click()
    phone.get_by_role("heading", name="Sociale media").wait_for()
    assert_accessible(phone)
    shoot(phone, "protocol-1-leerkracht-leest")
    phone.get_by_role("button", name="Ik heb deze versie gelezen en houd me eraan").click()
    phone.get_by_text("Dank je: je hebt versie 2.1 bevestigd").wait_for()
    assert Acknowledgement.objects.get().user == juf_anna

    page.get_by_role("navigation").get_by_role("link", name="Mediaprotocol").click()
    summary = page.get_by_role("heading", name="1 collega heeft versie 2.1 nog niet bevestigd")
    summary.wait_for()
    assert_accessible(page)
    shoot(page, "protocol-2-directie")
