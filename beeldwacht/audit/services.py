"""Writing and verifying the audit trail. Every service that changes something that matters
calls `record` inside its own transaction; nothing updates or deletes an AuditEvent.

Each event's hash is an HMAC over its content and its predecessor's hash, keyed with
AUDIT_KEY, which lives in the settings (or a secret file), never in the database: whoever can
only write to the database cannot make a changed event fit. The head row names the last
event; daily anchors (`audit.anchors`) fix the chain's length and end outside the database.
What this does and does not protect against: docs/audit.md."""

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent, AuditHead
from beeldwacht.common.errors import DomainError

GENESIS = "0" * 64


class AuditTrailBroken(DomainError):
    """The head row is gone while events exist: nothing more is chained on until someone has
    looked (`beeldwacht audit-verify`)."""


def audit_key() -> bytes:
    key = getattr(settings, "AUDIT_KEY", "")
    if not key:
        raise ImproperlyConfigured("Set AUDIT_KEY or AUDIT_KEY_FILE (required unless DEBUG=true).")
    return key.encode()


def _payload(previous_hash: str, event: AuditEvent) -> bytes:
    return json.dumps(
        {
            "previous": previous_hash,
            "sequence": event.sequence,
            "type": event.type,
            "school": event.school_id,
            "actor": event.actor_id,
            "subject": [event.subject_type, event.subject_id],
            "data": event.data,
            "at": event.created_at.isoformat(),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    ).encode("ascii")


def _digest(previous_hash: str, event: AuditEvent) -> str:
    if event.keyed:
        return hmac.new(audit_key(), _payload(previous_hash, event), hashlib.sha256).hexdigest()
    return hashlib.sha256(_payload(previous_hash, event)).hexdigest()  # before the key


def _subject_parts(subject: Any) -> tuple[str, str]:
    if isinstance(subject, tuple):
        kind, ident = subject
        return str(kind), str(ident)
    ident = getattr(subject, "public_id", None) or subject.pk
    return subject._meta.label_lower, str(ident)


def locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    if AuditEvent.objects.exists():
        raise AuditTrailBroken(
            _(
                "The audit trail is damaged (its head is missing), so nothing can be recorded. "
                "Ask your administrator to run 'beeldwacht audit-verify'."
            )
        )
    # An empty database whose head was never made (a test flush): start the chain.
    return AuditHead.objects.create(pk=1)


def record(
    type: AuditEvent.Type,
    *,
    by: Any,
    subject: Any,
    school: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `by` is a User or None (the system); `subject` a model instance with
    a `public_id` or pk, or a (type, id) pair. Must run inside the caller's transaction (no
    savepoint of its own: an event that cannot be written fails the whole change)."""
    connection = transaction.get_connection()
    with transaction.atomic(savepoint=False):
        subject_type, subject_id = _subject_parts(subject)
        event = AuditEvent(
            type=type,
            school_id=getattr(school, "pk", school),
            actor_id=getattr(by, "pk", None),
            subject_type=subject_type,
            subject_id=subject_id,
            data=_jsonable(data or {}),
            created_at=timezone.now(),
            keyed=True,
        )
        if not _chain_on_last_written(connection, event):
            head = locked_head()
            _chain(event, head.last_sequence, head.last_hash)
            head.last_sequence, head.last_hash = event.sequence, event.hash
            head.save(update_fields=["last_sequence", "last_hash"])
        event.save(force_insert=True)
        connection.audit_head_written = (
            connection.atomic_blocks[0],
            event.sequence,
            event.hash,
        )
        return event


def _chain(event: AuditEvent, last_sequence: int, last_hash: str) -> None:
    event.sequence = last_sequence + 1
    event.previous_hash = last_hash
    event.hash = _digest(last_hash, event)


def _chain_on_last_written(connection, event: AuditEvent) -> bool:
    """A second event in one transaction (a consent change and its takedowns) chains on the
    head this transaction wrote, without reading it again: one UPDATE that moves the head
    only if it still is what we wrote. If not (a savepoint rolled back in between), nothing
    moved, and the caller reads the locked head as for a first event."""
    written = getattr(connection, "audit_head_written", None)
    if written is None or written[0] is not connection.atomic_blocks[0]:
        return False
    _outer, last_sequence, last_hash = written
    _chain(event, last_sequence, last_hash)
    return bool(
        AuditHead.objects.filter(pk=1, last_sequence=last_sequence, last_hash=last_hash).update(
            last_sequence=event.sequence, last_hash=event.hash
        )
    )


def _jsonable(value: Any) -> Any:
    """Store exactly what the hash covers: round-trip through JSON so that the hash computed
    now equals the one computed from the row read back later."""
    return json.loads(json.dumps(value, default=_default))


def _default(value: Any) -> str:
    if isinstance(value, UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"Cannot store {type(value).__name__} in the audit trail")


@dataclass(frozen=True)
class Break:
    """The first broken link: the sequence number where the trail stops being trustworthy."""

    sequence: int
    reason: str  # missing, previous_hash, hash, unkeyed, head_missing, head, anchor, anchor_forged


def verify(anchors=(), batch_size: int = 2000) -> tuple[int, Break | None]:
    """Walk the chain in order, then check the head and every anchor against it; return how
    many events were checked and the first break. `anchors` are `audit.anchors.Anchor`s."""
    for anchor in anchors:
        if not anchor.signed_by(audit_key()):
            return 0, Break(anchor.sequence, "anchor_forged")
    anchored = {anchor.sequence: anchor.hash for anchor in anchors}
    previous_hash = GENESIS
    expected_sequence = 1
    seen_keyed = False
    checked = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if event.sequence != expected_sequence:
            return checked, Break(expected_sequence, "missing")
        if event.previous_hash != previous_hash:
            return checked, Break(event.sequence, "previous_hash")
        if seen_keyed and not event.keyed:
            return checked, Break(event.sequence, "unkeyed")
        if not hmac.compare_digest(_digest(previous_hash, event), event.hash):
            return checked, Break(event.sequence, "hash")
        if anchored.get(event.sequence, event.hash) != event.hash:
            return checked, Break(event.sequence, "anchor")
        seen_keyed = seen_keyed or event.keyed
        previous_hash = event.hash
        expected_sequence += 1
        checked += 1
    if anchored and max(anchored) > checked:
        return checked, Break(checked + 1, "missing")
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return checked, Break(checked + 1, "head_missing")
    if head.last_sequence > checked:
        return checked, Break(checked + 1, "missing")
    if head.last_sequence != checked or head.last_hash != previous_hash:
        return checked, Break(min(head.last_sequence + 1, checked) or 1, "head")
    return checked, None
