import hashlib
import hmac
from datetime import timedelta

import pytest

from beeldwacht.domain.webhooks import retry_after, signature


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [
        (1, timedelta(minutes=1)),
        (2, timedelta(minutes=5)),
        (5, timedelta(hours=6)),
        (6, None),  # given up
    ],
)
def test_backoff(attempts, wait):
    assert retry_after(attempts) == wait


def test_the_signature_follows_the_documented_recipe():
    body = b'{"event":"test"}'
    header = signature("geheim", 1796300000, body)
    expected = hmac.new(b"geheim", b"1796300000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1796300000,v1={expected}"
    assert signature("ander", 1796300000, body) != header
