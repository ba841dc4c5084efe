from datetime import date

import pytest

from beeldwacht.domain.protocol import acknowledgement_due, is_overdue, may_edit, may_move


@pytest.mark.parametrize(
    ("current", "to", "allowed"),
    [
        ("concept", "concept_mt", True),
        ("concept", "adopted", True),
        ("concept_mt", "adopted", True),
        ("concept_mt", "concept", True),  # MT sends it back
        ("adopted", "concept", False),  # adopted stays adopted
        ("adopted", "concept_mt", False),
        ("concept", "concept", False),
    ],
)
def test_may_move(current, to, allowed):
    assert may_move(current, to) is allowed


@pytest.mark.parametrize(
    ("stage", "editable"), [("concept", True), ("concept_mt", True), ("adopted", False)]
)
def test_may_edit(stage, editable):
    assert may_edit(stage) is editable


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2026, 9, 1), False), (date(2026, 9, 15), False), (date(2026, 9, 16), True)],
)
def test_overdue_after_the_days_given(today, overdue):
    assert acknowledgement_due(date(2026, 9, 1), 14) == date(2026, 9, 15)
    assert is_overdue(date(2026, 9, 1), 14, today) is overdue
