"""Issue #11: a teacher reviews a class photo of 52 faces on her phone, by tapping only.
Three children of her group may not be on the school website; she finds their faces among
the tiles, taps each and then the child's name, and confirms. axe-core on the way; with
BEELDWACHT_SHOTS=dir, screenshots to look at."""

import pytest

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.domain.clearance import Outcome
from beeldwacht.media import faces as detection
from beeldwacht.media import selectors, services
from beeldwacht.media.models import MediaItem
from beeldwacht.media.tests.photos import class_photo, jpeg_bytes
from beeldwacht.takedowns.actions import record_consent
from beeldwacht.tests.browser import assert_accessible, log_in, shoot
from conftest import TODAY, make_guardian, make_pupil

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_a_teacher_reviews_a_class_photo_on_her_phone(
    live_server, phone, school, groep5, juf_anna, monkeypatch
):
    photo, boxes = class_photo()
    monkeypatch.setattr(
        services.detection,
        "detect_file",
        lambda handle, thorough=False: (photo.size, [detection.Face(b, 0.95) for b in boxes]),
    )
    website = Channel.objects.get(school=school, key="website")
    pupils = [
        make_pupil(school, groep5, str(5000 + n), first=f"Kind{n:02}", last="Vijf")
        for n in range(30)
    ]
    without = {5: pupils[5], 17: pupils[17], 40: pupils[29]}  # face number -> child
    for child in pupils:  # the fast path: only the three without consent are to be marked
        parent = make_guardian(
            school, child, f"Ouder {child.first_name}", f"{child.las_number}@x.nl"
        )
        record_consent(
            pupil=child,
            choices=[Choice(website, Kind.IMAGE, child not in without.values())],
            guardian=parent,
            by=parent.user,
            method=ConsentRecord.Method.PORTAL,
            on=TODAY,
        )
    trip = services.activity_create(
        school=school, name="Klassenfoto groep 5", date=TODAY, classes=[groep5], by=juf_anna
    )
    item = services.media_upload(
        activity=trip, name="klassenfoto.jpg", data=jpeg_bytes(photo), by=juf_anna
    )
    services.media_analyse(item_id=item.pk)

    page = phone
    log_in(page, live_server.url, "anna@delinde.nl")
    page.get_by_role("link", name="Foto's en video").click()
    page.get_by_role("link", name="Klassenfoto groep 5").click()
    page.get_by_role("link", name="Beoordelen voor Schoolwebsite").click()
    page.get_by_role("heading", name="Mogen niet herkenbaar op Schoolwebsite").wait_for()
    assert page.locator("label.face-tile").count() == 52
    assert_accessible(page)
    shoot(page, "klassenfoto-1-telefoon")

    for number, child in without.items():
        page.locator("label.face-tile").nth(number - 1).tap()
        assert page.get_by_role("radio", name=f"Gezicht {number}", exact=True).is_checked()
        shoot(page, f"klassenfoto-gezicht-{number}", full_page=False)  # what the phone shows
        with page.expect_navigation():
            page.locator(".chooser").get_by_role("button", name=child.full_name).tap()
        tile = page.locator("label.face-tile").nth(number - 1)
        assert child.full_name in tile.inner_text()  # the tile says whom it shows now
    shoot(page, "klassenfoto-2-gemarkeerd")
    with page.expect_navigation():
        page.get_by_role("button", name="Verder niemand van de lijst: volgende foto").tap()
    page.get_by_text("Alle foto's van deze activiteit zijn voor dit kanaal beoordeeld.").wait_for()
    assert_accessible(page)

    item = MediaItem.objects.get(pk=item.pk)
    result = selectors.clearances(trip, [item], [website], TODAY)[(item.pk, website.pk)]
    assert result.outcome is Outcome.BLUR
    faces = {f.pk: f for f in item.faces.all()}
    assert sorted(faces[int(pk)].pupil.las_number for pk in result.blur) == sorted(
        c.las_number for c in without.values()
    )
