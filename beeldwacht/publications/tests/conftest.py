from datetime import date

import pytest

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice, consent_record
from beeldwacht.media import faces as detection
from beeldwacht.media import services as media_services
from beeldwacht.media.tests.photos import group_photo, jpeg_bytes
from beeldwacht.publications import services
from conftest import make_guardian, make_pupil

TODAY = date.today()


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
    consent_record(
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
