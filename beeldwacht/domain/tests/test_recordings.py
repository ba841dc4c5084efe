from datetime import date, datetime, timedelta

import pytest

from beeldwacht.domain.recordings import (
    Reason,
    destruction_due,
    informed_in_time,
    last_day,
    may_view,
    support_agreed,
)

LESSON = date(2026, 12, 10)
NOW = datetime(2026, 12, 14, 9, 0)


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [(1, True), (2, True), (3, False)],  # recorder, supervisor, anyone
)
def test_may_view(viewer, allowed):
    assert may_view(viewer, recorder_id=1, supervisor_id=2) is allowed


@pytest.mark.parametrize(
    ("sent_on", "days", "in_time"),
    [
        (None, 2, False),  # nobody was told
        (date(2026, 12, 8), 2, True),  # two days before
        (date(2026, 12, 9), 2, False),  # the day before: too late
        (date(2026, 12, 10), 0, True),  # a school that allows the same day
        (date(2026, 12, 11), 0, False),  # after the lesson is never 'before'
    ],
)
def test_informed_in_time(sent_on, days, in_time):
    assert informed_in_time(sent_on, LESSON, days) is in_time


@pytest.mark.parametrize(
    ("outcomes", "agreed"),
    [([], False), (["agreed"], True), (["agreed", "agreed"], True), (["agreed", "refused"], False)],
)
def test_support_agreed(outcomes, agreed):
    assert support_agreed(outcomes) is agreed


def test_last_day():
    assert last_day(LESSON, 30) == date(2027, 1, 9)


@pytest.mark.parametrize(
    ("reviewed_at", "today", "due"),
    [
        (None, date(2026, 12, 14), None),  # not reviewed, within its days
        (NOW - timedelta(hours=23), date(2026, 12, 14), None),  # reviewed, grace still runs
        (NOW - timedelta(hours=24), date(2026, 12, 14), Reason.REVIEWED),
        (None, date(2027, 1, 9), None),  # the last day itself
        (None, date(2027, 1, 10), Reason.DEADLINE),
        (NOW - timedelta(hours=1), date(2027, 1, 10), Reason.DEADLINE),  # the deadline wins
    ],
)
def test_destruction_due(reviewed_at, today, due):
    assert (
        destruction_due(
            reviewed_at=reviewed_at,
            grace=timedelta(hours=24),
            last_day=last_day(LESSON, 30),
            now=NOW,
            today=today,
        )
        is due
    )


@pytest.mark.parametrize(
    ("statuses", "agreed"),
    [
        (["granted", "granted"], True),
        (["granted", "none"], False),  # one has not answered
        (["granted", "refused"], False),
        (["disputed"], False),
        (["blocked", "granted"], False),
        ([], False),  # nobody asked is nobody agreeing
    ],
)
def test_all_agree(statuses, agreed):
    from beeldwacht.domain.recordings import all_agree

    assert all_agree(statuses) is agreed
