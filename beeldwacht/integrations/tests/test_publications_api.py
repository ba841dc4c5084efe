"""The school's published items per channel for its other systems (issue 14, build item 2):
safe renditions for that channel as consent stands now, never an original."""

import pytest
from django.urls import reverse

from beeldwacht.integrations.services import key_create
from beeldwacht.publications.tests.conftest import publish_trip
from conftest import staff

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def trip(school, groep5, juf_anna, directeur_bas, monkeypatch):
    return publish_trip(school, groep5, juf_anna, directeur_bas, monkeypatch)


def get(client, token, url, **params):
    return client.get(url, params, headers={"Authorization": f"Bearer {token}"})


def test_published_items_come_as_safe_renditions(client, school, directeur_bas, trip):
    token = key_create(school=school, name="CMS", scopes=["publications:read"], by=directeur_bas)[1]
    response = get(client, token, "/api/v1/publications", channel="website")
    assert response.status_code == 200
    [item] = response.json()
    assert item["title"] == "Op schoolreis" and item["id"] == str(trip["publication"].public_id)
    [media] = item["media"]
    image = get(client, token, media["url"].removeprefix("http://testserver"))
    assert image["Content-Type"] == "image/jpeg"
    served = b"".join(image.streaming_content)
    with trip["item"].original.open("rb") as original:
        assert served != original.read()  # Beeldwacht's own rendition, never the upload
    public = client.get(
        reverse(
            "public:image",
            kwargs={
                "brin": school.brin,
                "publication_id": trip["publication"].public_id,
                "item_id": trip["item"].public_id,
            },
        )
    )
    assert served == b"".join(public.streaming_content)  # what the news page shows, blurred alike


def test_another_channel_or_school_sees_nothing(client, school, other_school, directeur_bas, trip):
    token = key_create(school=school, name="CMS", scopes=["publications:read"], by=directeur_bas)[1]
    assert get(client, token, "/api/v1/publications", channel="newsletter").json() == []
    media_url = (
        get(client, token, "/api/v1/publications", channel="website")
        .json()[0]["media"][0]["url"]
        .removeprefix("http://testserver")
    )
    assert (
        get(client, token, media_url.replace("channel=website", "channel=newsletter")).status_code
        == 404
    )
    stranger = key_create(
        school=other_school,
        name="CMS",
        scopes=["publications:read"],
        by=staff(other_school, "directie@anker.nl", "management"),
    )[1]
    assert get(client, stranger, "/api/v1/publications", channel="website").json() == []
    assert get(client, stranger, media_url).status_code == 404


def test_a_consent_key_may_not_read_publications(client, school, directeur_bas, trip):
    token = key_create(school=school, name="CMS", scopes=["consent:read"], by=directeur_bas)[1]
    assert get(client, token, "/api/v1/publications", channel="website").status_code == 403
