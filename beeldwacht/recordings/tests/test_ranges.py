import pytest

from beeldwacht.recordings.ranges import UNSATISFIABLE, byte_range


@pytest.mark.parametrize(
    ("header", "answer"),
    [
        (None, None),
        ("bytes=0-", (0, 999)),
        ("bytes=0-1", (0, 1)),
        ("bytes=500-2000", (500, 999)),  # past the end: up to the end
        ("bytes=-100", (900, 999)),  # the last hundred
        ("bytes=-5000", (0, 999)),
        ("bytes=1000-", UNSATISFIABLE),
        ("bytes=-0", UNSATISFIABLE),
        ("bytes=5-2", None),  # nonsense: the whole file
        ("bytes=0-1,5-9", None),  # several ranges: the whole file
        ("items=0-1", None),
    ],
)
def test_byte_range(header, answer):
    assert byte_range(header, 1000) == answer
