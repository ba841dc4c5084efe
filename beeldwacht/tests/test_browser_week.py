"""In the browser, on a phone (issue #11): the director finds a pupil from the search box in
the top bar, reads the audit trail and the consent round's preview; the board member lands
on the schools' figures. axe-core on every page on the way."""

import re
from datetime import date

import pytest

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.takedowns.actions import record_consent
from beeldwacht.tests.browser import assert_accessible, log_in
from conftest import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_director_and_a_board_member_on_a_phone(
    live_server, phone, school, groep5, sanne, moeder_mila, directeur_bas
):
    record_consent(
        pupil=sanne,
        choices=[Choice(Channel.objects.get(school=school, key="website"), Kind.IMAGE, True)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=date(2026, 3, 2),
    )
    staff(school, "bestuur@lindeboom.nl", "board")
    page = phone
    log_in(page, live_server.url, "bas@delinde.nl")
    search = page.get_by_role("searchbox", name="Leerling zoeken")
    search.fill("vries")
    search.press("Enter")
    page.get_by_role("heading", name="Sanne de Vries").wait_for()  # one match: her page
    assert_accessible(page)
    page.get_by_role("link", name="Alles over deze leerling in de audittrail").click()
    page.get_by_text("Alleen gebeurtenissen over Sanne de Vries").wait_for()
    assert "Toestemming vastgelegd" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_role("link", name="Toestemmingsronde").click()
    page.get_by_role("button", name=re.compile(r"^Verstuur \d+ e-mail")).wait_for()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, live_server.url, "bestuur@lindeboom.nl")
    page.get_by_role("heading", name="Onze scholen").wait_for()
    assert "CBS De Linde" in page.inner_text("main")
    assert_accessible(page)
