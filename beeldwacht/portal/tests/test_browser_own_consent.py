"""On a phone: a pupil of 16 decides herself, and a teacher who left withdraws (issue #8,
builds 4 and 6). axe-core on the new pages."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from beeldwacht.accounts.models import User
from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.schools.models import Membership
from beeldwacht.takedowns.actions import record_consent, record_staff_consent
from beeldwacht.tests.browser import assert_accessible, log_in_by_code
from conftest import TODAY, make_guardian, make_pupil

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pupil_of_sixteen_withdraws_herself(live_server, phone, school, groep6, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2026, 9, 14, 9, 0)))
    eva = make_pupil(school, groep6, "2001", first="Eva", last="Mulder", born=date(2010, 9, 7))
    eva.email = "eva.mulder@example.nl"
    eva.user = User.objects.create_user(eva.email)
    eva.save()
    mother = make_guardian(school, eva, "Ria Mulder", "ria@example.nl")
    website = Channel.objects.get(school=school, key="website")
    record_consent(
        pupil=eva,
        choices=[Choice(website, Kind.IMAGE, True)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=date(2026, 6, 1),
    )
    page = phone
    log_in_by_code(page, live_server.url, eva.email)
    page.get_by_role("heading", name="Jijzelf").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Je eigen keuzes bekijken of wijzigen").click()
    page.get_by_text("blijven de antwoorden van je ouders of verzorgers van kracht").wait_for()
    assert_accessible(page)
    image = page.get_by_role("group", name="Schoolwebsite").get_by_role(
        "group", name="Beeld (foto en video)"
    )
    image.get_by_label("Nee").check()
    page.get_by_role("button", name="Mijn keuzes opslaan").click()
    page.get_by_text("Je keuzes zijn opgeslagen").wait_for()
    assert_accessible(page)
    record = ConsentRecord.objects.filter(pupil=eva).latest("id")
    assert record.decided_by_self and not record.decision
    page.get_by_role("link", name="Overzicht").click()
    page.get_by_role("link", name="Waar sta ik gepubliceerd?").click()
    page.get_by_text("Er is niets gepubliceerd waarop je te zien bent").wait_for()
    assert_accessible(page)


def test_a_teacher_who_left_withdraws_on_her_phone(
    live_server, phone, school, juf_anna, frozen_today
):
    website = Channel.objects.get(school=school, key="website")
    record_staff_consent(
        school=school,
        user=juf_anna,
        choices=[Choice(website, Kind.IMAGE, True)],
        by=juf_anna,
        on=TODAY,
    )
    Membership.objects.filter(user=juf_anna).update(left_on=TODAY)
    page = phone
    log_in_by_code(page, live_server.url, juf_anna.email)
    page.get_by_role("link", name="Mijn toestemming bij CBS De Linde (oud-medewerker)").click()
    page.get_by_text("Je werkt niet meer op CBS De Linde").wait_for()
    assert_accessible(page)
    image = page.get_by_role("group", name="Schoolwebsite").get_by_role(
        "group", name="Beeld (foto en video)"
    )
    image.get_by_label("Nee").check()
    page.get_by_role("button", name="Mijn keuzes opslaan").click()
    page.get_by_text("Je keuzes zijn opgeslagen").wait_for()
    assert_accessible(page)
    assert not ConsentRecord.objects.filter(staff_member=juf_anna).latest("id").decision
