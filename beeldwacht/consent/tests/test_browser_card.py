"""The photo card on a teacher's phone, with a child not to be photographed at all and a
safeguarded one; and the settings page where the school words its notices. axe-core on
both; with BEELDWACHT_SHOTS=dir, screenshots to look at."""

from datetime import date

import pytest

from beeldwacht.consent.models import PupilFlag
from beeldwacht.takedowns.actions import set_flag
from beeldwacht.tests.browser import assert_accessible, log_in, shoot
from conftest import make_pupil

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_the_card_and_the_settings_on_a_phone(
    live_server, phone, school, groep5, sanne, juf_anna, directeur_bas
):
    lotte = make_pupil(school, groep5, "1003", first="Lotte", last="Smit")
    set_flag(
        pupil=sanne, kind=PupilFlag.Kind.NO_IMAGES, reason="", by=directeur_bas, on=date(2026, 1, 5)
    )
    set_flag(
        pupil=lotte,
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="geheim",
        by=directeur_bas,
        on=date(2026, 1, 5),
    )
    page = phone
    log_in(page, live_server.url, "anna@delinde.nl")
    page.get_by_role("link", name="Wie mag ik fotograferen?").click()
    top = page.get_by_role("region", name="Niet fotograferen of filmen")
    assert "Sanne de Vries" in top.inner_text() and "Lotte" not in top.inner_text()
    assert "geheim" not in page.inner_text("main")
    assert_accessible(page)
    shoot(page, "kaart-niet-in-beeld", full_page=False)

    page.context.clear_cookies()
    log_in(page, live_server.url, "bas@delinde.nl")
    page.get_by_role("link", name="Instellingen").click()
    notice = page.get_by_label("Melding onder de ouderapp en in de nieuwsbrief")
    assert "eigen verantwoordelijkheid" in notice.input_value()
    assert_accessible(page)
