"""Issue #11, finding 2: photos were picked by file name ("IMG_4711.JPG"), without a
thumbnail or what each may do on the channels, and the activity select said nothing useful.
Now the chosen activity's reviewed photos are thumbnails with their state per channel."""

import re

import pytest
from django.urls import reverse

from beeldwacht.publications.models import Publication
from beeldwacht.publications.tests.conftest import publish_trip


@pytest.fixture
def trip(school, groep5, juf_anna, directeur_bas, monkeypatch):
    return publish_trip(
        school,
        groep5,
        juf_anna,
        directeur_bas,
        monkeypatch,
        keys=("website", "press"),
        publish=False,
    )


def _new(school):
    return reverse("publications:new", kwargs={"brin": school.brin})


def test_showing_an_activitys_photos_keeps_what_was_typed_and_saves_nothing(
    client, school, juf_anna, trip
):
    client.force_login(juf_anna)
    page = client.get(_new(school)).content.decode()
    assert "Geen activiteit" in page and "Kies een activiteit" in page
    response = client.post(
        _new(school),
        {
            "title": "Op schoolreis",
            "channels": [trip["channels"]["press"].pk],
            "activity": trip["activity"].pk,
            "toon": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and Publication.objects.count() == 0
    assert 'value="Op schoolreis"' in page  # the title typed stays
    assert 'role="alert"' not in page  # no errors for what is not filled in yet
    thumbnail = reverse(
        "media:thumbnail", kwargs={"brin": school.brin, "item_id": trip["item"].public_id}
    )
    assert thumbnail in page and 'alt="Foto groep.jpg"' in page
    # Its state on the chosen channel only: Daan has no consent for the press, so blurred.
    states = page.split('class="pick-states"')[1].split("</ul>")[0]
    assert re.findall(r"Lokale pers: [^<]+", states) == [
        "Lokale pers: vrij na vervagen van 1 gezicht"
    ]
    assert "Schoolwebsite" not in states


def test_a_chosen_photo_is_checked_and_saved(client, school, juf_anna, trip):
    client.force_login(juf_anna)
    response = client.post(
        _new(school),
        {
            "title": "Op schoolreis",
            "channels": [trip["website"].pk],
            "activity": trip["activity"].pk,
            "media": [trip["item"].pk],
        },
    )
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert [pm.item for pm in publication.media.all()] == [trip["item"]]
    edit = reverse(
        "publications:edit",
        kwargs={"brin": school.brin, "publication_id": publication.public_id},
    )
    page = client.get(edit).content.decode()
    assert re.search(rf'name="media" value="{trip["item"].pk}" id="pick-[0-9a-f-]+" checked', page)


def test_the_picker_reads_a_fixed_number_of_queries(
    client, school, juf_anna, trip, django_assert_max_num_queries
):
    from beeldwacht.media import services as media_services
    from beeldwacht.media.models import MediaItem
    from beeldwacht.media.tests.photos import class_photo, jpeg_bytes

    for n in range(12):
        item = media_services.media_upload(
            activity=trip["activity"],
            name=f"extra{n}.jpg",
            data=jpeg_bytes(class_photo(1, n + 1)[0]),
            by=juf_anna,
        )
        MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.READY)
    client.force_login(juf_anna)
    # Was 60: the exceptions read once per channel; +1 for the activity's one-off answers.
    with django_assert_max_num_queries(26):
        page = client.post(
            _new(school), {"activity": trip["activity"].pk, "toon": "1"}
        ).content.decode()
    assert page.count('class="pick"') == 13
