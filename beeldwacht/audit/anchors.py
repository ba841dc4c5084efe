"""Daily anchors of the audit trail: the head's sequence and hash, dated and signed with the
audit key, written where the web process cannot overwrite them and mailed to the privacy
contacts. `audit-verify` checks the chain against every anchor, so a trail that was emptied
or cut short after an anchor is found even when the head row was rewritten to match.

An anchor file is created once and never rewritten (exclusive create, read-only mode). The
directory should be writable only by the user that runs the daily job (docs/audit.md)."""

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from beeldwacht.audit import services
from beeldwacht.audit.models import AuditEvent

FORMAT = "beeldwacht-audit-anchor/1"


class AnchorUnreadable(ValueError):
    """An anchor file that is not one of ours: changed, cut short or made by hand."""


@dataclass(frozen=True)
class Anchor:
    made_at: str  # ISO 8601 with offset
    sequence: int  # the last event anchored; the trail then held exactly this many events
    hash: str  # that event's hash
    signature: str = ""

    def _message(self) -> bytes:
        return f"{FORMAT}|{self.made_at}|{self.sequence}|{self.hash}".encode()

    def signed(self, key: bytes) -> "Anchor":
        digest = hmac.new(key, self._message(), hashlib.sha256).hexdigest()
        return Anchor(self.made_at, self.sequence, self.hash, digest)

    def signed_by(self, key: bytes) -> bool:
        return hmac.compare_digest(self.signed(key).signature, self.signature)

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Anchor":
        try:
            data = json.loads(text)
            if data.pop("format") != FORMAT:
                raise ValueError(data)
            return cls(
                made_at=str(data["made_at"]),
                sequence=int(data["sequence"]),
                hash=str(data["hash"]),
                signature=str(data["signature"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise AnchorUnreadable(str(error)) from error


def anchor_dir() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR)


def write_anchor(anchor: Anchor, directory: Path | None = None) -> Path:
    """Create the anchor's file; never replace one. The name sorts by date and sequence."""
    directory = directory or anchor_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(anchor.made_at).strftime("%Y-%m-%d")
    path = directory / f"{stamp}-{anchor.sequence:012d}.json"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(anchor.to_json())
    return path


def read_anchors(directory: Path | None = None) -> list[tuple[Path, Anchor]]:
    """Every anchor in the directory, oldest first. An unreadable file raises: a damaged
    anchor is itself something to report, not to skip."""
    directory = directory or anchor_dir()
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob("*.json")):
        try:
            found.append((path, Anchor.from_json(path.read_text(encoding="utf-8"))))
        except AnchorUnreadable as error:
            raise AnchorUnreadable(path.name) from error
    return found


def anchor_trail(*, now: datetime) -> tuple[Anchor, Path]:
    """Anchor the trail as it stands: sign the head, write the file, and record that it was
    done (that event is the first one the next anchor covers)."""
    with transaction.atomic():
        head = services.locked_head()
        anchor = Anchor(now.isoformat(), head.last_sequence, head.last_hash)
        anchor = anchor.signed(services.audit_key())
        path = write_anchor(anchor)
        services.record(
            AuditEvent.Type.AUDIT_ANCHORED,
            by=None,
            subject=("audit.anchor", str(anchor.sequence)),
            data={"sequence": anchor.sequence, "hash": anchor.hash},
        )
    return anchor, path
