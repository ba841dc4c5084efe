import pytest

from beeldwacht.domain.incidents import goes_to_supervisor_at_once, measure_allowed


@pytest.mark.parametrize(
    ("role", "measure", "allowed"),
    [
        ("staff", "reprimand", True),
        ("staff", "summary_dismissal", True),
        ("staff", "expulsion", False),  # a colleague is dismissed, not expelled
        ("pupil", "warning", True),
        ("pupil", "expulsion", True),
        ("pupil", "reprimand", False),
        ("pupil", "dismissal", False),
        ("guardian", "suspension", True),
        ("guardian", "summary_dismissal", False),
        ("other", "warning", False),  # not the school's to sanction
    ],
)
def test_measures_by_role(role, measure, allowed):
    assert measure_allowed(role, measure) is allowed


@pytest.mark.parametrize(
    ("category", "at_once"), [("derailing", True), ("bullying", False), ("other", False)]
)
def test_derailing_goes_to_the_supervisor_at_once(category, at_once):
    assert goes_to_supervisor_at_once(category) is at_once
