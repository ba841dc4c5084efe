"""Issue #11, build 8: a parent of two children answers for both on a phone. One child's
page was 8 channels x 3 kinds of yes/no pairs in one column, about 10,900 px tall, with the
whole history below. Now it is one grid that fits the phone's screen; the second child
takes the first child's answers with one tap; before saving the page says what changes.
axe-core on each page; with BEELDWACHT_SHOTS=dir, screenshots to look at."""

import pytest

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.tests.browser import PHONE, assert_accessible, log_in_by_code, shoot
from conftest import make_guardian, make_pupil

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_answers_for_two_children_on_a_phone(
    live_server, phone, school, groep5, groep6, sanne, moeder_mila
):
    daan = make_pupil(school, groep6, "1002", first="Daan", last="de Vries")
    make_guardian(school, daan, "Mila de Vries", "mila@example.nl")
    channels = list(Channel.objects.filter(school=school))
    page = phone
    taps = 0
    log_in_by_code(page, live_server.url, "mila@example.nl")
    page.get_by_role("link", name="Uw keuzes bekijken of wijzigen").first.click()
    heading = page.get_by_role("heading", level=1).inner_text()
    first = "Sanne" if "Sanne" in heading else "Daan"
    second = "Daan" if first == "Sanne" else "Sanne"

    grid = page.locator("[data-choices]")
    box = grid.bounding_box()
    assert box["width"] <= PHONE["width"]  # nothing to scroll sideways
    assert box["height"] <= PHONE["height"]  # every channel and kind on one screen
    assert_accessible(page)
    shoot(page, "ouder-1-raster", full_page=False)

    # Yes to everything but a name in the newspaper.
    for channel in channels:
        row = page.get_by_role("group", name=channel.name, exact=True)
        for kind in Kind:
            cell = row.get_by_role("group", name=kind.label)
            no = channel.key == "press" and kind == Kind.NAME
            cell.get_by_label("Nee" if no else "Ja").check()
            taps += 1
    summary = page.locator(".change-summary").inner_text()
    assert summary == "Wijzigingen: ja: 23 keuzes. nee: Lokale pers, naam."
    shoot(page, "ouder-2-samenvatting", full_page=False)
    page.get_by_role("button", name="Mijn keuzes opslaan").click()
    taps += 1
    page.get_by_text("Uw keuzes zijn opgeslagen").wait_for()

    # The other child: the same answers in one tap, checked and saved.
    page.get_by_role("link", name="Uw kinderen").click()
    page.get_by_role("link", name="Uw keuzes bekijken of wijzigen").nth(1).click()
    page.get_by_role("heading", name=f"Uw keuzes voor {second}").wait_for()
    page.get_by_role("link", name=f"Dezelfde antwoorden als voor {first}").click()
    taps += 1
    page.get_by_text(f"Ingevuld met uw antwoorden voor {first}").wait_for()
    assert_accessible(page)
    shoot(page, "ouder-3-overgenomen", full_page=False)
    page.get_by_role("button", name="Mijn keuzes opslaan").click()
    taps += 1
    page.get_by_text("Uw keuzes zijn opgeslagen").wait_for()
    assert page.locator("details.history").get_attribute("open") is None  # history folded
    assert_accessible(page)
    shoot(page, "ouder-4-opgeslagen")

    for child in (sanne, daan):
        records = ConsentRecord.objects.filter(pupil=child)
        assert records.count() == len(channels) * 3
        assert [(r.channel.key, r.kind) for r in records if not r.decision] == [("press", "name")]
    assert taps == len(channels) * 3 + 3  # 24 answers for the first child, 2 taps for the second
