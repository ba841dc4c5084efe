from datetime import date, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.media import faces as detection
from beeldwacht.media import services as media_services
from beeldwacht.media.tests.photos import group_photo, jpeg_bytes
from beeldwacht.publications import services
from beeldwacht.takedowns.actions import record_consent
from conftest import TODAY, make_guardian, make_pupil

TRIP_DAY = date(2026, 6, 12)


@pytest.fixture(autouse=True)
def every_publication_test_on_today(frozen_today):
    """Fixtures move the clock further (fast_trip)."""


def public_image_url(publication, item) -> str:
    return reverse(
        "public:image",
        kwargs={
            "brin": publication.school.brin,
            "publication_id": publication.public_id,
            "item_id": item.public_id,
        },
    )


def put_out(publication, author, approver):
    """Submit, approve (warnings read) and publish: the whole workflow in one line."""
    services.publication_submit(publication=publication, by=author)
    services.publication_approve(publication=publication, by=approver, acknowledge_warnings=True)
    services.publication_publish(publication=publication, by=approver)
    return publication


def publish_trip(
    school, groep5, author, approver, monkeypatch, keys=("website",), body=None, publish=True
):
    """A trip photo of three; Daan (no consent anywhere) and Lot (image consent on `keys`)
    marked, the photo reviewed for each channel, and (with `publish`) a news item with it
    published there."""
    photo, boxes = group_photo()
    monkeypatch.setattr(
        media_services.detection,
        "detect_file",
        lambda handle, thorough=False: ((900, 400), [detection.Face(b, 0.95) for b in boxes]),
    )
    channels = [Channel.objects.get(school=school, key=k) for k in keys]
    daan = make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    lot = make_pupil(school, groep5, "1003", first="Lot", last="Kok")
    mother = make_guardian(school, lot, "Ina Kok", "ina@example.nl")
    record_consent(
        pupil=lot,
        choices=[Choice(c, kind, True) for c in channels for kind in (Kind.IMAGE, Kind.NAME)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    trip = media_services.activity_create(
        school=school, name="Schoolreis", date=TODAY, classes=[groep5], by=author
    )
    item = media_services.media_upload(
        activity=trip, name="groep.jpg", data=jpeg_bytes(photo), by=author
    )
    media_services.media_analyse(item_id=item.pk)
    item.refresh_from_db()
    faces = list(item.faces.order_by("x1"))
    media_services.face_mark(face=faces[1], pupil=daan, by=author)
    media_services.face_mark(face=faces[0], pupil=lot, by=author)
    for channel in channels:
        media_services.item_review_confirm(item=item, channel=channel, by=author)
    trip_data = {
        "activity": trip,
        "item": item,
        "photo": photo,
        "boxes": boxes,
        "lot": lot,
        "daan": daan,
        "mother": mother,
        "website": channels[0],
        "channels": {c.key: c for c in channels},
    }
    if not publish:
        return trip_data
    publication = services.publication_create(
        school=school,
        title="Op schoolreis",
        body=body or "Wat een dag!",
        channels=channels,
        media=[item],
        activity=trip,
        by=author,
    )
    put_out(publication, author, approver)
    return {**trip_data, "publication": publication}


@pytest.fixture
def published(school, groep5, juf_anna, directeur_bas, monkeypatch):
    return publish_trip(school, groep5, juf_anna, directeur_bas, monkeypatch)


def give(pupil, guardian, channels, decision, on):
    record_consent(
        pupil=pupil,
        choices=[Choice(c, kind, decision) for c in channels for kind in (Kind.IMAGE, Kind.NAME)],
        guardian=guardian,
        by=guardian.user,
        method=ConsentRecord.Method.PORTAL,
        on=on,
    )


@pytest.fixture
def fast_trip(school, groep5, juf_anna, directeur_bas, monkeypatch, time_machine):
    """Groep 5's trip: a group photo of three (Lot, Daan, Mees from left to right) and a
    portrait of Mees alone. Daan has no consent and is marked; Lot and Mees have consent and,
    the fast way, are not marked on the group photo. Published on the website and in the
    local paper (recorded as a placement)."""
    time_machine.move_to(timezone.make_aware(datetime(2026, 6, 12, 15, 0)), tick=False)
    photo, boxes = group_photo()
    solo = photo.crop((600, 0, 900, 400))
    solo_box = (boxes[2][0] - 600, boxes[2][1], boxes[2][2] - 600, boxes[2][3])

    def detect(handle, thorough=False):
        size = Image.open(handle).size
        found = boxes if size == (900, 400) else [solo_box]
        return size, [detection.Face(b, 0.95) for b in found]

    monkeypatch.setattr(media_services.detection, "detect_file", detect)
    channels = [Channel.objects.get(school=school, key=k) for k in ("website", "press")]
    lot = make_pupil(school, groep5, "1003", first="Lot", last="Kok")
    daan = make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    mees = make_pupil(school, groep5, "1004", first="Mees", last="Smit")
    mother = make_guardian(school, lot, "Ina Kok", "ina@example.nl")
    give(lot, mother, channels, True, TRIP_DAY)
    give(mees, make_guardian(school, mees, "Tom Smit", "tom@example.nl"), channels, True, TRIP_DAY)
    activity = media_services.activity_create(
        school=school, name="Schoolreis", date=TRIP_DAY, classes=[groep5], by=juf_anna
    )
    group = media_services.media_upload(
        activity=activity, name="groep.jpg", data=jpeg_bytes(photo), by=juf_anna
    )
    portrait = media_services.media_upload(
        activity=activity, name="mees.jpg", data=jpeg_bytes(solo), by=juf_anna
    )
    for item in (group, portrait):
        media_services.media_analyse(item_id=item.pk)
        item.refresh_from_db()
    group_faces = list(group.faces.order_by("x1"))
    media_services.face_mark(face=group_faces[1], pupil=daan, by=juf_anna)  # the exception
    media_services.face_mark(face=portrait.faces.get(), pupil=mees, by=juf_anna)
    for item in (group, portrait):
        for channel in channels:
            media_services.item_review_confirm(item=item, channel=channel, by=juf_anna)
    publication = services.publication_create(
        school=school,
        title="Op schoolreis",
        body="Wat een dag!",
        channels=channels,
        media=[group, portrait],
        activity=activity,
        by=juf_anna,
    )
    put_out(publication, juf_anna, directeur_bas)
    services.placement_record(
        publication=publication,
        channel=channels[1],
        where="Haarener Courant, 14 juni",
        placed_on=TRIP_DAY,
        printed=False,
        by=juf_anna,
    )
    mail.outbox.clear()
    return {
        "clock": time_machine,
        "publication": publication,
        "activity": activity,
        "group": group,
        "portrait": portrait,
        "photo": photo,
        "boxes": boxes,
        "lot": lot,
        "mother": mother,
        "website": channels[0],
        "press": channels[1],
        "group_faces": group_faces,
    }
