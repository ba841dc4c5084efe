"""Writing and verifying the audit trail. Every service that changes something that matters
calls `record` inside its own transaction; nothing updates or deletes an AuditEvent."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from beeldwacht.audit.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _digest(previous_hash: str, event: AuditEvent) -> str:
    payload = json.dumps(
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
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _subject_parts(subject: Any) -> tuple[str, str]:
    if isinstance(subject, tuple):
        kind, ident = subject
        return str(kind), str(ident)
    ident = getattr(subject, "public_id", None) or subject.pk
    return subject._meta.label_lower, str(ident)


def record(
    type: AuditEvent.Type,
    *,
    by: Any,
    subject: Any,
    school: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `by` is a User or None (the system); `subject` a model instance with
    a `public_id` or pk, or a (type, id) pair. Must run inside the caller's transaction."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        subject_type, subject_id = _subject_parts(subject)
        event = AuditEvent(
            sequence=head.last_sequence + 1,
            type=type,
            school_id=getattr(school, "pk", school),
            actor_id=getattr(by, "pk", None),
            subject_type=subject_type,
            subject_id=subject_id,
            data=_jsonable(data or {}),
            created_at=timezone.now(),
            previous_hash=head.last_hash,
        )
        event.hash = _digest(head.last_hash, event)
        event.save(force_insert=True)
        head.last_sequence, head.last_hash = event.sequence, event.hash
        head.save(update_fields=["last_sequence", "last_hash"])
        return event


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
    sequence: int
    reason: str


def verify(batch_size: int = 2000) -> tuple[int, Break | None]:
    """Walk the chain in order; return how many events were checked and the first break."""
    previous_hash = GENESIS
    expected_sequence = 1
    checked = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if event.sequence != expected_sequence:
            return checked, Break(expected_sequence, "missing")
        if event.previous_hash != previous_hash:
            return checked, Break(event.sequence, "previous_hash")
        if _digest(previous_hash, event) != event.hash:
            return checked, Break(event.sequence, "hash")
        previous_hash = event.hash
        expected_sequence += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_sequence != checked:
        return checked, Break(checked + 1, "missing")
    return checked, None
