from datetime import date

import pytest

from beeldwacht.domain.retention import (
    consent_proof_expired,
    evidence_expired,
    file_entry_expired,
    months_after,
    unused_media_expired,
    years_after,
)


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2026, 7, 10), 2, date(2028, 7, 10)),
        (date(2024, 2, 29), 2, date(2026, 2, 28)),  # no 29 February then
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
    ],
)
def test_years_after(day, years, expected):
    assert years_after(day, years) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 24, date(2028, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 5), 1, date(2027, 1, 5)),
        (date(2026, 3, 31), 0, date(2026, 3, 31)),
    ],
)
def test_months_after(day, months, expected):
    assert months_after(day, months) == expected


@pytest.mark.parametrize(
    ("left_on", "filed_on", "steps_open", "today", "expired"),
    [
        (None, date(2026, 3, 1), False, date(2040, 1, 1), False),  # still here: kept
        (date(2026, 7, 10), date(2026, 3, 1), False, date(2028, 7, 10), False),  # last day
        (date(2026, 7, 10), date(2026, 3, 1), False, date(2028, 7, 11), True),
        # a reply filed after leaving: two years from then
        (date(2026, 7, 10), date(2027, 1, 5), False, date(2028, 7, 11), False),
        (date(2026, 7, 10), date(2027, 1, 5), False, date(2029, 1, 6), True),
        # its incident still waits for a step outside the school
        (date(2026, 7, 10), date(2026, 3, 1), True, date(2040, 1, 1), False),
    ],
)
def test_file_entry_kept_two_years_after_leaving(left_on, filed_on, steps_open, today, expired):
    assert (
        file_entry_expired(
            left_on=left_on, filed_on=filed_on, steps_open=steps_open, keep_years=2, today=today
        )
        is expired
    )


@pytest.mark.parametrize(
    ("left_on", "shown_until", "still_shown", "today", "expired"),
    [
        (None, None, False, date(2040, 1, 1), False),  # at school
        (date(2026, 7, 10), None, False, date(2027, 7, 10), False),  # margin's last day
        (date(2026, 7, 10), None, False, date(2027, 7, 11), True),  # never published
        (date(2026, 7, 10), None, True, date(2035, 1, 1), False),  # still on the website
        # taken down after leaving: the margin runs from the takedown
        (date(2026, 7, 10), date(2027, 3, 1), False, date(2027, 7, 11), False),
        (date(2026, 7, 10), date(2027, 3, 1), False, date(2028, 3, 2), True),
        # taken down before leaving: from the day they left
        (date(2026, 7, 10), date(2025, 3, 1), False, date(2027, 7, 11), True),
    ],
)
def test_consent_proof_kept_while_published_plus_margin(
    left_on, shown_until, still_shown, today, expired
):
    assert (
        consent_proof_expired(
            left_on=left_on,
            shown_until=shown_until,
            still_shown=still_shown,
            margin_days=365,
            today=today,
        )
        is expired
    )


@pytest.mark.parametrize(
    ("steps_open", "today", "expired"),
    [
        (False, date(2028, 1, 15), False),  # the last day of the board's 24 months
        (False, date(2028, 1, 16), True),
        (True, date(2035, 1, 1), False),  # the police may still ask for it
    ],
)
def test_evidence_per_boards_choice(steps_open, today, expired):
    assert (
        evidence_expired(
            last_event_on=date(2026, 1, 15), keep_months=24, steps_open=steps_open, today=today
        )
        is expired
    )


@pytest.mark.parametrize(
    ("uploaded_on", "today", "expired"),
    [
        (date(2026, 6, 12), date(2027, 6, 12), False),  # a year after the trip: still there
        (date(2026, 6, 12), date(2027, 6, 13), True),
        # last year's camp, uploaded today for the yearbook: a full year from today
        (date(2027, 9, 1), date(2027, 9, 2), False),
        (date(2027, 9, 1), date(2028, 9, 2), True),
    ],
)
def test_unused_media_a_year_after_the_activity_or_the_upload(uploaded_on, today, expired):
    assert (
        unused_media_expired(
            activity_on=date(2026, 6, 12), uploaded_on=uploaded_on, keep_months=12, today=today
        )
        is expired
    )
