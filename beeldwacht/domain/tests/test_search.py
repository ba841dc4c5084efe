import pytest

from beeldwacht.domain.search import matches

ZOE = ("4711", "Zoë", "", "Çelik")
SANNE = ("1001", "Sanne", "de", "Vries")


@pytest.mark.parametrize(
    ("query", "pupil", "found"),
    [
        ("zoe", ZOE, True),
        ("ZOË", ZOE, True),
        ("celik", ZOE, True),
        ("zoe celik", ZOE, True),
        ("zoe vries", ZOE, False),  # every word must be in her names
        ("sanne vries", SANNE, True),
        ("de vries", SANNE, True),
        ("  Sanne  ", SANNE, True),
        ("1001", SANNE, True),  # her pupil number
        ("100", SANNE, False),  # a number is matched whole, never a part of it
        ("4711", SANNE, False),
        ("", SANNE, False),
        ("   ", SANNE, False),
    ],
)
def test_matches(query, pupil, found):
    assert matches(query, *pupil) is found
