"""Webhooks (issue 14, build item 3): Beeldwacht tells the school's other systems when a
pupil's consent changed or something has to come down, so a website takes a photo down
without waiting for someone to phone. The payload names the pupil by the school's own
pupil number and the channel, nothing more: the receiver asks the consent API what holds.

Changes are read from the audit trail (the outbox): a consent change, a flag and a takedown
write their event in the same transaction, so none of those is lost when a process dies.
A change for many pupils at once (a consent import, a consent text that asks everyone
again, a roster import with leavers, the school's choice that answers lapse yearly, and that
lapse on 1 August, marked by the daily run) is one message without pupil and channel: ask
again for the whole school. The worker reads on from where it was (`fan_out`), and each
message is sent by a task of the `webhooks` queue, signed (domain.webhooks), tried again with
backoff and logged."""

import http.client
import ipaddress
import json
import logging
import secrets
import socket
import ssl
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent, AuditHead
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
# Changes that may change what holds for many pupils at once: one message for the school,
# when the event's data says it did.
SCHOOL_WIDE = {
    AuditEvent.Type.CONSENTS_IMPORTED: lambda data: True,
    AuditEvent.Type.CONSENT_LAPSED: lambda data: True,
    AuditEvent.Type.CONSENT_TEXT_PUBLISHED: lambda data: bool(data.get("material_change")),
    AuditEvent.Type.ROSTER_IMPORTED: lambda data: bool(
        data.get("pupils_left") or data.get("guardianships_ended")
    ),
    AuditEvent.Type.SETTINGS_CHANGED: lambda data: "consent_lapses_yearly" in data,
}
# The audit events that tell of a change a receiver must hear of.
WATCHED = (
    AuditEvent.Type.CONSENT_RECORDED,
    AuditEvent.Type.FLAG_SET,
    AuditEvent.Type.FLAG_LIFTED,
    AuditEvent.Type.TAKEDOWN_OPENED,
    *SCHOOL_WIDE,
)


def _changes_everyone(event: AuditEvent) -> bool:
    """Whether this change may have changed what holds for many pupils at once."""
    told = SCHOOL_WIDE.get(event.type)
    return told is not None and told(event.data)


def webhook_add(*, school: School, url: str, events: list[str], by) -> Webhook:
    require(by, Capability.MANAGE_CHANNELS, school=school)
    if not events or set(events) - set(Event.values):
        raise InvalidInput(_("Choose what the webhook is told of."))
    if not url.startswith("https://") and not settings.WEBHOOK_ALLOW_PRIVATE:
        raise InvalidInput(_("A webhook address starts with https:// (the messages name pupils)."))
    # The name is looked up before the transaction: a slow DNS must not hold the database.
    if _public_address(url) is None:
        raise InvalidInput(
            _("That address is not on the internet: Beeldwacht sends nothing there.")
        )
    with transaction.atomic():
        webhook = Webhook.objects.create(
            school=school,
            url=url,
            events=sorted(set(events)),
            secret=secrets.token_hex(32),
            created_by=as_user(by),
            created_at=timezone.now(),
        )
        _audit(webhook, by, added=_shown_url(url), events=webhook.events)
    return webhook


@transaction.atomic
def webhook_remove(*, webhook: Webhook, by) -> None:
    require(by, Capability.MANAGE_CHANNELS, school=webhook.school)
    if webhook.removed_at is None:
        webhook.removed_at = timezone.now()
        webhook.save(update_fields=["removed_at"])
        _audit(webhook, by, removed=_shown_url(webhook.url))


def _audit(webhook: Webhook, by, **data) -> None:
    audit(AuditEvent.Type.WEBHOOK_CHANGED, by=by, school=webhook.school, subject=webhook, data=data)


