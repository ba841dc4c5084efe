"""Messages to the school's other systems (issue 14): how they are signed, and when a
failed one is tried again. Pure rules; integrations/webhooks.py applies them."""

import hashlib
import hmac
from datetime import timedelta

# After the first try fails: again after a minute, five, half an hour, two hours, six hours;
# then Beeldwacht gives up (the log says so, and the school can send a test).
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


def retry_after(attempts: int) -> timedelta | None:
    """How long to wait after `attempts` failed tries; None: give up."""
    return RETRY_AFTER[attempts - 1] if 1 <= attempts <= len(RETRY_AFTER) else None


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The `Beeldwacht-Signature` header: `t=<unix time>,v1=<hex>`, the HMAC-SHA256 with
    the webhook's secret of `<unix time>.` followed by the body as sent. A receiver computes
    the same and compares, and refuses a time more than five minutes off (a replay)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"
