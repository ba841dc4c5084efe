"""How long Beeldwacht keeps each kind of record (DOMAIN 9; AVG art. 5(1)(e): no longer than
the purpose needs). Pure rules; `actions/retention.py` applies them in the daily job and the
processing register (`actions/register.py`) states them to guardians and the authorities.

Every period runs from a day the school recorded, never from when Beeldwacht happened to
look, so a job that did not run for a week deletes the same records a week late, not
others."""

import calendar
from datetime import date, timedelta


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_after(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    return months_after(day, 12 * years)


def file_entry_expired(
    *, left_on: date | None, filed_on: date, steps_open: bool, keep_years: int, today: date
) -> bool:
    """A letter or reply in a pupil's file or a personnel file: kept while the person is at
    the school (for staff: at any school of the board, their employer), and `keep_years`
    after they left or after it was filed, whichever is later (a reply may come after
    leaving). Never while a step outside the school on its incident is still open (the
    Dutch default is two years, as for the pupil administration and the personnel file)."""
    if left_on is None or steps_open:
        return False
    return today > years_after(max(left_on, filed_on), keep_years)


def consent_proof_expired(
    *,
    left_on: date | None,
    shown_until: date | None,
    still_shown: bool,
    margin_days: int,
    today: date,
) -> bool:
    """Who gave consent, and on what text: the school's proof that a photo may be out there.
    Kept while the pupil is at the school and while anything published still shows them,
    and `margin_days` after the later of the day they left and the day the last such
    placement came down (or was printed: a newspaper cannot be recalled, and a claim about
    it comes within the margin)."""
    if left_on is None or still_shown:
        return False
    last = max(left_on, shown_until) if shown_until else left_on
    return today > last + timedelta(days=margin_days)


def evidence_expired(
    *, last_event_on: date, keep_months: int, steps_open: bool, today: date
) -> bool:
    """An incident's evidence files: kept for the board's chosen months after the last thing
    recorded on the incident (a screenshot added, a measure, a letter, a step outside the
    school recorded: counted from the day it was recorded, not the day it says it was
    done), and never while a step the board's judgement calls for is not recorded yet:
    the inspector or the police may ask for it."""
    return not steps_open and today > months_after(last_event_on, keep_months)


def unused_media_expired(
    *, activity_on: date, uploaded_on: date, keep_months: int, today: date
) -> bool:
    """A photo, video or recording of sound never added to a publication: kept `keep_months`
    after the activity (to choose from, for the yearbook) or after it was uploaded, whichever
    is later (the photos of last year's camp added today stay their full time), then deleted
    with everything made from it. One added to a publication stays with it: the school's
    record of what went out, and what a withdrawal must be able to render again."""
    return today > months_after(max(activity_on, uploaded_on), keep_months)
