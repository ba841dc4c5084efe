from datetime import date

import pytest

from beeldwacht.domain.schoolyear import age_on, school_year_label, school_year_start, years_before


@pytest.mark.parametrize(
    ("on", "start"),
    [(date(2025, 8, 1), 2025), (date(2026, 7, 31), 2025), (date(2026, 1, 1), 2025)],
)
def test_school_year_runs_from_august_to_july(on, start):
    assert school_year_start(on) == start
    assert school_year_label(start) == f"{start}-{start + 1}"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2010, 3, 10), date(2026, 3, 9), 15),
        (date(2010, 3, 10), date(2026, 3, 10), 16),
        (date(2008, 2, 29), date(2024, 2, 28), 15),
        (date(2008, 2, 29), date(2024, 2, 29), 16),
        (date(2008, 2, 29), date(2025, 2, 28), 16),
    ],
)
def test_age_on(born, on, age):
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    ("on", "years", "latest_birth"),
    [
        (date(2026, 3, 10), 16, date(2010, 3, 10)),
        (date(2028, 2, 29), 16, date(2012, 2, 29)),
        (date(2028, 2, 29), 15, date(2013, 2, 28)),
    ],
)
def test_years_before_agrees_with_age_on(on, years, latest_birth):
    assert years_before(on, years) == latest_birth
    assert age_on(latest_birth, on) == years
    assert age_on(latest_birth + (date(2000, 1, 2) - date(2000, 1, 1)), on) == years - 1
