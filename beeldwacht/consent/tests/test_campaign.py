"""The yearly consent round, mailed through a real SMTP server on localhost."""

from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.actors import SYSTEM
from beeldwacht.common.errors import PermissionDenied
from beeldwacht.consent.models import CampaignMail, Channel, ConsentRecord
from beeldwacht.consent.selectors import KINDS
from beeldwacht.consent.services import Choice, campaign_send, campaign_start, consent_record
from conftest import make_guardian, make_pupil

START = timezone.make_aware(datetime(2026, 9, 7, 9, 0))


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }
    yield inbox
    controller.stop()


@pytest.fixture
def families(school, groep5, sanne, moeder_mila, vader_victor):
    """Mila answers everything, Victor nothing; Daan's father nothing; Bram's guardian has no
    e-mail address (paper only)."""
    channels = Channel.objects.filter(school=school)
    consent_record(
        pupil=sanne,
        choices=[Choice(c, k, True) for c in channels for k in KINDS],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=START.date(),
        now=START,
    )
    daan = make_pupil(school, groep5, "1002", first="Daan")
    dirk = make_guardian(school, daan, "Dirk Bakker", "dirk@example.nl")
    bram = make_pupil(school, groep5, "1003", first="Bram")
    from beeldwacht.people.models import Guardian, Guardianship

    paper_only = Guardian.objects.create(school=school, name="Papier Ouder")
    Guardianship.objects.create(pupil=bram, guardian=paper_only)
    return {"dirk": dirk, "victor": vader_victor}


def test_first_run_invites_every_guardian_without_a_full_answer(smtp, school, families):
    campaign = campaign_start(school=school, by=SYSTEM, now=START)
    report = campaign_send(campaign=campaign, by=SYSTEM, now=START)
    assert (report.invitations, report.reminders, report.failed) == (2, 0, 0)
    recipients = sorted(m["To"] for m in smtp.messages)
    assert recipients == ["dirk@example.nl", "victor@example.nl"]
    body = next(m for m in smtp.messages if m["To"] == "dirk@example.nl").get_content()
    assert "Beste Dirk Bakker" in body and "- Daan" in body and "/ouders/" in body
    assert "Sanne" not in body
    assert (
        AuditEvent.objects.filter(type=AuditEvent.Type.CAMPAIGN_MAILED).get().data["invitations"]
        == 2
    )


def test_reminders_follow_after_the_interval_only_to_who_still_has_not_answered(
    smtp, school, families, sanne
):
    campaign = campaign_start(school=school, by=SYSTEM, reminder_days=7, now=START)
    campaign_send(campaign=campaign, by=SYSTEM, now=START)
    assert campaign_send(campaign=campaign, by=SYSTEM, now=START + timedelta(days=3)).waiting == 2
    channels = Channel.objects.filter(school=school)
    victor = families["victor"]
    consent_record(
        pupil=sanne,
        choices=[Choice(c, k, False) for c in channels for k in KINDS],
        guardian=victor,
        by=victor.user,
        method=ConsentRecord.Method.PORTAL,
        on=START.date() + timedelta(days=5),
        now=START + timedelta(days=5),
    )
    report = campaign_send(campaign=campaign, by=SYSTEM, now=START + timedelta(days=8))
    assert (report.invitations, report.reminders) == (0, 1)
    assert smtp.messages[-1]["To"] == "dirk@example.nl"
    assert smtp.messages[-1]["Subject"].startswith("Herinnering")
    assert CampaignMail.objects.filter(kind="reminder").count() == 1


def test_starting_twice_gives_one_campaign(school):
    first = campaign_start(school=school, by=SYSTEM, now=START)
    assert campaign_start(school=school, by=SYSTEM, now=START) == first
    assert AuditEvent.objects.filter(type=AuditEvent.Type.CAMPAIGN_STARTED).count() == 1


def test_an_unreachable_mail_server_is_reported_and_retried(settings, school, families):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    campaign = campaign_start(school=school, by=SYSTEM, now=START)
    assert campaign_send(campaign=campaign, by=SYSTEM, now=START).failed == 2
    assert not CampaignMail.objects.exists()


def test_teacher_cannot_run_the_campaign(school, juf_anna):
    with pytest.raises(PermissionDenied):
        campaign_start(school=school, by=juf_anna)


def test_campaign_page_starts_and_mails(client, smtp, school, families, directeur_bas):
    client.force_login(directeur_bas)
    url = reverse("consent:campaign", kwargs={"brin": school.brin})
    assert "Verstuur 2 e-mails" in client.get(url).content.decode()
    response = client.post(url, {"aantal": "2"}, follow=True)
    assert "2 uitnodiging(en)" in response.content.decode()
    assert len(smtp.messages) == 2


@pytest.mark.parametrize(
    ("day", "said", "not_said"),
    [
        (datetime(2026, 9, 7, 9), "Aan het begin van het schooljaar", "ontbreekt nog"),
        (datetime(2026, 12, 2, 9), "ontbreekt nog", "begin van het schooljaar"),
    ],
)
def test_the_round_shows_its_mail_and_its_number_before_sending(
    client, smtp, school, families, directeur_bas, time_machine, day, said, not_said
):
    """Issue #11, finding 4: 48 mails went out with one click and no preview, and in
    December the mail spoke of the start of the school year."""
    time_machine.move_to(timezone.make_aware(day), tick=False)
    client.force_login(directeur_bas)
    url = reverse("consent:campaign", kwargs={"brin": school.brin})
    page = client.get(url).content.decode()
    assert "2 e-mails gaan nu de deur uit" in page
    assert said in page and not_said not in page
    assert smtp.messages == []


def test_a_stale_number_sends_nothing(client, smtp, school, families, directeur_bas):
    client.force_login(directeur_bas)
    url = reverse("consent:campaign", kwargs={"brin": school.brin})
    page = client.post(url, {"aantal": "48"}, follow=True).content.decode()
    assert "Het aantal e-mails is intussen veranderd" in page
    assert smtp.messages == [] and not CampaignMail.objects.exists()


def test_campaign_send_command(smtp, school, families, capsys):
    call_command("campaign-send", "--school", school.brin)
    assert "Uitnodigingen: 2" in capsys.readouterr().out
