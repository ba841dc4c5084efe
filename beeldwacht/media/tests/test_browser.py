"""The exception review on a tablet: choose a face, type a number, confirm with Enter."""

import pytest

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.domain.clearance import Outcome
from beeldwacht.media import faces as detection
from beeldwacht.media import selectors, services
from beeldwacht.media.models import MediaItem
from beeldwacht.media.tests.photos import group_photo, jpeg_bytes
from beeldwacht.takedowns.actions import record_consent
from beeldwacht.tests.browser import assert_accessible
from conftest import TODAY, make_guardian, make_pupil

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_teacher_reviews_a_trip_photo_on_a_tablet(
    live_server, tablet, school, groep5, juf_anna, monkeypatch
):
    photo, boxes = group_photo()
    monkeypatch.setattr(
        services.detection,
        "detect_file",
        lambda handle, thorough=False: ((900, 400), [detection.Face(b, 0.95) for b in boxes]),
    )
    website = Channel.objects.get(school=school, key="website")
    daan = make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    father = make_guardian(school, daan, "Dirk Bakker", "dirk@example.nl")
    record_consent(
        pupil=daan,
        choices=[Choice(website, Kind.IMAGE, False)],
        guardian=father,
        by=father.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    trip = services.activity_create(
        school=school, name="Schoolreis groep 5", date=TODAY, classes=[groep5], by=juf_anna
    )
    item = services.media_upload(
        activity=trip, name="groep.jpg", data=jpeg_bytes(photo), by=juf_anna
    )
    services.media_analyse(item_id=item.pk)

    page = tablet
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mailadres").fill("anna@delinde.nl")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Foto's en video").click()
    assert_accessible(page)
    page.get_by_role("link", name="Schoolreis groep 5").click()
    page.get_by_text("te beoordelen").first.wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Beoordelen voor Schoolwebsite").click()
    page.get_by_role("heading", name="Mogen niet herkenbaar op Schoolwebsite").wait_for()
    assert_accessible(page)

    # Daan is number 1 on the list of exceptions; he is the middle face on the photo.
    page.locator("label.face-tile").nth(1).click()
    assert page.get_by_role("radio", name="Gezicht 2").is_checked()
    with page.expect_navigation():
        page.keyboard.press("1")  # saves the answer; the page comes back
    face = item.faces.order_by("x1")[1]
    face.refresh_from_db()
    assert face.pupil == daan
    assert "1 gezicht wordt op dit kanaal vervaagd" not in page.content()  # not confirmed yet
    # The next face without an answer is chosen: the first letters of a name and Enter...
    third = item.faces.order_by("x1")[2]
    assert page.get_by_role("radio", name="Gezicht 3").is_checked()
    page.keyboard.type("da")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    third.refresh_from_db()
    assert third.pupil == daan
    # ...and Backspace takes an answer back.
    page.locator("label.face-tile").nth(2).click()
    with page.expect_navigation():
        page.keyboard.press("Backspace")
    third.refresh_from_db()
    assert third.pupil is None
    page.locator("h1").click()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # "none of the others is on it"
    page.get_by_text("Alle foto's van deze activiteit zijn voor dit kanaal beoordeeld.").wait_for()
    assert_accessible(page)

    item = MediaItem.objects.get(pk=item.pk)
    result = selectors.clearances(trip, [item], [website], TODAY)[(item.pk, website.pk)]
    assert result.outcome is Outcome.BLUR and result.blur == (str(face.pk),)
