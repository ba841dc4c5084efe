"""Issue #11, finding 1: on a class photo every face carried a list of the whole school
(12,220 options, a 1.1 MB page), and a dog's head could not be dismissed. Now each face
chooses among those who took part; anyone else is found on the face's own search page."""

import pytest
from django.urls import reverse

from beeldwacht.media import services
from beeldwacht.media.models import Face, MediaItem
from beeldwacht.media.tests.photos import group_photo, jpeg_bytes
from beeldwacht.people.models import Pupil
from conftest import TODAY, make_pupil


@pytest.fixture
def class_photo(school, groep5, groep6, sanne, juf_anna):
    """A trip of groep 5 with a photo of 20 faces, at a school with 150 pupils in groep 6."""
    for n in range(150):
        make_pupil(school, groep6, str(6000 + n), first=f"Zesje{n}", last="Anders")
    trip = services.activity_create(
        school=school, name="Schoolreis", date=TODAY, classes=[groep5], by=juf_anna
    )
    photo, _boxes = group_photo()
    item = services.media_upload(
        activity=trip, name="klas.jpg", data=jpeg_bytes(photo), by=juf_anna
    )
    Face.objects.bulk_create(
        Face(item=item, x1=n * 40, y1=10, x2=n * 40 + 30, y2=40, source=Face.Source.DETECTOR)
        for n in range(20)
    )
    MediaItem.objects.filter(pk=item.pk).update(
        status=MediaItem.Status.NEEDS_REVIEW, width=900, height=400
    )
    return trip, item


def _review(client, school, trip):
    return client.get(
        reverse(
            "media:review",
            kwargs={"brin": school.brin, "activity_id": trip.public_id, "channel_key": "website"},
        )
    )


def test_a_face_chooses_among_who_took_part_not_the_whole_school(
    client, school, directeur_bas, sanne, class_photo
):
    trip, _item = class_photo
    client.force_login(directeur_bas)  # sees every group
    page = _review(client, school, trip).content.decode()
    assert "Zesje" not in page  # nobody of groep 6 in any face's list
    assert page.count(sanne.full_name) >= 20  # she took part: in every face's list
    assert page.count("Iemand anders") == 20
    assert "niet herkenbaar, of geen gezicht" in page
    assert len(page) < 120_000


def test_someone_else_is_found_and_linked_to_the_face(client, school, directeur_bas, class_photo):
    trip, item = class_photo
    face = item.faces.order_by("x1").first()
    client.force_login(directeur_bas)
    url = reverse("media:face_other", kwargs={"brin": school.brin, "face_id": face.public_id})
    found = client.get(url, {"q": "zesje7 anders", "kanaal": "website"}).content.decode()
    assert "Zesje7 Anders" in found and "Zesje8" not in found
    zesje = Pupil.objects.get(first_name="Zesje7")
    client.post(
        reverse("media:face_mark", kwargs={"brin": school.brin, "face_id": face.public_id}),
        {"answer": f"pupil:{zesje.public_id}", "channel": "website"},
    )
    face.refresh_from_db()
    assert face.pupil == zesje
    page = _review(client, school, trip).content.decode()
    assert f'value="pupil:{zesje.public_id}" selected' in page  # the face shows its answer


def test_a_teacher_finds_only_whom_she_may_mark(client, school, juf_anna, class_photo):
    _trip, item = class_photo
    face = item.faces.first()
    client.force_login(juf_anna)  # groep 5 only
    url = reverse("media:face_other", kwargs={"brin": school.brin, "face_id": face.public_id})
    assert "Niemand gevonden" in client.get(url, {"q": "Zesje"}).content.decode()
