from datetime import date

import pytest
from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.consent.models import Channel, ConsentText
from beeldwacht.consent.selectors import channels_for
from beeldwacht.consent.services import channel_add, channel_retire, school_settings_update


def test_school_adds_its_own_channel(school, privacy_pim):
    channel = channel_add(
        school=school,
        key="lokale_omroep",
        name="Lokale omroep",
        description="",
        audience="public",
        owner="external",
        by=privacy_pim,
    )
    assert channel in channels_for(school)
    event = AuditEvent.objects.get(type=AuditEvent.Type.CHANNEL_CHANGED)
    assert event.data["change"] == "added" and event.data["key"] == "lokale_omroep"
    with pytest.raises(InvalidInput):
        channel_add(
            school=school,
            key="lokale_omroep",
            name="x",
            description="",
            audience="public",
            owner="school",
            by=privacy_pim,
        )


def test_teacher_cannot_add_channels(school, juf_anna):
    with pytest.raises(PermissionDenied):
        channel_add(
            school=school,
            key="x",
            name="x",
            description="",
            audience="public",
            owner="school",
            by=juf_anna,
        )


def test_retired_channel_leaves_overviews_but_keeps_history(school, privacy_pim):
    press = Channel.objects.get(school=school, key="press")
    channel_retire(channel=press, retire=True, by=privacy_pim, on=date(2026, 3, 1))
    assert press not in channels_for(school)
    assert press in channels_for(school, include_retired=True)
    channel_retire(channel=press, retire=False, by=privacy_pim, on=date(2026, 3, 2))
    assert press in channels_for(school)


def test_lapse_setting_is_audited_only_on_change(school, directeur_bas):
    school_settings_update(school=school, consent_lapses_yearly=True, by=directeur_bas)
    school_settings_update(school=school, consent_lapses_yearly=True, by=directeur_bas)
    assert AuditEvent.objects.filter(type=AuditEvent.Type.SETTINGS_CHANGED).count() == 1


def test_settings_pages_rename_a_channel_and_publish_a_text(client, school, privacy_pim):
    client.force_login(privacy_pim)
    website = Channel.objects.get(school=school, key="website")
    url = reverse(
        "consent:channel_edit", kwargs={"brin": school.brin, "channel_id": website.public_id}
    )
    client.post(
        url,
        {"name": "Website De Linde", "description": "", "audience": "public", "owner": "school"},
    )
    website.refresh_from_db()
    assert (website.name, website.key) == ("Website De Linde", "website")
    client.post(
        reverse("consent:consent_text", kwargs={"brin": school.brin}),
        {"body": "Nieuw.", "material_change": "on"},
    )
    latest = ConsentText.objects.filter(school=school).first()
    assert (latest.version, latest.material_change) == (2, True)
    page = client.get(reverse("consent:settings", kwargs={"brin": school.brin})).content.decode()
    assert "Website De Linde" in page and "versie 2" in page


def test_adding_a_channel_through_the_page_reports_bad_input(client, school, privacy_pim):
    client.force_login(privacy_pim)
    url = reverse("consent:channel_add", kwargs={"brin": school.brin})
    response = client.post(
        url,
        {"add-key": "", "add-name": "", "add-audience": "public", "add-owner": "school"},
        follow=True,
    )
    assert "Dit veld is verplicht" in response.content.decode()
    assert Channel.objects.filter(school=school).count() == 8
