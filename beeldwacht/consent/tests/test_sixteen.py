"""A pupil turns 16 (issue #8, build 4): nothing comes down, her guardians' answers stay in
force until she decides, she and her guardians are told once, and she logs in by code to
decide herself."""

import io
import smtplib
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from beeldwacht.common.errors import InvalidInput
from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.selectors import consent_grid
from beeldwacht.consent.services import Choice, consent_record
from beeldwacht.domain.consent import Status
from conftest import make_guardian, make_pupil

BIRTHDAY = date(2026, 9, 7)


@pytest.fixture
def eva(school, groep6, time_machine):
    """Eva turns 16 on 7 September 2026; her mother gave consent for the website in June."""
    time_machine.move_to(timezone.make_aware(datetime(2026, 6, 1, 9, 0)), tick=False)
    eva = make_pupil(school, groep6, "2001", first="Eva", last="Mulder", born=date(2010, 9, 7))
    eva.email = "eva.mulder@example.nl"
    eva.save()
    mother = make_guardian(school, eva, "Ria Mulder", "ria@example.nl")
    website = Channel.objects.get(school=school, key="website")
    consent_record(
        pupil=eva,
        choices=[Choice(website, Kind.IMAGE, True)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=date(2026, 6, 1),
    )
    return {"pupil": eva, "mother": mother, "website": website, "clock": time_machine}


def run_daily(clock, when: datetime) -> str:
    clock.move_to(timezone.make_aware(when), tick=False)
    out = io.StringIO()
    call_command("consent-transitions", stdout=out)
    return out.getvalue()


def test_she_and_her_mother_are_told_once_on_her_birthday(eva):
    run_daily(eva["clock"], datetime(2026, 9, 6, 6, 0))
    assert mail.outbox == []
    out = run_daily(eva["clock"], datetime(2026, 9, 7, 6, 0))
    assert "12AB: 1 leerling werd 16 en kreeg bericht." in out
    to_mother, to_eva = mail.outbox
    assert to_mother.to == ["ria@example.nl"] and "blijven" in to_mother.body
    assert to_eva.to == ["eva.mulder@example.nl"] and "/ouders/" in to_eva.body
    eva["pupil"].refresh_from_db()
    assert eva["pupil"].user.email == "eva.mulder@example.nl"
    assert eva["pupil"].told_of_sixteen_on == BIRTHDAY
    run_daily(eva["clock"], datetime(2026, 9, 8, 6, 0))
    assert len(mail.outbox) == 2  # once


def test_when_no_birthday_mail_got_out_the_next_run_tries_again(eva, monkeypatch):
    def mail_server_down(message, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("connection refused")

    with monkeypatch.context() as broken:
        broken.setattr(EmailMessage, "send", mail_server_down)
        out = io.StringIO()
        eva["clock"].move_to(timezone.make_aware(datetime(2026, 9, 7, 6, 0)), tick=False)
        err = io.StringIO()
        call_command("consent-transitions", stdout=out, stderr=err)
    assert "2 verjaardagsmails konden niet worden verstuurd" in err.getvalue()
    eva["pupil"].refresh_from_db()
    assert eva["pupil"].told_of_sixteen_on is None
    run_daily(eva["clock"], datetime(2026, 9, 8, 6, 0))
    assert [m.to for m in mail.outbox] == [["ria@example.nl"], ["eva.mulder@example.nl"]]
    eva["pupil"].refresh_from_db()
    assert eva["pupil"].told_of_sixteen_on == date(2026, 9, 8)


def test_her_mothers_answer_holds_until_she_decides_herself(client, eva, school):
    run_daily(eva["clock"], datetime(2026, 9, 7, 6, 0))
    pupil, website = eva["pupil"], eva["website"]
    grid = consent_grid(school, [pupil], [website], BIRTHDAY)
    assert grid[(pupil.pk, website.pk, Kind.IMAGE)].status is Status.GRANTED
    press = Channel.objects.get(school=school, key="press")
    with pytest.raises(InvalidInput):  # her mother gives no new consent
        consent_record(
            pupil=pupil,
            choices=[Choice(press, Kind.IMAGE, True)],
            guardian=eva["mother"],
            by=eva["mother"].user,
            method=ConsentRecord.Method.PORTAL,
            on=BIRTHDAY,
        )
    pupil.refresh_from_db()
    client.force_login(pupil.user)
    overview = client.get(reverse("portal:overview")).content.decode()
    page_url = reverse("portal:myself", kwargs={"pupil_id": pupil.public_id})
    assert page_url in overview
    page = client.get(page_url).content.decode()
    assert "blijven de antwoorden van je ouders" in page
    client.post(page_url, {f"c_{website.pk}_image": "no"})
    record = ConsentRecord.objects.filter(pupil=pupil).latest("id")
    assert record.decided_by_self and record.guardian is None and not record.decision
    grid = consent_grid(school, [pupil], [website], BIRTHDAY)
    assert grid[(pupil.pk, website.pk, Kind.IMAGE)].status is not Status.GRANTED
    with pytest.raises(InvalidInput):  # now that she answered, her mother no longer decides
        consent_record(
            pupil=pupil,
            choices=[Choice(website, Kind.IMAGE, False)],
            guardian=eva["mother"],
            by=eva["mother"].user,
            method=ConsentRecord.Method.PORTAL,
            on=BIRTHDAY,
        )


def test_until_she_answers_her_mother_can_still_withdraw(eva, school):
    run_daily(eva["clock"], datetime(2026, 9, 7, 6, 0))
    pupil, website = eva["pupil"], eva["website"]
    consent_record(
        pupil=pupil,
        choices=[Choice(website, Kind.IMAGE, False)],
        guardian=eva["mother"],
        by=eva["mother"].user,
        method=ConsentRecord.Method.PORTAL,
        on=BIRTHDAY,
    )
    grid = consent_grid(school, [pupil], [website], BIRTHDAY)
    assert grid[(pupil.pk, website.pk, Kind.IMAGE)].status is Status.REFUSED


def test_guardians_of_a_former_pupil_withdraw_and_give_nothing(school, groep5, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2026, 9, 1, 9, 0)), tick=False)
    lot = make_pupil(school, groep5, "2002", first="Lot", born=date(2017, 1, 1))
    mother = make_guardian(school, lot, "Ina Kok", "ina@example.nl")
    lot.left_on = date(2026, 7, 17)
    lot.save()
    website = Channel.objects.get(school=school, key="website")
    with pytest.raises(InvalidInput):
        consent_record(
            pupil=lot,
            choices=[Choice(website, Kind.IMAGE, True)],
            guardian=mother,
            by=mother.user,
            method=ConsentRecord.Method.PORTAL,
            on=date(2026, 9, 1),
        )
    [record] = consent_record(
        pupil=lot,
        choices=[Choice(website, Kind.IMAGE, False)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=date(2026, 9, 1),
    ).records
    assert record.decision is False


def test_before_16_her_own_page_does_not_exist(client, eva):
    eva["clock"].move_to(timezone.make_aware(datetime(2026, 9, 6, 9, 0)), tick=False)
    from beeldwacht.accounts.models import User

    pupil = eva["pupil"]
    pupil.user = User.objects.create_user(pupil.email)
    pupil.save()
    client.force_login(pupil.user)
    page_url = reverse("portal:myself", kwargs={"pupil_id": pupil.public_id})
    assert client.get(page_url).status_code == 404


def test_a_birthday_long_past_is_not_announced(eva):
    run_daily(eva["clock"], datetime(2026, 10, 20, 6, 0))
    assert mail.outbox == []
