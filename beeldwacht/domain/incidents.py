"""Incidents and measures (protocol A.7, B.2 and "Sancties en gevolgen"; DOMAIN 7): which
measures the protocol lists for whom, and which incidents go to the supervisor at once.
Pure rules; incidents/ applies them."""

from enum import StrEnum


class Role(StrEnum):
    STAFF = "staff"
    PUPIL = "pupil"
    GUARDIAN = "guardian"
    OTHER = "other"  # someone from outside: the school decides no measure about them


class Measure(StrEnum):
    WARNING = "warning"  # waarschuwing
    REPRIMAND = "reprimand"  # berisping
    SUSPENSION = "suspension"  # schorsing
    DISMISSAL = "dismissal"  # ontslag
    SUMMARY_DISMISSAL = "summary_dismissal"  # ontslag op staande voet
    EXPULSION = "expulsion"  # verwijdering


# Sancties 1-6: staff as in the collective agreement; pupils and their parents as the school
# rules say. Nobody else is the school's to sanction.
MEASURES = {
    Role.STAFF: (
        Measure.WARNING,
        Measure.REPRIMAND,
        Measure.SUSPENSION,
        Measure.DISMISSAL,
        Measure.SUMMARY_DISMISSAL,
    ),
    Role.PUPIL: (Measure.WARNING, Measure.SUSPENSION, Measure.EXPULSION),
    Role.GUARDIAN: (Measure.WARNING, Measure.SUSPENSION, Measure.EXPULSION),
    Role.OTHER: (),
}


def measure_allowed(role: str, measure: str) -> bool:
    return Measure(measure) in MEASURES[Role(role)]


DERAILING = "derailing"  # online communication threatening to derail (B.2)


def goes_to_supervisor_at_once(category: str) -> bool:
    """B.2: when online communication threatens to derail, the supervisor hears at once."""
    return category == DERAILING


class Step(StrEnum):
    """What must be done outside the school after some incidents (Sancties; WPO art. 4a)."""

    INSPECTOR_CALL = "inspector_call"  # phone report to the Landelijke Vertrouwensinspecteur
    POLICE_REPORT = "police_report"  # the board's aangifte
    BOARD_INFORMED = "board_informed"  # WPO 4a: the board hears at once
    INSPECTOR_CONSULTED = "inspector_consulted"  # WPO 4a: the board consults without delay


INSPECTOR_PHONE = "0900 - 111 3 111"


def steps_required(
    *, crossing_the_line: bool, possible_offence: bool, sexual_offence_signs: bool
) -> tuple[Step, ...]:
    """The steps an incident calls for, in the order they are taken.

    - Communication the board judges 'grensoverschrijdend': a phone report to the
      confidential inspector.
    - A possible criminal offence: the board's police report.
    - Signs of a sexual offence by staff against a pupil (WPO art. 4a): the board is told
      at once and consults the confidential inspector without delay; on reasonable
      suspicion (marked as a possible offence) the police report follows."""
    steps: list[Step] = []
    if sexual_offence_signs:
        steps += [Step.BOARD_INFORMED, Step.INSPECTOR_CONSULTED]
    if crossing_the_line and Step.INSPECTOR_CONSULTED not in steps:
        steps.append(Step.INSPECTOR_CALL)
    if possible_offence:
        steps.append(Step.POLICE_REPORT)
    return tuple(steps)


def steps_open(required: tuple[Step, ...], done: set[str]) -> tuple[Step, ...]:
    """Still to do, and to be reminded of daily until recorded."""
    return tuple(step for step in required if step.value not in done)
