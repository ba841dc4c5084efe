"""Webhooks (issue 14, build item 3): Beeldwacht tells the school's other systems when a
pupil's consent changed or something has to come down, so a website takes a photo down
without waiting for someone to phone. The payload names the pupil by the school's own
pupil number and the channel, nothing more: the receiver asks the consent API what holds.

Changes are read from the audit trail (the outbox): every consent change already writes its
event in the same transaction, so no change is told twice or lost when a process dies. The
worker reads on from where it was (`fan_out`), and each message is sent by a task of the
`webhooks` queue, signed (domain.webhooks), tried again with backoff and logged."""

import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput
from beeldwacht.common.permissions import Capability
from beeldwacht.consent.models import Channel
from beeldwacht.domain.webhooks import retry_after, signature
from beeldwacht.integrations.models import Delivery, Event, Outbox, Webhook
from beeldwacht.people.keys import person_fields
from beeldwacht.people.models import Pupil
from beeldwacht.schools.access import require
from beeldwacht.schools.models import School
from beeldwacht.takedowns.models import Takedown

logger = logging.getLogger(__name__)

QUEUE = "webhooks"
TIMEOUT_SECONDS = 10
# The audit events that tell of a change a receiver must hear of.
WATCHED = (
    AuditEvent.Type.CONSENT_RECORDED,
    AuditEvent.Type.FLAG_SET,
    AuditEvent.Type.FLAG_LIFTED,
    AuditEvent.Type.TAKEDOWN_OPENED,
)


@transaction.atomic
def webhook_add(*, school: School, url: str, events: list[str], by) -> Webhook:
    require(by, Capability.MANAGE_CHANNELS, school=school)
    if not events or set(events) - set(Event.values):
        raise InvalidInput(_("Choose what the webhook is told of."))
    if not url.startswith("https://") and not settings.WEBHOOK_ALLOW_PRIVATE:
        raise InvalidInput(_("A webhook address starts with https:// (the messages name pupils)."))
    if not _on_the_internet(url):
        raise InvalidInput(
            _("That address is not on the internet: Beeldwacht sends nothing there.")
        )
    webhook = Webhook.objects.create(
        school=school,
        url=url,
        events=sorted(set(events)),
        secret=secrets.token_hex(32),
        created_by=as_user(by),
        created_at=timezone.now(),
    )
    audit(
        AuditEvent.Type.WEBHOOK_CHANGED,
        by=by,
        school=school,
        subject=webhook,
        data={"added": url[:200], "events": webhook.events},
    )
    return webhook


@transaction.atomic
def webhook_remove(*, webhook: Webhook, by) -> None:
    require(by, Capability.MANAGE_CHANNELS, school=webhook.school)
    if webhook.removed_at is None:
        webhook.removed_at = timezone.now()
        webhook.save(update_fields=["removed_at"])
        audit(
            AuditEvent.Type.WEBHOOK_CHANGED,
            by=by,
            school=webhook.school,
            subject=webhook,
            data={"removed": webhook.url[:200]},
        )


def send_test(*, webhook: Webhook, by) -> Delivery:
    """The "send a test" button: a message of its own, through the same path."""
    require(by, Capability.MANAGE_CHANNELS, school=webhook.school)
    with transaction.atomic():
        delivery = _deliveries(webhook.school, "test", [{}], only=webhook)[0]
        audit(
            AuditEvent.Type.WEBHOOK_CHANGED,
            by=by,
            school=webhook.school,
            subject=webhook,
            data={"test": webhook.url[:200]},
        )
    return delivery


def fan_out(*, batch: int = 500) -> int:
    """Read the audit trail on from where the last call stopped and queue a delivery per
    change and webhook that wants it. Safe to call from several workers: the outbox row is
    locked while one reads. Returns how many deliveries were queued."""
    queued = 0
    with transaction.atomic():
        outbox, _created = Outbox.objects.select_for_update().get_or_create(name="webhooks")
        events = list(
            AuditEvent.objects.filter(sequence__gt=outbox.last_sequence, type__in=WATCHED).order_by(
                "sequence"
            )[:batch]
        )
        if not events:
            return 0
        for event in events:
            for school, kind, notices in _notices(event):
                queued += len(_deliveries(school, kind, notices))
        outbox.last_sequence = events[-1].sequence
        outbox.save(update_fields=["last_sequence"])
    return queued


