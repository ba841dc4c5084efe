"""Dutch school years run from 1 August to 31 July."""

from datetime import date


def school_year_start(on: date) -> int:
    """The calendar year in which the school year containing `on` began (2025 for 2025-26)."""
    return on.year if on.month >= 8 else on.year - 1


def school_year_first_day(start: int) -> date:
    return date(start, 8, 1)


def early_in_school_year(on: date) -> bool:
    """August and September: when a school asks every family, as its yearly round. Later in
    the year a request is for whoever is still missing, often a newcomer."""
    return on.month in (8, 9)


def school_year_label(start: int) -> str:
    return f"{start}-{start + 1}"


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years; someone born on 29 February turns a year older on 1 March."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (1 if before_birthday else 0)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February): whoever was born on or
    before it is at least `years` old on `day` (as `age_on` counts)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)
