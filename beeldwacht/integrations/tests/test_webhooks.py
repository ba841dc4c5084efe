"""Webhooks (issue 14, build item 3) against a real HTTP server on 127.0.0.1: a withdrawal
reaches the endpoint, signed by the documented recipe, naming the pupil by number and the
channel only; a failing endpoint is tried again after the backoff, then given up; another
school's changes never reach it."""

import hashlib
import hmac
import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from beeldwacht.common.errors import InvalidInput
from beeldwacht.consent.models import ConsentRecord, Kind, PupilFlag
from beeldwacht.consent.services import Choice
from beeldwacht.integrations.models import Delivery
from beeldwacht.integrations.webhooks import fan_out, send_test, webhook_add
from beeldwacht.takedowns.actions import record_consent, set_flag
from conftest import make_guardian, make_pupil, run_queued

DAY = datetime(2026, 3, 10, 10, 0)


class Receiver:
    """An endpoint of another system: records what it gets, answers as told."""

    def __init__(self, answers=()):
        self.received: list[tuple[dict, bytes]] = []
        self.answers = list(answers)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/beeldwacht"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self) -> list[dict]:
        return [json.loads(body) for _headers, body in self.received]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.server.shutdown()


@pytest.fixture
def in_the_paper(school, groep5, juf_anna, directeur_bas, monkeypatch, frozen_today):
    """The trip photo (Lot marked) on the website and the local paper's website."""
    from beeldwacht.publications import services as publications
    from beeldwacht.publications.tests.conftest import publish_trip

    trip = publish_trip(
        school, groep5, juf_anna, directeur_bas, monkeypatch, keys=("website", "press")
    )
    placement = publications.placement_record(
        publication=trip["publication"],
        channel=trip["channels"]["press"],
        where="https://www.haarenercourant.nl/schoolreis",
        placed_on=timezone.localdate(),
        printed=False,
        by=juf_anna,
    )
    return {**trip, "placement": placement}


def run_webhook_tasks() -> int:
    return run_queued("webhooks")


def withdraw(pupil, guardian, channel):
    record_consent(
        pupil=pupil,
        choices=[Choice(channel, Kind.IMAGE, False)],
        guardian=guardian,
        by=guardian.user,
        method=ConsentRecord.Method.PORTAL,
        on=timezone.localdate(),
    )


