"""The exception review through its pages: upload, mark, confirm, and what goes out."""

import io
import re
from pathlib import Path

import numpy as np
import pytest
from django.urls import reverse
from PIL import Image

from beeldwacht.consent.models import Channel, ConsentRecord, Kind, PupilFlag
from beeldwacht.consent.services import Choice, consent_record, flag_set
from beeldwacht.domain.clearance import Outcome
from beeldwacht.media import faces as detection
from beeldwacht.media import selectors, services
from beeldwacht.media.models import Face, MediaItem
from beeldwacht.media.tests.photos import group_photo, jpeg_bytes
from conftest import TODAY, make_guardian, make_pupil

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def setup(school, groep5, juf_anna, sanne, moeder_mila, monkeypatch):
    """Groep 5: Sanne (website yes), Daan (website no). A trip with one group photo of three."""
    photo, boxes = group_photo()
    monkeypatch.setattr(
        services.detection,
        "detect_file",
        lambda handle, thorough=False: ((900, 400), [detection.Face(b, 0.95) for b in boxes]),
    )
    website = Channel.objects.get(school=school, key="website")
    consent_record(
        pupil=sanne,
        choices=[Choice(website, Kind.IMAGE, True)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    daan = make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    vader = make_guardian(school, daan, "Dirk Bakker", "dirk@example.nl")
    consent_record(
        pupil=daan,
        choices=[Choice(website, Kind.IMAGE, False)],
        guardian=vader,
        by=vader.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    trip = services.activity_create(
        school=school, name="Schoolreis", date=TODAY, classes=[groep5], by=juf_anna
    )
    item = services.media_upload(
        activity=trip, name="groep.jpg", data=jpeg_bytes(photo), by=juf_anna
    )
    services.media_analyse(item_id=item.pk)
    item.refresh_from_db()
    return {
        "trip": trip,
        "item": item,
        "website": website,
        "daan": daan,
        "sanne": sanne,
        "photo": photo,
        "boxes": boxes,
    }


def url(name, school, **kwargs):
    return reverse(name, kwargs={"brin": school.brin, **kwargs})


def clearance_of(setup):
    item = MediaItem.objects.get(pk=setup["item"].pk)
    return selectors.clearances(setup["trip"], [item], [setup["website"]], TODAY)[
        (item.pk, setup["website"].pk)
    ]


def test_review_lists_only_who_may_not_appear(client, school, juf_anna, setup):
    client.force_login(juf_anna)
    page = client.get(
        url("media:review", school, activity_id=setup["trip"].public_id, channel_key="website")
    ).content.decode()
    aside = page.split('class="card exceptions"')[1].split("</aside>")[0]
    assert "Daan Bakker" in aside and "geweigerd" in aside
    assert "Sanne de Vries" not in aside
    assert page.count('class="face-box') == 3


def test_mark_confirm_and_the_safe_version_blurs_only_that_face(client, school, juf_anna, setup):
    client.force_login(juf_anna)
    assert clearance_of(setup).outcome is Outcome.NEEDS_REVIEW
    face = setup["item"].faces.order_by("x1")[1]
    client.post(
        url("media:face_mark", school, face_id=face.public_id),
        {"answer": f"pupil:{setup['daan'].public_id}", "channel": "website"},
    )
    response = client.post(
        url("media:confirm", school, item_id=setup["item"].public_id, channel_key="website")
    )
    assert response.status_code == 302
    result = clearance_of(setup)
    assert result.outcome is Outcome.BLUR and result.blur == (str(face.pk),)

    safe = client.get(
        url("media:safe", school, item_id=setup["item"].public_id, channel_key="website")
    )
    image = np.asarray(
        Image.open(io.BytesIO(b"".join(safe.streaming_content))).convert("RGB"), dtype=np.int16
    )
    original = np.asarray(setup["photo"], dtype=np.int16)

    def changed(box):
        x1, y1, x2, y2 = box
        return np.abs(image[y1:y2, x1:x2] - original[y1:y2, x1:x2]).mean()

    left, middle, right = setup["boxes"]
    # the others differ only by JPEG re-encoding (the photo was already a JPEG)
    assert changed(middle) > 20 and changed(left) < 8 and changed(right) < 8


def test_stored_files_are_for_beeldwachts_own_user_only(setup):
    """Found following docs/deploy.md: originals were readable by every account on the
    machine (0644)."""
    original = Path(setup["item"].original.path)
    assert original.stat().st_mode & 0o777 == 0o640
    assert original.parent.stat().st_mode & 0o777 == 0o750


def test_a_withdrawal_after_review_asks_to_look_again(client, school, juf_anna, setup, groep5):
    client.force_login(juf_anna)
    client.post(
        url("media:confirm", school, item_id=setup["item"].public_id, channel_key="website")
    )
    assert clearance_of(setup).outcome is Outcome.CLEAR
    sanne, website = setup["sanne"], setup["website"]
    guardian = sanne.guardians.get()
    consent_record(
        pupil=sanne,
        choices=[Choice(website, Kind.IMAGE, False)],
        guardian=guardian,
        by=guardian.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    result = clearance_of(setup)
    assert result.outcome is Outcome.NEEDS_REVIEW and result.look_for == (f"pupil:{sanne.pk}",)
    # The exception list tells a withdrawal from a refusal: her photo may already be out.
    review = client.get(
        url("media:review", school, activity_id=setup["trip"].public_id, channel_key="website")
    ).content.decode()
    exceptions = review[review.index('id="exceptions-title"') : review.index("</aside>")]
    assert "Sanne" in exceptions and "ingetrokken" in exceptions
    assert "Daan" in exceptions and "geweigerd" in exceptions


def test_a_safeguarded_child_blocks_the_photo(client, school, juf_anna, directeur_bas, setup):
    flag_set(
        pupil=setup["daan"], kind=PupilFlag.Kind.SAFEGUARDING, reason="", by=directeur_bas, on=TODAY
    )
    client.force_login(juf_anna)
    face = setup["item"].faces.order_by("x1")[0]
    client.post(
        url("media:face_mark", school, face_id=face.public_id),
        {"answer": f"pupil:{setup['daan'].public_id}", "channel": "website"},
    )
    assert clearance_of(setup).outcome is Outcome.BLOCKED
    assert (
        client.get(
            url("media:safe", school, item_id=setup["item"].public_id, channel_key="website")
        ).status_code
        == 404
    )


def test_a_malformed_answer_is_not_found(client, school, juf_anna, setup):
    client.force_login(juf_anna)
    face = setup["item"].faces.first()
    response = client.post(
        url("media:face_mark", school, face_id=face.public_id), {"answer": "pupil:12"}
    )
    assert response.status_code == 404


def test_drawing_a_missed_face(client, school, juf_anna, setup):
    client.force_login(juf_anna)
    client.post(
        url("media:face_draw", school, item_id=setup["item"].public_id),
        {"x1": 5, "y1": 5, "x2": 40, "y2": 45, "channel": "website"},
    )
    drawn = setup["item"].faces.get(source=Face.Source.HAND)
    assert drawn.box == (5, 5, 40, 45)


def test_upload_reports_per_file_as_json(client, school, juf_anna, setup):
    client.force_login(juf_anna)
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = jpeg_bytes(setup["photo"].transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    response = client.post(
        url("media:upload", school, activity_id=setup["trip"].public_id),
        {
            "files": [
                SimpleUploadedFile("nieuw.jpg", photo),
                SimpleUploadedFile("notities.txt", b"hallo"),
            ]
        },
        headers={"Accept": "application/json"},
    )
    results = response.json()["results"]
    assert [r["ok"] for r in results] == [True, False]
    assert "aanneemt" in results[1]["reason"]
    assert MediaItem.objects.filter(activity=setup["trip"]).count() == 2


def test_activity_page_shows_the_clearance_per_item(client, school, juf_anna, setup):
    client.force_login(juf_anna)
    page = client.get(
        url("media:activity", school, activity_id=setup["trip"].public_id) + "?kanaal=website"
    ).content.decode()
    assert "te beoordelen" in page and "groep.jpg" in page


def test_a_video_through_review_loses_its_sound_for_someone_without_sound_consent(
    client, school, juf_anna, setup
):
    import av

    from beeldwacht.media.tests.photos import video_with_face

    item = services.media_upload(
        activity=setup["trip"], name="dans.mp4", data=video_with_face(), by=juf_anna
    )
    services.media_analyse(item_id=item.pk)
    item.refresh_from_db()
    [track] = item.faces.all()
    assert item.kind == "video" and len(track.track) >= 4 and track.at_seconds is not None

    client.force_login(juf_anna)
    review = url("media:review", school, activity_id=setup["trip"].public_id, channel_key="website")
    page = client.get(review + f"?foto={item.public_id}").content.decode()
    assert "uitsnede.jpg" in page and "Wie is er te horen?" in page
    crop = client.get(url("media:face_crop", school, face_id=track.public_id))
    assert (
        crop.status_code == 200
        and Image.open(io.BytesIO(b"".join(crop.streaming_content))).width <= 240
    )

    client.post(
        url("media:audible", school, item_id=item.public_id),
        {"audible": [f"pupil:{setup['daan'].public_id}"], "channel": "website"},
    )
    client.post(url("media:confirm", school, item_id=item.public_id, channel_key="website"))
    item = MediaItem.objects.get(pk=item.pk)
    result = selectors.clearances(setup["trip"], [item], [setup["website"]], TODAY)[
        (item.pk, setup["website"].pk)
    ]
    assert result.mute == (f"pupil:{setup['daan'].pk}",)  # Daan has no sound consent
    safe = client.get(url("media:safe", school, item_id=item.public_id, channel_key="website"))
    assert safe["Content-Type"] == "video/mp4"
    with av.open(io.BytesIO(b"".join(safe.streaming_content))) as container:
        assert len(container.streams.video) == 1 and len(container.streams.audio) == 0


def test_a_sound_recording_with_someone_without_consent_is_blocked(client, school, juf_anna, setup):
    from beeldwacht.media.tests.photos import audio_bytes

    item = services.media_upload(
        activity=setup["trip"], name="lied.m4a", data=audio_bytes("ipod"), by=juf_anna
    )
    services.media_analyse(item_id=item.pk)
    client.force_login(juf_anna)
    client.post(
        url("media:audible", school, item_id=item.public_id),
        {"audible": [f"pupil:{setup['daan'].public_id}"]},
    )
    client.post(url("media:confirm", school, item_id=item.public_id, channel_key="website"))
    item = MediaItem.objects.get(pk=item.pk)
    result = selectors.clearances(setup["trip"], [item], [setup["website"]], TODAY)[
        (item.pk, setup["website"].pk)
    ]
    assert result.outcome is Outcome.BLOCKED


def test_an_intern_is_offered_only_the_pupils_of_her_groups(client, school, groep5, groep6, setup):
    """Issue #9, finding 5: the review screen listed every pupil of the school to an intern of
    one group; marking someone outside her scope is refused like any unknown id."""
    from beeldwacht.common.permissions import Role
    from conftest import staff

    intern = staff(school, "stagiair@delinde.nl", Role.INTERN, [groep5])
    elsewhere = make_pupil(school, groep6, "2001", first="Piet", last="Zesma")
    client.force_login(intern)
    page = client.get(
        url("media:review", school, activity_id=setup["trip"].public_id, channel_key="website")
    ).content.decode()
    assert "Daan Bakker" in page and "Sanne de Vries" in page
    assert "Zesma" not in page
    face = setup["item"].faces.first()
    response = client.post(
        url("media:face_mark", school, face_id=face.public_id),
        {"answer": f"pupil:{elsewhere.public_id}", "channel": "website"},
    )
    assert response.status_code == 404
    assert not Face.objects.filter(pupil=elsewhere).exists()


def test_the_safe_version_before_analysis_is_not_the_unblurred_photo(
    client, school, juf_anna, setup
):
    """Issue #9, finding 6: before analysis the staff 'safe' version was the original."""
    photo, _boxes = group_photo()
    waiting = services.media_upload(
        activity=setup["trip"],
        name="nieuw.jpg",
        data=jpeg_bytes(photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT)),
        by=juf_anna,
    )
    client.force_login(juf_anna)
    response = client.get(
        url("media:safe", school, item_id=waiting.public_id, channel_key="website")
    )
    assert response.status_code == 409
    assert "Nog niet klaar" in response.content.decode()


def test_the_safe_version_of_a_failed_video_says_so(client, school, juf_anna, setup):
    from beeldwacht.media.tests.photos import video_bytes

    clip = services.media_upload(
        activity=setup["trip"], name="clip.mp4", data=video_bytes("mp4"), by=juf_anna
    )
    MediaItem.objects.filter(pk=clip.pk).update(
        status=MediaItem.Status.FAILED, failure_reason="kapot"
    )
    client.force_login(juf_anna)
    response = client.get(url("media:safe", school, item_id=clip.public_id, channel_key="website"))
    assert response.status_code == 409
    assert "mislukt" in response.content.decode()


def test_too_many_files_at_once_get_a_dutch_page(client, school, juf_anna, setup, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client.force_login(juf_anna)
    files = [SimpleUploadedFile(f"f{n}.jpg", b"x", "image/jpeg") for n in range(4)]
    client.raise_request_exception = False
    response = client.post(
        url("media:upload", school, activity_id=setup["trip"].public_id), {"files": files}
    )
    assert response.status_code == 400
    assert "meer dan 3 bestanden" in response.content.decode()


def test_a_face_marked_as_someone_on_the_list_shows_as_that_entry(client, school, juf_anna, setup):
    """The face of Daan (on the list) was 'selected' twice, in the list and among the
    participants, and the browser showed the participant: "Daan Bakker (5)"."""
    client.force_login(juf_anna)
    face = setup["item"].faces.order_by("x1")[1]
    client.post(
        url("media:face_mark", school, face_id=face.public_id),
        {"answer": f"pupil:{setup['daan'].public_id}", "channel": "website"},
    )
    page = client.get(
        url("media:review", school, activity_id=setup["trip"].public_id, channel_key="website")
    ).content.decode()
    tile = page.split(f'for="tile-{face.public_id}"')[1].split("</label>")[0]
    assert '<span class="tile-answer">Daan Bakker</span>' in tile
    # offered once, as the first of those who may not appear, not again among the others
    assert page.count(f'value="pupil:{setup["daan"].public_id}"') == 1
    assert re.search(r'data-key="1"[^>]*><kbd>1</kbd> Daan Bakker<', page)
