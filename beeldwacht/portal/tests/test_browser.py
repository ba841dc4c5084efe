import re

import pytest
from django.core import mail

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.takedowns.actions import record_consent
from beeldwacht.tests.browser import assert_accessible
from conftest import send_queued_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def granted(school, sanne, moeder_mila):
    website = Channel.objects.get(school=school, key="website")
    record_consent(
        pupil=sanne,
        choices=[Choice(website, Kind.IMAGE, True)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=sanne.created_at.date(),
    )
    return website


def test_parent_withdraws_consent_on_a_phone(
    live_server, phone, school, sanne, moeder_mila, granted
):
    page = phone
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Stuur mij een inlogcode").click()
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("mila@example.nl")
    page.get_by_role("button", name="Code versturen").click()
    page.get_by_label("Code").wait_for()
    assert_accessible(page)
    send_queued_mail()
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})?)\s*$", mail.outbox[-1].body, re.M).group(
        1
    )
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("heading", name="Foto's, video en namen van uw kinderen").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Uw keuzes bekijken of wijzigen").click()
    assert_accessible(page)
    website = page.get_by_role("group", name="Schoolwebsite")
    image = website.get_by_role("group", name="Beeld (foto en video)")
    assert image.get_by_label("Ja").is_checked()
    image.get_by_label("Nee").check()
    page.get_by_role("button", name="Mijn keuzes opslaan").click()
    page.get_by_text("Uw keuzes zijn opgeslagen").wait_for()
    assert_accessible(page)

    latest = ConsentRecord.objects.filter(pupil=sanne).order_by("-id").first()
    assert (latest.channel.key, latest.kind, latest.decision, latest.method) == (
        "website",
        "image",
        False,
        "portal",
    )
    page.get_by_role("link", name=re.compile("Bewijs van mijn keuzes")).click()
    page.get_by_role("heading", name="Bewijs van uw toestemmingskeuzes").wait_for()
    assert_accessible(page)
