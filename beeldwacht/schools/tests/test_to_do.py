"""Issue #11, finding 2 and build 2: no home page showed what waits for me. Now the school's
home page starts with 'Te doen', each line only for whom it is work."""

import pytest
from django.urls import reverse

from beeldwacht.common.permissions import Role
from beeldwacht.consent.models import Channel
from beeldwacht.media import services as media
from beeldwacht.media.models import MediaItem
from beeldwacht.media.tests.photos import jpeg_bytes, portrait
from beeldwacht.publications import services as publications
from conftest import TODAY, staff

pytestmark = pytest.mark.usefixtures("frozen_today")


def _home(client, school, user) -> str:
    client.force_login(user)
    page = client.get(reverse("consent:dashboard", kwargs={"brin": school.brin}))
    assert page.status_code == 200
    return page.content.decode().split('id="to-do-title"')[1].split("</section>")[0]


def test_a_teacher_sees_her_photos_to_review_and_what_was_sent_back(
    client, school, groep5, groep6, juf_anna, directeur_bas
):
    trip = media.activity_create(
        school=school, name="Schoolreis", date=TODAY, classes=[groep5], by=juf_anna
    )
    other = media.activity_create(
        school=school, name="Sportdag groep 6", date=TODAY, classes=[groep6], by=directeur_bas
    )
    for activity, n in ((trip, 2), (other, 1)):
        for k in range(n):
            item = media.media_upload(
                activity=activity,
                name=f"{k}.jpg",
                data=jpeg_bytes(portrait(), comment=f"{activity.pk}-{k}".encode()),
                by=directeur_bas,
            )
            MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.NEEDS_REVIEW)
    website = Channel.objects.get(school=school, key="website")
    draft = publications.publication_create(
        school=school, title="Sportdag", body="", channels=[website], by=juf_anna
    )
    publications.publication_submit(publication=draft, by=juf_anna)
    publications.publication_send_back(publication=draft, by=directeur_bas, comment="Korter.")

    to_do = _home(client, school, juf_anna)
    assert "2 foto's te beoordelen van Schoolreis" in to_do
    assert "Sportdag groep 6" not in to_do  # not her group
    assert 'Teruggestuurd om aan te passen: "Sportdag"' in to_do
    assert "verwijdertaak" not in to_do and "Toestemmingsronde" not in to_do


def test_an_approver_sees_what_waits_for_approval_and_the_takedowns(
    client,
    school,
    busy_school,
    juf_anna,
    directeur_bas,
):
    to_do = _home(client, school, directeur_bas)
    assert 'Wacht op je goedkeuring: "Sportdag" van Anna' in to_do
    assert "1 verwijdertaak open, 1 te laat" in to_do
    assert "nog niet gestart: 2 ouders te vragen" in to_do
    assert "Wacht op je goedkeuring" not in _home(client, school, juf_anna)  # she wrote it


def test_a_question_waits_for_whom_it_is_addressed_to(
    client,
    school,
    busy_school,
    juf_anna,
    directeur_bas,
):
    from beeldwacht.publications.models import Publication

    draft = Publication.objects.get(title="Sportdag")
    publications.publication_ask(
        publication=draft, recipient=directeur_bas, text="Mag dit?", by=juf_anna
    )
    assert 'Een bericht voor je over "Sportdag"' in _home(client, school, directeur_bas)
    assert "Een bericht voor je" not in _home(client, school, juf_anna)
    publications.publication_ask(publication=draft, text="Ja hoor.", by=directeur_bas)
    assert "Een bericht voor je" not in _home(client, school, directeur_bas)
    assert 'Een bericht voor je over "Sportdag"' in _home(client, school, juf_anna)


def test_nothing_waits_and_the_queries_stay_few(
    client, school, directeur_bas, django_assert_max_num_queries
):
    intern = staff(school, "stagiair@delinde.nl", Role.INTERN)
    assert "Er wacht niets op je." in _home(client, school, intern)
    client.force_login(directeur_bas)
    # +1 the protocol version in force, +1 incidents with steps outside the school open.
    with django_assert_max_num_queries(19):
        client.get(reverse("consent:dashboard", kwargs={"brin": school.brin}))
