"""The public news page and feed: published website items only, safe renditions only, and
corrected at once when consent is withdrawn."""

import io

import numpy as np
import pytest
from django.urls import reverse
from PIL import Image

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.media import services as media_services
from beeldwacht.publications import services
from beeldwacht.publications.tests.conftest import TODAY, put_out
from beeldwacht.takedowns.actions import record_consent
from beeldwacht.tests.browser import assert_accessible


def image_of(client, school, published):
    url = reverse(
        "public:image",
        kwargs={
            "brin": school.brin,
            "publication_id": published["publication"].public_id,
            "item_id": published["item"].public_id,
        },
    )
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, None
    return 200, np.asarray(
        Image.open(io.BytesIO(b"".join(response.streaming_content))).convert("RGB"), dtype=np.int16
    )


def changed(image, original, box):
    x1, y1, x2, y2 = box
    return np.abs(image[y1:y2, x1:x2] - original[y1:y2, x1:x2]).mean()


def test_the_news_page_shows_the_safe_photo(client, school, published):
    page = client.get(reverse("public:news", kwargs={"brin": school.brin})).content.decode()
    assert "Op schoolreis" in page and "beeld/" in page
    status, image = image_of(client, school, published)
    original = np.asarray(published["photo"], dtype=np.int16)
    left, middle, _right = published["boxes"]
    assert status == 200
    assert changed(image, original, middle) > 20  # Daan, no consent: blurred
    assert changed(image, original, left) < 8  # Lot, consent: as taken