def _shown_url(url: str) -> str:
    """The address as the trail keeps it: without a password or a token in it."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}{parts.path}"[:200]


def send_test(*, webhook: Webhook, by) -> Delivery:
    """The "send a test" button: a message of its own, through the same path."""
    require(by, Capability.MANAGE_CHANNELS, school=webhook.school)
    with transaction.atomic():
        delivery = _deliveries(webhook.school, "test", [{}], only=webhook)[0]
        _audit(webhook, by, test=_shown_url(webhook.url))
    return delivery


def fan_out(*, batch: int = 500) -> int:
    """Read the audit trail on from where the last call stopped and queue a delivery per
    change and webhook that wants it. Safe to call from several workers: the outbox row is
    locked while one reads. Returns how many deliveries were queued."""
    queued = 0
    with transaction.atomic():
        outbox, _created = Outbox.objects.select_for_update().get_or_create(name="webhooks")
        # Sequences are handed out under the audit head's lock and the head moves in the same
        # transaction as its event: every event up to the head read now is committed.
        head = AuditHead.objects.filter(pk=1).values_list("last_sequence", flat=True).first() or 0
        # Schools without a webhook are not looked into at all.
        listening = set(
            Webhook.objects.filter(removed_at__isnull=True).values_list("school_id", flat=True)
        )
        events = list(
            AuditEvent.objects.filter(
                sequence__gt=outbox.last_sequence,
                sequence__lte=head,
                type__in=WATCHED,
                school_id__in=listening,
            ).order_by("sequence")[:batch]
        )
        for event in events:
            for school, kind, notices in _notices(event):
                queued += len(_deliveries(school, kind, notices, since=event.created_at))
        # A full batch: more may follow; otherwise everything up to the head has been read
        # (the rows in between, API calls and the like, are never scanned again).
        outbox.last_sequence = events[-1].sequence if len(events) == batch else head
        outbox.save(update_fields=["last_sequence"])
    return queued


def _notices(event: AuditEvent) -> Iterator[tuple[School, str, list[dict]]]:
    """What one audit event tells receivers: (school, event, [{pupil, channel}, ...]).
    Staff members are not named: other systems know pupils only."""
    school = School.objects.filter(pk=event.school_id).first()
    if school is None:
        return
    if event.type == AuditEvent.Type.TAKEDOWN_OPENED:
        ids = [t["id"] for t in event.data.get("takedowns", [])]
        if event.subject_type == "takedowns.takedown":  # a parent's own removal request
            ids.append(event.subject_id)
        notices = []
        for takedown in Takedown.objects.filter(public_id__in=ids).select_related(
            "placement__channel"
        ):
            # A withdrawn publication's takedowns are for no one person: nobody to name.
            pupil_id = (
                person_fields(takedown.person_key)["pupil_id"] if takedown.person_key else None
            )
            if pupil_id:
                notices.append((pupil_id, takedown.placement.channel.key))
        yield school, Event.TAKEDOWN_OPENED, _named(school, notices)
        return
    if event.type in SCHOOL_WIDE:
        if _changes_everyone(event):
            yield school, Event.CONSENT_CHANGED, [{"pupil": None, "channel": None}]
        return
    if event.type == AuditEvent.Type.CONSENT_RECORDED:
        if event.subject_type != "people.pupil":
            return
        pupil = Pupil.objects.filter(school=school, public_id=event.subject_id).first()
        keys = sorted({d["channel"] for d in event.data.get("decisions", [])})
    else:  # a flag set or lifted changes what holds on every channel (and says nothing why)
        pupil = Pupil.objects.filter(school=school, public_id=event.data.get("pupil")).first()
        keys = list(
            Channel.objects.filter(school=school, retired_on__isnull=True).values_list(
                "key", flat=True
            )
        )
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


def _deliveries(
    school: School, kind: str, notices: list[dict], *, only=None, since=None
) -> list[Delivery]:
    """Queue the messages, in the caller's transaction (the queue is in the same database:
    a message is queued exactly when its change commits). `since`: the change's time; a
    webhook added after it does not hear of it."""
    webhooks = [only] if only else school.webhooks.filter(removed_at__isnull=True)
    if since is not None:
        webhooks = webhooks.filter(created_at__lte=since)
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
        deliver.enqueue(delivery_id=delivery.pk)
    return made


@task(queue_name=QUEUE)
def deliver(*, delivery_id: int) -> None:
    """Send one message; on failure, queue the next try after the backoff, or give up."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.next_attempt_at is None:
        return  # delivered or given up meanwhile
    if delivery.webhook.removed_at is not None:  # removed: told nothing more, not even this
        Delivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=None, given_up_at=timezone.now(), last_error="webhook removed"
        )
        return
    body = json.dumps(
        {**delivery.payload, "id": str(delivery.public_id), "sent_at": timezone.now().isoformat()},
        separators=(",", ":"),
    ).encode()
    status, error = _post(delivery.webhook, body)
    now = timezone.now()
    attempts = delivery.attempts + 1
    changes = {"attempts": attempts, "last_status": status, "last_error": error[:300]}
    if status is not None and 200 <= status < 300:
        changes.update(delivered_at=now, next_attempt_at=None)
    elif (wait := retry_after(attempts)) is None:
        changes.update(given_up_at=now, next_attempt_at=None)
    else:
        changes.update(next_attempt_at=now + wait)
    with transaction.atomic():  # the next try is queued with the row that says when
        Delivery.objects.filter(pk=delivery.pk).update(**changes)
        if changes["next_attempt_at"] is not None:
            deliver.using(run_after=changes["next_attempt_at"]).enqueue(delivery_id=delivery.pk)


def _public_address(url: str) -> str | None:
    """An address of the host that is on the internet (not this machine, not a private
    network), or None. With WEBHOOK_ALLOW_PRIVATE any address will do. Checked when the
    webhook is added and again at each send, and the send goes to the address checked: a
    name pointed elsewhere in between changes nothing."""
    host = urlsplit(url).hostname or ""
    try:
        found = [info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)]
    except (OSError, UnicodeError):
        return None
    if not found:
        return None
    if settings.WEBHOOK_ALLOW_PRIVATE:
        return found[0]
    public = [a for a in found if ipaddress.ip_address(a.split("%")[0]).is_global]
    return public[0] if len(public) == len(found) else None


def _post(webhook: Webhook, body: bytes) -> tuple[int | None, str]:
    """POST to the checked address, the host name given for TLS and the Host header; a
    redirect is an answer like any other that is not 2xx (never followed)."""
    address = _public_address(webhook.url)
    if address is None:
        return None, "address not on the internet"
    parts = urlsplit(webhook.url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Host": parts.netloc.rsplit("@", 1)[-1],
        "Content-Type": "application/json",
        "User-Agent": "Beeldwacht-Webhook/1",
        "Beeldwacht-Signature": signature(webhook.secret, int(time.time()), body),
    }
    connection = _Pinned(address, port, parts.hostname, secure)
    try:
        connection.request("POST", path, body=body, headers=headers)
        return connection.getresponse().status, ""
    except Exception as error:  # refused, unreachable, timed out, a garbled answer, bad TLS
        return None, f"{type(error).__name__}: {error}"
    finally:
        connection.close()


class _Pinned(http.client.HTTPSConnection):
    """A connection to one IP address, speaking TLS (when `secure`) for the host name."""

    def __init__(self, address: str, port: int, hostname: str, secure: bool):
        super().__init__(address, port, timeout=TIMEOUT_SECONDS)
        self._hostname, self._secure = hostname, secure

    def connect(self):
        self.sock = socket.create_connection((self.host, self.port), self.timeout)
        if self._secure:
            context = ssl.create_default_context()
            self.sock = context.wrap_socket(self.sock, server_hostname=self._hostname)
