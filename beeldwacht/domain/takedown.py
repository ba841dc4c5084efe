"""What happens to a placement when someone in it may no longer be published there
(protocol Uitgangspunt 5, A.5; AVG art. 7(3) and 17: withdrawing consent must be as easy as
giving it, and the school removes what it can without undue delay).

A placement on a channel Beeldwacht serves itself is corrected at once, because those pages
compute consent when they are served. Anything printed cannot be taken back; the ledger says
so. Every other placement needs someone to act, by a deadline.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Handling(StrEnum):
    AUTOMATIC = "automatic"  # Beeldwacht corrected its own page
    NOT_RETRACTABLE = "not_retractable"  # printed: recorded, nothing can be done
    TASK = "task"  # someone must remove it (or ask the external medium to)


# Working days to act. External media get longer: the school has to ask and they have to
# answer. Both well inside the AVG's one month for answering a request (art. 12(3)).
WORKING_DAYS = {"school": 2, "external": 5}


@dataclass(frozen=True)
class PlacementFact:
    built_in: bool  # served by Beeldwacht (website news, parent feed)
    printed: bool
    removed: bool
    external: bool  # external news or trade media


def handling(placement: PlacementFact) -> Handling | None:
    """None: nothing to do (the placement was already taken down)."""
    if placement.removed:
        return None
    if placement.printed:
        return Handling.NOT_RETRACTABLE
    if placement.built_in:
        return Handling.AUTOMATIC
    return Handling.TASK


def due_on(opened_on: date, *, external: bool) -> date:
    """The deadline: a number of working days (Monday to Friday) after opening."""
    days = WORKING_DAYS["external" if external else "school"]
    day = opened_on
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
