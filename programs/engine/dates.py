"""Calendar helpers shared by the engine (no clock: every function takes the day it works on)."""

from __future__ import annotations

from datetime import date


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    return years_before(day, -years)


def completed_years(born: date, on: date) -> int:
    """Age in completed years on a day (a 29 February birthday counts on 1 March in common years)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