def test_a_withdrawal_blurs_the_face_on_the_news_page_at_once(client, school, published):
    lot, mother, website = published["lot"], published["mother"], published["website"]
    record_consent(
        pupil=lot,
        choices=[Choice(website, Kind.IMAGE, False)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    status, image = image_of(client, school, published)
    original = np.asarray(published["photo"], dtype=np.int16)
    assert status == 200 and changed(image, original, published["boxes"][0]) > 20


def test_withdrawn_publications_and_other_channels_are_not_public(
    client, school, published, directeur_bas
):
    services.publication_withdraw(publication=published["publication"], by=directeur_bas)
    page = client.get(reverse("public:news", kwargs={"brin": school.brin})).content.decode()
    assert "Op schoolreis" not in page
    assert image_of(client, school, published)[0] == 404


def test_the_feed_is_atom(client, school, published):
    response = client.get(reverse("public:feed", kwargs={"brin": school.brin}))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"Op schoolreis" in response.content


def test_an_unknown_school_is_not_found(client, db):
    assert client.get(reverse("public:news", kwargs={"brin": "99ZZ"})).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_news_page_is_accessible(live_server, phone, school, published):
    phone.goto(live_server.url + reverse("public:news", kwargs={"brin": school.brin}))
    phone.get_by_role("heading", name="Op schoolreis").wait_for()
    phone.locator("img.news-photo").first.wait_for()
    assert phone.locator("img.news-photo").first.evaluate("img => img.naturalWidth") > 0
    assert_accessible(phone)


def test_a_withdrawn_name_consent_takes_the_text_off_the_page(
    client, school, published, directeur_bas, juf_anna
):
    lot, mother, website = published["lot"], published["mother"], published["website"]
    record_consent(
        pupil=lot,
        choices=[Choice(website, Kind.NAME, True)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    named = services.publication_create(
        school=school,
        title="Voorleeswedstrijd",
        body="Lot Kok won de voorleeswedstrijd.",
        channels=[website],
        by=juf_anna,
    )
    put_out(named, juf_anna, directeur_bas)
    from beeldwacht.takedowns.models import Mention

    assert Mention.objects.filter(publication=named, kind="name", pupil=lot).exists()
    news = reverse("public:news", kwargs={"brin": school.brin})
    assert "Voorleeswedstrijd" in client.get(news).content.decode()
    record_consent(
        pupil=lot,
        choices=[Choice(website, Kind.NAME, False)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    assert "Voorleeswedstrijd" not in client.get(news).content.decode()
    item = reverse("public:item", kwargs={"brin": school.brin, "publication_id": named.public_id})
    assert client.get(item).status_code == 404


def test_only_faces_left_unblurred_are_recorded_as_shown(published):
    from beeldwacht.takedowns.models import Mention

    kinds = set(
        Mention.objects.filter(publication=published["publication"]).values_list(
            "kind", "pupil__first_name"
        )
    )
    # Daan is blurred on the website: the photo does not show him there.
    assert kinds == {("image", "Lot")}


def test_a_video_shows_once_the_worker_rendered_its_safe_version(
    client, school, groep5, juf_anna, directeur_bas, django_capture_on_commit_callbacks
):
    from beeldwacht.media.tests.photos import video_with_face
    from beeldwacht.publications.tasks import render_video

    website = Channel.objects.get(school=school, key="website")
    trip = media_services.activity_create(
        school=school, name="Dansvoorstelling", date=TODAY, classes=[groep5], by=juf_anna
    )
    clip = media_services.media_upload(
        activity=trip, name="dans.mp4", data=video_with_face(seconds=1.0), by=juf_anna
    )
    media_services.media_analyse(item_id=clip.pk)
    clip.refresh_from_db()
    media_services.item_review_confirm(item=clip, channel=website, by=juf_anna)
    publication = services.publication_create(
        school=school,
        title="De dansvoorstelling",
        body="Groep 5 danste.",
        channels=[website],
        media=[clip],
        activity=trip,
        by=juf_anna,
    )
    services.publication_submit(publication=publication, by=juf_anna)
    services.publication_approve(
        publication=publication, by=directeur_bas, acknowledge_warnings=True
    )
    with django_capture_on_commit_callbacks() as published:
        services.publication_publish(publication=publication, by=directeur_bas)
    assert published  # the worker is asked to render the video for the website

    news = reverse("public:news", kwargs={"brin": school.brin})
    assert "<video" not in client.get(news).content.decode()  # not rendered yet
    render_video(item_id=clip.pk, channel_key="website")  # what the worker does
    page = client.get(news).content.decode()
    assert "<video" in page
    src = reverse(
        "public:video",
        kwargs={
            "brin": school.brin,
            "publication_id": publication.public_id,
            "item_id": clip.public_id,
        },
    )
    response = client.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content) != clip.original.open("rb").read()
    # The photo URL does not serve a video, and the other way round.
    assert client.get(src.replace("/video/", "/beeld/").replace(".mp4", ".jpg")).status_code == 404


def test_a_teachers_withdrawn_name_takes_the_text_off_the_page(
    client, school, published, directeur_bas, juf_anna
):
    """Issue #8, finding 4: only pupils' names were hidden when served; a teacher who
    withdrew consent for her name stayed on the public page while the ledger said
    'corrected automatically'."""
    from beeldwacht.takedowns.actions import record_staff_consent
    from beeldwacht.takedowns.models import Mention, Takedown

    website = published["website"]
    juf_anna.last_name = "Visser"
    juf_anna.save()
    record_staff_consent(
        school=school,
        user=juf_anna,
        choices=[Choice(website, Kind.NAME, True)],
        by=juf_anna,
        on=TODAY,
    )
    named = services.publication_create(
        school=school,
        title="Juf Anna neemt afscheid",
        body="Anna Visser gaat na twintig jaar met pensioen.",
        channels=[website],
        by=directeur_bas,
    )
    put_out(named, directeur_bas, directeur_bas)
    assert Mention.objects.filter(publication=named, kind="name", staff_member=juf_anna).exists()
    news = reverse("public:news", kwargs={"brin": school.brin})
    assert "neemt afscheid" in client.get(news).content.decode()
    record_staff_consent(
        school=school,
        user=juf_anna,
        choices=[Choice(website, Kind.NAME, False)],
        by=juf_anna,
        on=TODAY,
    )
    assert Takedown.objects.get(staff_member=juf_anna).status == Takedown.Status.AUTOMATIC
    assert "neemt afscheid" not in client.get(news).content.decode()


def test_the_public_pages_set_no_cookie(client, school, published):
    """Issue #10, build 3: a visitor of the school's news gets no cookie (nothing to consent
    to), and no page may use the camera, microphone or location."""
    publication = published["publication"]
    urls = [
        reverse("public:news", kwargs={"brin": school.brin}),
        reverse(
            "public:item", kwargs={"brin": school.brin, "publication_id": publication.public_id}
        ),
        reverse("public:feed", kwargs={"brin": school.brin}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert "camera=()" in response["Permissions-Policy"]
    assert image_of(client, school, published) is not None
    assert not client.cookies
