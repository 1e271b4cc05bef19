"""The contract's day-by-day experience rule (rule 6) and FSW continuity (rule 7)."""

from __future__ import annotations

from datetime import date, timedelta

from programs.engine.dates import completed_years, years_before
from programs.engine.experience import (
    WorkPeriod,
    has_continuous_run,
    units_in_window,
    years_in_window,
)

AS_OF = date(2026, 6, 1)


def period(start: date, end: date | None, hours: float = 40, noc: str = "21231") -> WorkPeriod:
    return WorkPeriod(noc, (noc,), 1, True, start, end, hours, False, False)


def days_before(days: int) -> date:
    return AS_OF - timedelta(days=days)


def test_364_full_time_days_make_one_year_and_363_do_not() -> None:
    # 364 days x 30 h / 7 = 1,560 h exactly.
    assert years_in_window([period(days_before(364), None)], AS_OF, 10) == 1
    assert years_in_window([period(days_before(363), None)], AS_OF, 10) == 0


def test_as_of_itself_is_not_counted() -> None:
    job = period(days_before(364), AS_OF + timedelta(days=30))
    assert units_in_window([job], AS_OF, 10) == 364 * 30


def test_overlapping_jobs_are_capped_at_30_hours_a_week() -> None:
    jobs = [period(days_before(700), None, 20), period(days_before(700), None, 20)]
    assert units_in_window(jobs, AS_OF, 10) == 700 * 30


def test_part_time_counts_in_proportion() -> None:
    two_years = 2 * 364
    assert years_in_window([period(days_before(two_years), None, 15)], AS_OF, 10) == 1
    assert years_in_window([period(days_before(two_years), None, 30)], AS_OF, 10) == 2


def test_only_days_inside_the_window_count() -> None:
    old = period(date(2010, 1, 1), date(2018, 12, 31))
    counted = units_in_window([old], AS_OF, 3)
    assert counted == 0
    window_start = years_before(AS_OF, 10)
    assert units_in_window([old], AS_OF, 10) == ((date(2018, 12, 31) - window_start).days + 1) * 30


def test_one_continuous_run_of_the_same_noc() -> None:
    first = period(days_before(400), days_before(201))
    second = period(days_before(200), days_before(1))
    assert has_continuous_run([first, second], AS_OF, 10, 12)


def test_a_day_between_jobs_breaks_the_run() -> None:
    first = period(days_before(400), days_before(202))
    second = period(days_before(200), days_before(1))
    assert not has_continuous_run([first, second], AS_OF, 10, 12)


def test_different_occupations_do_not_make_a_run() -> None:
    first = period(days_before(400), days_before(201), noc="21231")
    second = period(days_before(200), days_before(1), noc="21232")
    assert not has_continuous_run([first, second], AS_OF, 10, 12)


def test_a_long_run_of_too_few_hours_is_not_a_year() -> None:
    assert not has_continuous_run([period(days_before(500), None, 10)], AS_OF, 10, 12)


def test_age_in_completed_years() -> None:
    assert completed_years(date(1996, 6, 2), AS_OF) == 29
    assert completed_years(date(1996, 6, 1), AS_OF) == 30
    assert years_before(date(2028, 2, 29), 2) == date(2026, 2, 28)
