"""Issue #12, build 8 (protocol Ouders B.4): what parents copy from closed channels and share
further is not the school's responsibility; the parent feed and the newsletter say so, in
the school's own words."""

import io
import zipfile

from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.publications import services
from beeldwacht.publications.tests.conftest import publish_trip
from beeldwacht.schools.models import CLOSED_CHANNEL_NOTICE


def _text(publication, channel, by):
    _name, data = services.publication_export(publication=publication, channel=channel, by=by)
    return zipfile.ZipFile(io.BytesIO(data)).read("tekst.md").decode()


def test_the_newsletter_package_carries_the_notice_the_paper_does_not(
    school, groep5, juf_anna, directeur_bas, monkeypatch
):
    trip = publish_trip(
        school, groep5, juf_anna, directeur_bas, monkeypatch, keys=("newsletter", "press")
    )
    publication, channels = trip["publication"], trip["channels"]
    assert CLOSED_CHANNEL_NOTICE in _text(publication, channels["newsletter"], juf_anna)
    assert CLOSED_CHANNEL_NOTICE not in _text(publication, channels["press"], juf_anna)


def test_the_school_words_it_and_the_parent_feed_shows_it(
    client, school, directeur_bas, sanne, moeder_mila
):
    client.force_login(directeur_bas)
    words = "Kopieert u iets uit de ouderapp, dan is dat voor uw eigen rekening."
    client.post(
        reverse("consent:school_settings", kwargs={"brin": school.brin}),
        {"closed_channel_notice": words},
    )
    school.refresh_from_db()
    assert school.closed_channel_notice == words
    event = AuditEvent.objects.get(type=AuditEvent.Type.SETTINGS_CHANGED)
    assert event.data == {"closed_channel_notice": words}
    too_long = client.post(
        reverse("consent:school_settings", kwargs={"brin": school.brin}),
        {"closed_channel_notice": "x" * 1001},
        follow=True,
    ).content.decode()
    assert "niet meer dan 1000 tekens" in too_long  # said, and nothing saved
    school.refresh_from_db()
    assert school.closed_channel_notice == words
    client.force_login(moeder_mila.user)
    assert words in client.get(reverse("portal:news")).content.decode()
