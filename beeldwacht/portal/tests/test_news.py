"""The closed parent feed: the parent channel only, the parent's children's groups only."""

import pytest
from django.urls import reverse

from beeldwacht.consent.models import Channel
from beeldwacht.media import services as media_services
from beeldwacht.publications import services
from conftest import TODAY

pytestmark = pytest.mark.usefixtures("frozen_today")


def publish(school, title, channel_keys, by, approver, activity=None):
    publication = services.publication_create(
        school=school,
        title=title,
        body="Een mooie dag.",
        channels=[Channel.objects.get(school=school, key=k) for k in channel_keys],
        activity=activity,
        by=by,
    )
    services.publication_submit(publication=publication, by=by)
    services.publication_approve(publication=publication, by=approver, acknowledge_warnings=True)
    services.publication_publish(publication=publication, by=approver)
    return publication


def test_parents_see_their_childrens_groups_on_the_parent_channel(
    client, school, groep5, groep6, sanne, moeder_mila, juf_anna, directeur_bas
):
    trip5 = media_services.activity_create(
        school=school, name="Reis 5", date=TODAY, classes=[groep5], by=directeur_bas
    )
    trip6 = media_services.activity_create(
        school=school, name="Reis 6", date=TODAY, classes=[groep6], by=directeur_bas
    )
    publish(school, "Groep 5 op reis", ["parent_app"], juf_anna, directeur_bas, activity=trip5)
    publish(school, "Groep 6 op reis", ["parent_app"], directeur_bas, directeur_bas, activity=trip6)
    publish(school, "Schoolfeest", ["parent_app"], juf_anna, directeur_bas)
    publish(school, "Alleen op de website", ["website"], juf_anna, directeur_bas)
    client.force_login(moeder_mila.user)
    page = client.get(reverse("portal:news")).content.decode()
    assert "Groep 5 op reis" in page and "Schoolfeest" in page
    assert "Groep 6 op reis" not in page and "Alleen op de website" not in page


def test_someone_without_children_at_the_school_sees_nothing(
    client, school, groep5, juf_anna, directeur_bas
):
    publish(school, "Schoolfeest", ["parent_app"], juf_anna, directeur_bas)
    client.force_login(juf_anna)  # staff, not a parent
    assert "Schoolfeest" not in client.get(reverse("portal:news")).content.decode()
