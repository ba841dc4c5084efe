"""The school's media protocol itself (protocol "Versiebeheer"; DOMAIN 8): versions move from
concept to concept for the management team to adopted, and an adopted version never changes
again; every staff member acknowledges each adopted version, tied to the exact text they
read. Pure rules; protocol/ applies them."""

from datetime import date, timedelta
from enum import StrEnum


class Stage(StrEnum):
    CONCEPT = "concept"
    CONCEPT_MT = "concept_mt"  # concept for the management team (MT)
    ADOPTED = "adopted"


# Where a version may go next. Back from MT to concept is allowed (MT sends it back);
# nothing leaves 'adopted'.
MOVES = {
    Stage.CONCEPT: frozenset({Stage.CONCEPT_MT, Stage.ADOPTED}),
    Stage.CONCEPT_MT: frozenset({Stage.CONCEPT, Stage.ADOPTED}),
    Stage.ADOPTED: frozenset(),
}


def may_move(current: str, to: str) -> bool:
    return Stage(to) in MOVES[Stage(current)]


def may_edit(stage: str) -> bool:
    """An adopted version is the school's record of what held: it is never edited."""
    return Stage(stage) is not Stage.ADOPTED


def acknowledgement_due(adopted_on: date, days: int) -> date:
    """The day by which staff should have acknowledged a newly adopted version."""
    return adopted_on + timedelta(days=days)


def is_overdue(adopted_on: date, days: int, today: date) -> bool:
    return today > acknowledgement_due(adopted_on, days)
