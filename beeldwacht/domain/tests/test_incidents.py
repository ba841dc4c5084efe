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


@pytest.mark.parametrize(
    ("crossing", "offence", "sexual", "steps"),
    [
        (False, False, False, ()),
        (True, False, False, ("inspector_call",)),
        (False, True, False, ("police_report",)),
        (True, True, False, ("inspector_call", "police_report")),
        (False, False, True, ("board_informed", "inspector_consulted")),
        # WPO 4a with reasonable suspicion: the consultation covers the inspector.
        (True, True, True, ("board_informed", "inspector_consulted", "police_report")),
    ],
)
def test_steps_required(crossing, offence, sexual, steps):
    from beeldwacht.domain.incidents import steps_required

    found = steps_required(
        crossing_the_line=crossing, possible_offence=offence, sexual_offence_signs=sexual
    )
    assert tuple(step.value for step in found) == steps


def test_steps_open_until_recorded():
    from beeldwacht.domain.incidents import Step, steps_open

    required = (Step.INSPECTOR_CALL, Step.POLICE_REPORT)
    assert steps_open(required, set()) == required
    assert steps_open(required, {"inspector_call"}) == (Step.POLICE_REPORT,)
    assert steps_open(required, {"inspector_call", "police_report"}) == ()
