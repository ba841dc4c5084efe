"""Issue #11, finding 1: on a class photo every face carried a list of the whole school
(12,220 options, a 1.1 MB page), and a dog's head could not be dismissed. Now the faces are
tiles and one chooser offers those who took part; anyone else is found on the face's own
search page."""

import re

import pytest
from django.urls import reverse

from beeldwacht.media import services
from beeldwacht.media.models import Face, MediaItem
from beeldwacht.media.tests.photos import class_photo, jpeg_bytes
from beeldwacht.people.models import Pupil
from conftest import TODAY, make_pupil


@pytest.fixture
def trip_photo(school, groep5, groep6, sanne, juf_anna):
    """A trip of groep 5 with a class photo of 52 faces, at a school with 150 pupils in groep 6."""
    for n in range(150):
        make_pupil(school, groep6, str(6000 + n), first=f"Zesje{n}", last="Anders")
    trip = services.activity_create(
        school=school, name="Schoolreis", date=TODAY, classes=[groep5], by=juf_anna
    )
    photo, boxes = class_photo()
    item = services.media_upload(
        activity=trip, name="klas.jpg", data=jpeg_bytes(photo), by=juf_anna
    )
    Face.objects.bulk_create(
        Face(item=item, x1=x1, y1=y1, x2=x2, y2=y2, source=Face.Source.DETECTOR)
        for x1, y1, x2, y2 in boxes
    )
    MediaItem.objects.filter(pk=item.pk).update(
        status=MediaItem.Status.NEEDS_REVIEW, width=photo.width, height=photo.height
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
    client, school, directeur_bas, sanne, trip_photo
):
    trip, _item = trip_photo
    client.force_login(directeur_bas)  # sees every group
    page = _review(client, school, trip).content.decode()
    assert "Zesje" not in page  # nobody of groep 6 among the choices
    assert page.count('class="face-tile') == 52
    assert page.count(f'value="pupil:{sanne.public_id}"') == 1  # one chooser for every face
    assert page.count("Iemand anders…") == 1  # one search link, not one per face
    assert "niet herkenbaar, of geen gezicht" in page
    assert len(page.encode()) < 300_000  # the bound; it was 386 KB with a list per face


def test_someone_else_is_found_and_linked_to_the_face(client, school, directeur_bas, trip_photo):
    trip, item = trip_photo
    face = item.faces.first()
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
    tile = page.split(f'for="tile-{face.public_id}"')[1].split("</label>")[0]
    assert "Zesje7 Anders" in tile  # the face shows its answer
    assert f'value="pupil:{zesje.public_id}"' in page  # and she is among the choices now


def test_a_teacher_finds_only_whom_she_may_mark(client, school, juf_anna, trip_photo):
    _trip, item = trip_photo
    face = item.faces.first()
    client.force_login(juf_anna)  # groep 5 only
    url = reverse("media:face_other", kwargs={"brin": school.brin, "face_id": face.public_id})
    assert "Niemand gevonden" in client.get(url, {"q": "Zesje"}).content.decode()


def _answer(client, school, item, face, answer):
    return client.post(
        reverse("media:face_answer", kwargs={"brin": school.brin, "item_id": item.public_id}),
        {"face": str(face.public_id), "answer": answer, "channel": "website"},
    )


def test_the_tiles_follow_the_rows_and_an_answer_moves_to_the_next_face(
    client, school, juf_anna, sanne, trip_photo
):
    """The faces of a row stand a few pixels higher or lower: ordered by their top edge
    alone, the tiles zigzagged through the class photo."""
    trip, item = trip_photo
    client.force_login(juf_anna)
    page = _review(client, school, trip).content.decode()
    shown = re.findall(r'name="face" value="([0-9a-f-]+)"', page)
    by_id = {str(f.public_id): f for f in item.faces.all()}
    rows = [(by_id[v].y1 // 130, by_id[v].x1) for v in shown]
    assert rows == sorted(rows)  # row by row, each from left to right
    first, second = by_id[shown[0]], by_id[shown[1]]
    assert f'id="tile-{first.public_id}" class="tile-radio" required checked' in page

    response = _answer(client, school, item, first, f"pupil:{sanne.public_id}")
    first.refresh_from_db()
    assert first.pupil == sanne
    assert response.status_code == 302
    assert f"gezicht={second.public_id}" in response["Location"]  # the next face is chosen
    page = client.get(response["Location"]).content.decode()
    assert f'id="tile-{second.public_id}" class="tile-radio" required checked' in page


def test_a_dog_is_no_face_and_someone_else_is_searched_for(client, school, juf_anna, trip_photo):
    trip, item = trip_photo
    face = item.faces.first()
    client.force_login(juf_anna)
    _answer(client, school, item, face, "not_recognisable")
    face.refresh_from_db()
    assert face.not_recognisable
    response = _answer(client, school, item, face, "other")
    assert response["Location"].startswith(
        reverse("media:face_other", kwargs={"brin": school.brin, "face_id": face.public_id})
    )


def test_a_face_of_another_photo_is_not_answered_here(client, school, juf_anna, trip_photo):
    trip, item = trip_photo
    other = services.media_upload(
        activity=trip, name="ander.jpg", data=jpeg_bytes(class_photo(1, 2)[0]), by=juf_anna
    )
    face = Face.objects.create(item=other, x1=1, y1=1, x2=20, y2=20)
    client.force_login(juf_anna)
    assert _answer(client, school, item, face, "not_recognisable").status_code == 404
    assert _answer(client, school, item, item.faces.first(), "nonsense").status_code == 404
    face.refresh_from_db()
    assert not face.not_recognisable


def test_the_queries_do_not_grow_with_the_faces(
    client, school, directeur_bas, trip_photo, django_assert_max_num_queries
):
    trip, _item = trip_photo
    client.force_login(directeur_bas)
    with django_assert_max_num_queries(30):
        assert _review(client, school, trip).status_code == 200
