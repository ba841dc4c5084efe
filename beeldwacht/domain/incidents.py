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
