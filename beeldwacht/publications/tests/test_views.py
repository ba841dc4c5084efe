from django.urls import reverse

from beeldwacht.common.permissions import Role
from beeldwacht.consent.models import Channel
from beeldwacht.publications.models import Publication
from beeldwacht.publications.rendering import render_markdown
from beeldwacht.publications.tests.conftest import TODAY
from conftest import make_pupil, staff


def url(name, school, **kwargs):
    return reverse(f"publications:{name}", kwargs={"brin": school.brin, **kwargs})


def test_write_check_submit_approve_publish(client, school, groep5, juf_anna):
    make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    tom = staff(school, "tom@delinde.nl", Role.COMMUNICATIONS)
    website = Channel.objects.get(school=school, key="website")
    client.force_login(juf_anna)
    response = client.post(
        url("new", school),
        {"title": "Naar het museum", "body": "Daan heeft **ADHD**.", "channels": [website.pk]},
    )
    publication = Publication.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "De tekst noemt Daan bij naam" in page and "protocol U5, A.5" in page
    assert "ADHD&#x27; bij een naam is gevoelige informatie" in page
    assert "<strong>ADHD</strong>" in page  # the preview renders Markdown

    client.post(
        url("edit", school, publication_id=publication.public_id),
        {"title": "Naar het museum", "body": "Groep 5 genoot.", "channels": [website.pk]},
    )
    client.post(url("submit", school, publication_id=publication.public_id))
    client.force_login(tom)
    client.post(url("approve", school, publication_id=publication.public_id))
    client.post(url("publish", school, publication_id=publication.public_id))
    publication.refresh_from_db()
    assert publication.status == "published"
    assert (
        "Beeldwacht (Schoolwebsite)"
        in client.get(url("detail", school, publication_id=publication.public_id)).content.decode()
    )


def test_approval_with_errors_is_refused_with_a_message(
    client, school, groep5, juf_anna, directeur_bas
):
    website = Channel.objects.get(school=school, key="website")
    client.force_login(juf_anna)
    client.post(
        url("new", school), {"title": "Quiz", "body": "Daan won.", "channels": [website.pk]}
    )
    publication = Publication.objects.get()
    client.post(url("submit", school, publication_id=publication.public_id))
    make_pupil(school, groep5, "1002", first="Daan", last="Bakker")  # new since it was submitted
    client.force_login(directeur_bas)
    detail = client.get(url("detail", school, publication_id=publication.public_id))
    assert 'disabled aria-describedby="why-not-approve"' in detail.content.decode()
    response = client.post(
        url("approve", school, publication_id=publication.public_id), follow=True
    )
    assert "kan nog niet worden goedgekeurd" in response.content.decode()
    assert Publication.objects.get().status == "submitted"


def test_the_author_is_told_why_she_cannot_submit_and_can_pull_back(
    client, school, groep5, juf_anna
):
    make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    website = Channel.objects.get(school=school, key="website")
    client.force_login(juf_anna)
    client.post(
        url("new", school), {"title": "Quiz", "body": "Daan won.", "channels": [website.pk]}
    )
    publication = Publication.objects.get()
    detail = url("detail", school, publication_id=publication.public_id)
    page = client.get(detail).content.decode()
    assert 'disabled aria-describedby="why-not-submit"' in page
    assert "Je kunt indienen zodra is aangepast" in page
    refused = client.post(url("submit", school, publication_id=publication.public_id), follow=True)
    assert "kan nog niet worden ingediend" in refused.content.decode()
    Publication.objects.filter(pk=publication.pk).update(body="De klas won.")
    client.post(url("submit", school, publication_id=publication.public_id))
    assert "Terughalen om aan te passen" in client.get(detail).content.decode()
    client.post(url("pull_back", school, publication_id=publication.public_id))
    assert Publication.objects.get().status == "draft"


def test_teachers_see_only_their_own_publications(client, school, groep5, juf_anna):
    other = staff(school, "piet@delinde.nl", Role.TEACHER, [groep5])
    website = Channel.objects.get(school=school, key="website")
    client.force_login(other)
    client.post(url("new", school), {"title": "Van Piet", "body": "", "channels": [website.pk]})
    client.force_login(juf_anna)
    assert "Van Piet" not in client.get(url("list", school)).content.decode()
    publication = Publication.objects.get()
    assert (
        client.get(url("detail", school, publication_id=publication.public_id)).status_code == 404
    )


def test_markdown_is_sanitised():
    html = render_markdown("<script>alert(1)</script> [klik](javascript:alert(1)) *mooi*")
    assert "<script" not in html and "javascript:" not in html and "<em>mooi</em>" in html


def test_a_personal_post_gets_its_disclaimer_in_one_click(client, school, juf_anna):
    website = Channel.objects.get(school=school, key="website")
    client.force_login(juf_anna)
    client.post(
        url("new", school),
        {
            "title": "Mijn mening",
            "body": f"Ik vind {school.name} een fijne school.",
            "channels": [website.pk],
            "personal_title": "on",
        },
    )
    publication = Publication.objects.get()
    detail = url("detail", school, publication_id=publication.public_id)
    assert "Voeg de regel toe" in client.get(detail).content.decode()
    client.post(url("disclaimer", school, publication_id=publication.public_id))
    publication.refresh_from_db()
    assert "Ik werk bij CBS De Linde" in publication.body
    assert "persoonlijke mening" in publication.body
    assert "Voeg de regel toe" not in client.get(detail).content.decode()


def test_the_author_orders_the_photos(client, school, groep5, juf_anna):

    from beeldwacht.media import services as media_services
    from beeldwacht.media.tests.photos import jpeg_bytes, portrait

    trip = media_services.activity_create(
        school=school, name="Schoolreis", date=TODAY, classes=[groep5], by=juf_anna
    )
    items = [
        media_services.media_upload(
            activity=trip, name=f"{n}.jpg", data=jpeg_bytes(portrait().rotate(n)), by=juf_anna
        )
        for n in range(3)
    ]
    from beeldwacht.publications import services

    publication = services.publication_create(
        school=school,
        title="Schoolreis",
        body="",
        channels=[Channel.objects.get(school=school, key="website")],
        media=items,
        by=juf_anna,
    )
    client.force_login(juf_anna)
    move = url(
        "move_media", school, publication_id=publication.public_id, item_id=items[2].public_id
    )
    client.post(move, {"up": "1"})
    client.post(move, {"up": "1"})
    client.post(move, {"up": "1"})  # already first: nothing happens
    order = [pm.item.original_name for pm in publication.media.all()]
    assert order == ["2.jpg", "0.jpg", "1.jpg"]
