from datetime import date

import pytest

from beeldwacht.domain.takedown import Handling, PlacementFact, due_on, handling


@pytest.mark.parametrize(
    "built_in, printed, removed, external, expected",
    [
        (True, False, False, False, Handling.AUTOMATIC),
        (False, False, False, False, Handling.TASK),
        (False, False, False, True, Handling.TASK),
        (False, True, False, True, Handling.NOT_RETRACTABLE),
        (True, True, False, False, Handling.NOT_RETRACTABLE),
        (False, False, True, True, None),
    ],
)
def test_handling(built_in, printed, removed, external, expected):
    assert handling(PlacementFact(built_in, printed, removed, external)) is expected


@pytest.mark.parametrize(
    "opened, external, expected",
    [
        (date(2026, 11, 23), False, date(2026, 11, 25)),  # Monday + 2 working days
        (date(2026, 11, 27), False, date(2026, 12, 1)),  # Friday: over the weekend
        (date(2026, 11, 28), False, date(2026, 12, 1)),  # opened on a Saturday
        (date(2026, 11, 23), True, date(2026, 11, 30)),  # five working days
    ],
)
def test_deadline_counts_working_days(opened, external, expected):
    assert due_on(opened, external=external) == expected