def _notices(event: AuditEvent) -> Iterator[tuple[School, str, list[dict]]]:
    """What one audit event tells receivers: (school, event, [{pupil, channel}, ...]).
    Staff members are not named: other systems know pupils only."""
    school = School.objects.filter(pk=event.school_id).first()
    if school is None:
        return
    if event.type == AuditEvent.Type.TAKEDOWN_OPENED:
        takedowns = Takedown.objects.filter(
            public_id__in=[t["id"] for t in event.data.get("takedowns", [])]
        ).select_related("placement__channel")
        notices = []
        for takedown in takedowns:
            pupil_id = person_fields(takedown.person_key)["pupil_id"]
            if pupil_id:
                notices.append((pupil_id, takedown.placement.channel.key))
        yield school, Event.TAKEDOWN_OPENED, _named(school, notices)
        return
    if event.type == AuditEvent.Type.CONSENT_RECORDED:
        if event.subject_type != "people.pupil":
            return
        pupil = Pupil.objects.filter(school=school, public_id=event.subject_id).first()
        keys = sorted({d["channel"] for d in event.data.get("decisions", [])})
    else:  # a flag set or lifted changes what holds on every channel (and says nothing why)
        pupil = Pupil.objects.filter(school=school, public_id=event.data.get("pupil")).first()
        keys = list(Channel.objects.filter(school=school).values_list("key", flat=True))
    if pupil is not None:
        yield (
            school,
            Event.CONSENT_CHANGED,
            [{"pupil": pupil.las_number, "channel": key} for key in keys],
        )


def _named(school: School, notices: list[tuple[int, str]]) -> list[dict]:
    numbers = dict(
        Pupil.objects.filter(school=school, pk__in={p for p, _c in notices}).values_list(
            "pk", "las_number"
        )
    )
    unique = sorted({(numbers[p], channel) for p, channel in notices if p in numbers})
    return [{"pupil": number, "channel": channel} for number, channel in unique]


def _deliveries(school: School, kind: str, notices: list[dict], only=None) -> list[Delivery]:
    webhooks = [only] if only else school.webhooks.filter(removed_at__isnull=True)
    now = timezone.now()
    made = [
        Delivery.objects.create(
            webhook=webhook,
            event=kind,
            payload={"event": kind, "school": school.brin, **notice},
            created_at=now,
            next_attempt_at=now,
        )
        for webhook in webhooks
        if kind == "test" or kind in webhook.events
        for notice in notices
    ]
    for delivery in made:
        transaction.on_commit(lambda pk=delivery.pk: deliver.enqueue(delivery_id=pk))
    return made


@task(queue_name=QUEUE)
def deliver(*, delivery_id: int) -> None:
    """Send one message; on failure, queue the next try after the backoff, or give up."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.next_attempt_at is None:
        return  # delivered or given up meanwhile
    body = json.dumps(
        {**delivery.payload, "id": str(delivery.public_id), "sent_at": timezone.now().isoformat()},
        separators=(",", ":"),
    ).encode()
    status, error = _post(delivery.webhook, body)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = status, error[:300]
    if status is not None and 200 <= status < 300:
        delivery.delivered_at, delivery.next_attempt_at = now, None
    elif (wait := retry_after(delivery.attempts)) is None:
        delivery.given_up_at, delivery.next_attempt_at = now, None
    else:
        delivery.next_attempt_at = now + wait
    delivery.save()
    if delivery.next_attempt_at is not None:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id=delivery.pk)


def _on_the_internet(url: str) -> bool:
    """Every address the host name has is a public one (not this machine, not a private
    network), unless the installation allows those. Checked when the webhook is added and
    again at each send: a name can be pointed elsewhere later."""
    if settings.WEBHOOK_ALLOW_PRIVATE:
        return True
    host = urlsplit(url).hostname or ""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, 443)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(ipaddress.ip_address(a.split("%")[0]).is_global for a in found)


def _post(webhook: Webhook, body: bytes) -> tuple[int | None, str]:
    if not _on_the_internet(webhook.url):
        return None, "address not on the internet"
    request = urllib.request.Request(
        webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Beeldwacht-Webhook/1",
            "Beeldwacht-Signature": signature(webhook.secret, int(time.time()), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (OSError, ValueError) as error:  # refused, unreachable, timed out, a bad address
        return None, f"{type(error).__name__}: {error}"