def test_a_withdrawal_reaches_the_endpoint_signed_and_naming_nobody(
    school,
    sanne,
    moeder_mila,
    directeur_bas,
    receiver,
    frozen_today,
    django_capture_on_commit_callbacks,
):
    webhook = webhook_add(
        school=school, url=receiver.url, events=["consent.changed"], by=directeur_bas
    )
    withdraw(sanne, moeder_mila, school.channels.get(key="website"))
    with django_capture_on_commit_callbacks(execute=True):
        assert fan_out() == 1
        assert fan_out() == 0  # read once
    assert run_webhook_tasks() == 1
    [(headers, body)] = receiver.received
    payload = json.loads(body)
    assert {k: payload[k] for k in ("event", "school", "pupil", "channel")} == {
        "event": "consent.changed",
        "school": school.brin,
        "pupil": sanne.las_number,
        "channel": "website",
    }
    assert set(payload) == {"event", "school", "pupil", "channel", "id", "sent_at"}
    assert "Sanne" not in body.decode() and "Mila" not in body.decode()
    # The README's recipe: HMAC-SHA256 over "<t>.<body>" with the webhook's secret.
    parts = dict(part.split("=", 1) for part in headers["Beeldwacht-Signature"].split(","))
    expected = hmac.new(
        webhook.secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    assert Delivery.objects.get().delivered_at is not None


def test_a_failing_endpoint_is_tried_again_after_the_backoff(
    school, sanne, moeder_mila, directeur_bas, time_machine, django_capture_on_commit_callbacks
):
    receiver = Receiver(answers=[500, 503])
    time_machine.move_to(timezone.make_aware(DAY), tick=False)
    webhook_add(school=school, url=receiver.url, events=["consent.changed"], by=directeur_bas)
    withdraw(sanne, moeder_mila, school.channels.get(key="website"))
    with django_capture_on_commit_callbacks(execute=True):
        fan_out()
    assert run_webhook_tasks() == 1
    delivery = Delivery.objects.get()
    assert delivery.last_status == 500 and delivery.attempts == 1
    assert run_webhook_tasks() == 0  # not before the minute is up
    time_machine.move_to(timezone.make_aware(DAY + timedelta(minutes=1)), tick=False)
    assert run_webhook_tasks() == 1
    time_machine.move_to(timezone.make_aware(DAY + timedelta(minutes=6)), tick=False)
    assert run_webhook_tasks() == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and delivery.delivered_at is not None
    assert len(receiver.received) == 3
    ids = {json.loads(body)["id"] for _headers, body in receiver.received}
    assert ids == {str(delivery.public_id)}  # the same message: a receiver can deduplicate
    receiver.server.shutdown()


def test_an_endpoint_that_never_answers_is_given_up(
    school, sanne, moeder_mila, directeur_bas, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.make_aware(DAY), tick=False)
    webhook_add(
        school=school, url="http://127.0.0.1:9/dicht", events=["consent.changed"], by=directeur_bas
    )
    withdraw(sanne, moeder_mila, school.channels.get(key="website"))
    with django_capture_on_commit_callbacks(execute=True):
        fan_out()
    for hours in range(0, 24, 1):
        time_machine.move_to(timezone.make_aware(DAY + timedelta(hours=hours)), tick=False)
        run_webhook_tasks()
    delivery = Delivery.objects.get()
    assert delivery.attempts == 6 and delivery.given_up_at is not None
    assert "ConnectionRefusedError" in delivery.last_error or "URLError" in delivery.last_error


def test_a_flag_tells_every_channel_and_not_why(
    school, sanne, directeur_bas, receiver, frozen_today, django_capture_on_commit_callbacks
):
    webhook_add(school=school, url=receiver.url, events=["consent.changed"], by=directeur_bas)
    set_flag(
        pupil=sanne,
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="Veilig thuis",
        on=timezone.localdate(),
        by=directeur_bas,
    )
    with django_capture_on_commit_callbacks(execute=True):
        fan_out()
    run_webhook_tasks()
    channels = {body["channel"] for body in receiver.bodies()}
    assert channels == set(school.channels.values_list("key", flat=True))
    assert all("Veilig" not in raw.decode() for _h, raw in receiver.received)


def test_another_schools_changes_and_unwanted_events_do_not_reach_it(
    school, other_school, directeur_bas, receiver, frozen_today, django_capture_on_commit_callbacks
):
    webhook_add(school=school, url=receiver.url, events=["takedown.opened"], by=directeur_bas)
    stranger = make_pupil(other_school, None, "9001")
    mother = make_guardian(other_school, stranger, "Els", "els@example.nl")
    withdraw(stranger, mother, other_school.channels.get(key="website"))
    pupil = make_pupil(school, None, "1002")
    withdraw(
        pupil,
        make_guardian(school, pupil, "Ina", "ina@example.nl"),
        school.channels.get(key="website"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert fan_out() == 0  # a consent change, and this webhook wants takedowns only
    assert receiver.received == []


def test_the_test_button_and_addresses_not_on_the_internet(
    school, directeur_bas, receiver, frozen_today, django_capture_on_commit_callbacks, settings
):
    webhook = webhook_add(
        school=school, url=receiver.url, events=["consent.changed"], by=directeur_bas
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_test(webhook=webhook, by=directeur_bas)
    run_webhook_tasks()
    assert receiver.bodies()[0]["event"] == "test"
    settings.WEBHOOK_ALLOW_PRIVATE = False  # as in production
    for address in ("http://cms.example.nl/hook", "https://127.0.0.1/x", "https://10.0.0.8/x"):
        with pytest.raises(InvalidInput):
            webhook_add(school=school, url=address, events=["consent.changed"], by=directeur_bas)
    # Added while allowed, sent when no longer: refused at the send too.
    with django_capture_on_commit_callbacks(execute=True):
        send_test(webhook=webhook, by=directeur_bas)
    run_webhook_tasks()
    assert len(receiver.received) == 1
    assert Delivery.objects.filter(last_error="address not on the internet").exists()


def test_the_command_line_lists_and_tests(
    school, directeur_bas, receiver, capsys, frozen_today, django_capture_on_commit_callbacks
):
    from django.core.management import CommandError, call_command

    hook = webhook_add(
        school=school, url=receiver.url, events=["consent.changed"], by=directeur_bas
    )
    call_command("webhooks", "list", "--school", school.brin)
    assert (
        f"{hook.public_id}  {receiver.url}  consent.changed  nog niets verstuurd"
        in capsys.readouterr().out
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("webhooks", "test", "--school", school.brin, str(hook.public_id))
    run_webhook_tasks()
    assert receiver.bodies()[0]["event"] == "test"
    call_command("webhooks", "list", "--school", school.brin)
    assert "laatste bericht afgeleverd" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Geen webhook"):
        call_command("webhooks", "test", "--school", school.brin, "geen-id")


def test_a_takedown_tells_which_pupil_and_channel(
    school, directeur_bas, in_the_paper, receiver, django_capture_on_commit_callbacks
):
    trip = in_the_paper
    webhook_add(school=school, url=receiver.url, events=["takedown.opened"], by=directeur_bas)
    with django_capture_on_commit_callbacks(execute=True):
        fan_out()  # what happened before: nothing this webhook wants
        withdraw(trip["lot"], trip["mother"], trip["channels"]["press"])
        fan_out()
    run_webhook_tasks()
    [body] = receiver.bodies()
    assert (body["event"], body["pupil"], body["channel"]) == (
        "takedown.opened",
        trip["lot"].las_number,
        "press",
    )


def test_the_readme_receiver_checks_the_signature():
    """The README's ten-line receiver accepts what Beeldwacht signs and refuses the rest."""
    import re
    import time
    from pathlib import Path

    from beeldwacht.domain.webhooks import signature

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    source = re.search(r"A receiver, in full:\n\n```python\n(.*?)```", readme, re.S)[1]
    namespace: dict = {"__name__": "receiver"}
    exec(
        compile(source.replace('b"the webhook\'s secret"', 'b"geheim"'), "receiver.py", "exec"),
        namespace,
    )
    client = namespace["app"].test_client()
    body = b'{"event":"test","school":"12AB"}'

    def post(header):
        return client.post("/beeldwacht", data=body, headers={"Beeldwacht-Signature": header})

    assert post(signature("geheim", int(time.time()), body)).status_code == 204
    assert post(signature("anders", int(time.time()), body)).status_code == 400
    assert post(signature("geheim", int(time.time()) - 3600, body)).status_code == 400  # replay
    assert client.post("/beeldwacht", data=body).status_code == 400  # no signature at all


# Found by the review of this change; each failed before its fix.


def test_a_withdrawn_publication_does_not_stop_the_fan_out(
    school, directeur_bas, in_the_paper, receiver
):
    from beeldwacht.publications import services as publications

    webhook_add(school=school, url=receiver.url, events=["takedown.opened"], by=directeur_bas)
    publications.publication_withdraw(publication=in_the_paper["publication"], by=directeur_bas)
    assert fan_out() == 0  # a takedown for no one person: nobody to name, and no crash


def test_a_parents_own_removal_request_is_told(school, directeur_bas, in_the_paper, receiver):
    from beeldwacht.takedowns.requests import takedowns_request

    trip = in_the_paper
    webhook_add(school=school, url=receiver.url, events=["takedown.opened"], by=directeur_bas)
    takedowns_request(
        pupil=trip["lot"],
        placement=trip["placement"],
        guardian=trip["mother"],
        note="Graag weg.",
        by=trip["mother"].user,
    )
    assert fan_out() == 1
    run_webhook_tasks()
    assert receiver.bodies()[0]["pupil"] == trip["lot"].las_number


def test_a_redirect_is_not_followed(school, directeur_bas, frozen_today):
    target = Receiver()

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(302)
            self.send_header("Location", target.url)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = webhook_add(
        school=school,
        url=f"http://127.0.0.1:{server.server_port}/hook",
        events=["consent.changed"],
        by=directeur_bas,
    )
    send_test(webhook=hook, by=directeur_bas)
    run_webhook_tasks()
    delivery = Delivery.objects.get()
    assert delivery.last_status == 302 and delivery.delivered_at is None
    assert target.received == []
    server.shutdown()
    target.server.shutdown()


def test_a_garbled_answer_is_a_failed_try_not_a_lost_message(school, directeur_bas, frozen_today):
    import socketserver

    class Garbled(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.recv(65536)
            self.request.sendall(b"nonsense\r\n\r\n")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Garbled)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = webhook_add(
        school=school,
        url=f"http://127.0.0.1:{server.server_address[1]}/hook",
        events=["consent.changed"],
        by=directeur_bas,
    )
    send_test(webhook=hook, by=directeur_bas)
    run_webhook_tasks()
    delivery = Delivery.objects.get()
    assert delivery.attempts == 1 and delivery.next_attempt_at is not None
    assert "BadStatusLine" in delivery.last_error
    server.shutdown()


def test_a_removed_webhook_gets_no_more_tries(
    school, directeur_bas, time_machine, sanne, moeder_mila
):
    from beeldwacht.integrations.webhooks import webhook_remove

    receiver = Receiver(answers=[500])
    time_machine.move_to(timezone.make_aware(DAY), tick=False)
    hook = webhook_add(
        school=school, url=receiver.url, events=["consent.changed"], by=directeur_bas
    )
    withdraw(sanne, moeder_mila, school.channels.get(key="website"))
    fan_out()
    run_webhook_tasks()
    webhook_remove(webhook=hook, by=directeur_bas)
    time_machine.move_to(timezone.make_aware(DAY + timedelta(hours=1)), tick=False)
    run_webhook_tasks()
    assert len(receiver.received) == 1
    assert Delivery.objects.get().given_up_at is not None
    receiver.server.shutdown()


def test_a_webhook_added_later_hears_nothing_of_before(
    school, sanne, moeder_mila, directeur_bas, receiver, time_machine
):
    time_machine.move_to(timezone.make_aware(DAY), tick=False)
    withdraw(sanne, moeder_mila, school.channels.get(key="website"))
    time_machine.move_to(timezone.make_aware(DAY + timedelta(minutes=5)), tick=False)
    webhook_add(school=school, url=receiver.url, events=["consent.changed"], by=directeur_bas)
    assert fan_out() == 0


def test_a_change_for_the_whole_school_is_one_message_without_a_pupil(
    school,
    sanne,
    moeder_mila,
    directeur_bas,
    receiver,
    frozen_today,
    django_capture_on_commit_callbacks,
):
    """A consent import, a consent text that asks everyone again, the choice that answers
    lapse yearly: a receiver must ask again for every pupil, so it is told once, for the
    school. A text change that asks nobody again tells nothing."""
    from beeldwacht.common.actors import SYSTEM
    from beeldwacht.consent.imports import ParsedConsent
    from beeldwacht.consent.services import consent_text_publish, school_settings_update
    from beeldwacht.takedowns.actions import import_consents

    webhook_add(school=school, url=receiver.url, events=["consent.changed"], by=directeur_bas)
    consent_text_publish(
        school=school, body="Een komma erbij.", material_change=False, by=directeur_bas
    )
    consent_text_publish(
        school=school, body="Nu ook de schoolapp.", material_change=True, by=directeur_bas
    )
    school_settings_update(school=school, by=directeur_bas, consent_lapses_yearly=True)
    row = ParsedConsent(
        line=2,
        pupil=sanne,
        channel=school.channels.get(key="website"),
        kind=Kind.IMAGE,
        decision=True,
        decided_on=timezone.localdate(),
        guardian_id=moeder_mila.pk,
    )
    import_consents(school=school, rows=[row], problems=[], by=SYSTEM)
    with django_capture_on_commit_callbacks(execute=True):
        assert fan_out() == 3
    run_webhook_tasks()
    assert [
        {key: body[key] for key in ("event", "school", "pupil", "channel")}
        for body in receiver.bodies()
    ] == 3 * [{"event": "consent.changed", "school": school.brin, "pupil": None, "channel": None}]


@pytest.mark.parametrize(
    ("data", "told"),
    [
        (
            {"pupils_added": 3, "pupils_changed": 1, "pupils_left": 0, "guardianships_ended": 0},
            False,
        ),
        (
            {"pupils_added": 0, "pupils_changed": 0, "pupils_left": 2, "guardianships_ended": 0},
            True,
        ),
        (
            {"pupils_added": 0, "pupils_changed": 0, "pupils_left": 0, "guardianships_ended": 1},
            True,
        ),
    ],
)
def test_a_roster_import_is_told_when_pupils_left_or_a_guardian_stopped(data, told):
    """Who left is no longer in the API's answers (a 404); a guardian whose guardianship
    ended no longer decides. A new pupil has no consent yet: nothing to tell."""
    from beeldwacht.audit.models import AuditEvent
    from beeldwacht.integrations.webhooks import _changes_everyone

    event = AuditEvent(type=AuditEvent.Type.ROSTER_IMPORTED, data=data)
    assert _changes_everyone(event) is told


def test_the_yearly_lapse_is_told_once_a_school_year(
    school, directeur_bas, receiver, time_machine, django_capture_on_commit_callbacks
):
    """On 1 August last year's answers stop counting for everyone, without anyone writing:
    the daily run marks it (once per school year, however often it runs) and receivers are
    told to ask again for the whole school."""
    from django.core.management import call_command

    from beeldwacht.audit.models import AuditEvent
    from beeldwacht.schools.models import School

    time_machine.move_to(timezone.make_aware(datetime(2026, 7, 31, 23, 0)), tick=False)
    webhook_add(school=school, url=receiver.url, events=["consent.changed"], by=directeur_bas)
    School.objects.filter(pk=school.pk).update(consent_lapses_yearly=True)
    lapsed = AuditEvent.objects.filter(type=AuditEvent.Type.CONSENT_LAPSED)
    for day in (datetime(2026, 8, 1, 3, 0), datetime(2026, 8, 2, 3, 0)):
        time_machine.move_to(timezone.make_aware(day), tick=False)
        call_command("consent-transitions")
        call_command("consent-transitions")
    assert [event.data for event in lapsed] == [{"school_year": 2026}]
    with django_capture_on_commit_callbacks(execute=True):
        assert fan_out() == 1
    run_webhook_tasks()
    assert receiver.bodies()[0]["pupil"] is None
    School.objects.filter(pk=school.pk).update(consent_lapses_yearly=False)
    time_machine.move_to(timezone.make_aware(datetime(2027, 8, 1, 3, 0)), tick=False)
    call_command("consent-transitions")
    assert lapsed.count() == 1  # a school that keeps answers has nothing lapse


@pytest.mark.parametrize(
    ("first_run", "marked"),
    [
        (datetime(2026, 8, 20, 3, 0), True),  # the server was down for a while in August
        (datetime(2026, 12, 5, 3, 0), False),  # installed, or made, long after 1 August
    ],
)
def test_a_first_run_long_after_1_august_marks_nothing(school, time_machine, first_run, marked):
    from django.core.management import call_command

    from beeldwacht.audit.models import AuditEvent
    from beeldwacht.schools.models import School

    School.objects.filter(pk=school.pk).update(consent_lapses_yearly=True)
    time_machine.move_to(timezone.make_aware(first_run), tick=False)
    call_command("consent-transitions")
    assert AuditEvent.objects.filter(type=AuditEvent.Type.CONSENT_LAPSED).exists() is marked
