"""Years and months of work by the contract's day-by-day rule, computed on intervals.

For each day d with window_start <= d < as_of, a day adds min(30, hours of the jobs active
that day) / 7 hours; a year is 1,560 hours. Summing day by day over ten years is slow, so
the jobs are swept as intervals: between two consecutive start/end events the sum of hours
is constant. Totals are kept in "week-hour days" (hours per week x days) to avoid dividing.

Totals are exact, so that a floor never lands on the wrong side of a year or a month: hours that
are multiples of 1/1024 (37.5, 22.25, 40: nearly all) add up exactly as floats, and any other
figure (22.3, 29.999999999) is counted as the exact fraction its float stands for
(`exact_hours`), which turns the sums it enters into exact fractions too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, timedelta
from fractions import Fraction
from operator import itemgetter
from typing import NamedTuple

from .dates import years_before

WEEKLY_CAP = 30  # an int, like the two below: a Fraction mixed with a float would become a float
HOURS_PER_YEAR = 1560
DAY = timedelta(days=1)
# One year of work expressed in week-hour days (1,560 hours x 7 days a week), and a twelfth of it.
YEAR_UNITS = HOURS_PER_YEAR * 7
MONTH_UNITS = YEAR_UNITS // 12
assert MONTH_UNITS * 12 == YEAR_UNITS
Units = float | Fraction  # week-hour days, exact either way
_day = itemgetter(0)  # sort key: events and spans by their first day (stable, as the rule needs)


class WorkPeriod(NamedTuple):
    """One job as the engine counts it: NOC 2021 codes, TEER, where, and its active days.

    A named tuple: built for every job of every profile, and cheaper to build than a dataclass.
    """

    noc: str
    codes_2021: tuple[str, ...]
    teer: int | None
    in_canada: bool
    start: date
    end: date | None
    hours_per_week: Units  # see exact_hours
    self_employed: bool
    while_full_time_student: bool


def exact_hours(hours: float) -> Units:
    """Hours per week as the sums below need them: the float itself when float sums of such
    figures are exact (multiples of 1/1024, 168 at most), else the exact fraction of the float."""
    return hours if (hours * 1024) % 1 == 0 else Fraction(hours)


def _clip(job: WorkPeriod, first: date, last: date) -> tuple[date, date] | None:
    start = max(job.start, first)
    end = min(job.end or last, last)
    return (start, end) if start <= end else None


def _one_span(start: date, end: date, hours: Units) -> Units:
    """What the sweep below gives for a single span."""
    return (end + DAY - start).days * min(WEEKLY_CAP, hours)


def units_in_window(jobs: Sequence[WorkPeriod], as_of: date, window_years: int) -> Units:
    """Week-hour days worked in the `window_years` before as_of (as_of itself excluded)."""
    first, last = years_before(as_of, window_years), as_of - DAY
    if len(jobs) == 1:  # the common case: no sweep needed
        span = _clip(jobs[0], first, last)
        return _one_span(*span, jobs[0].hours_per_week) if span else 0
    events: list[tuple[date, Units]] = []
    for job in jobs:
        span = _clip(job, first, last)
        if span:
            events.append((span[0], job.hours_per_week))
            events.append((span[1] + DAY, -job.hours_per_week))
    if not events:
        return 0
    if len(events) == 2:  # one job in the window: no sweep needed
        return _one_span(events[0][0], events[1][0] - DAY, events[0][1])
    events.sort(key=_day)
    total, active, previous = 0, 0, events[0][0]
    for day, delta in events:
        if day != previous:
            total += (day - previous).days * min(WEEKLY_CAP, active)
            previous = day
        active += delta
    return total


def whole_years(units: Units) -> int:
    return int(units // YEAR_UNITS)


def years_in_window(jobs: Sequence[WorkPeriod], as_of: date, window_years: int) -> int:
    return whole_years(units_in_window(jobs, as_of, window_years))


def has_continuous_run(
    jobs: Iterable[WorkPeriod], as_of: date, window_years: int, months: int
) -> bool:
    """One job, or jobs of the same NOC with no day between them, spanning the months with the hours.

    A run must span at least months x 365 / 12 days (365 for a year) inside the window and give
    at least months x 130 hours by the day-by-day rule.
    """
    first, last = years_before(as_of, window_years), as_of - DAY
    min_days = -(-months * 365 // 12)
    by_noc: dict[str, list[tuple[date, date, WorkPeriod]]] = {}
    for job in jobs:
        span = _clip(job, first, last)
        if span:
            by_noc.setdefault(job.noc, []).append((span[0], span[1], job))
    for spans in by_noc.values():
        spans.sort(key=_day)
        for run in _runs(spans):
            start, end = run[0][0], max(item[1] for item in run)
            if (end - start).days + 1 < min_days:
                continue
            if len(run) == 1:
                units = _one_span(start, end, run[0][2].hours_per_week)
            else:
                units = units_in_window([item[2] for item in run], as_of, window_years)
            if units >= months * MONTH_UNITS:
                return True
    return False


def _runs(spans: list[tuple[date, date, WorkPeriod]]) -> list[list[tuple[date, date, WorkPeriod]]]:
    """Group date-sorted spans into runs with no day between them."""
    runs: list[list[tuple[date, date, WorkPeriod]]] = []
    run_end: date | None = None
    for span in spans:
        if run_end is not None and span[0] <= run_end + DAY:
            runs[-1].append(span)
            run_end = max(run_end, span[1])
        else:
            runs.append([span])
            run_end = span[1]
    return runs


def select_jobs(
    jobs: Iterable[WorkPeriod],
    *,
    where: str,
    teers: Collection[int],
    codes: frozenset[str] | None,
    exclude_self_employed: bool,
    exclude_student: bool,
) -> list[WorkPeriod]:
    """The jobs a criterion or category counts.

    `where` is canada / abroad / any; `codes` the NOC 2021 codes of an occupation list (None:
    any occupation).
    """
    chosen = []
    for job in jobs:
        in_canada = job.in_canada
        if (where == "canada" and not in_canada) or (where == "abroad" and in_canada):
            continue
        if job.teer not in teers:
            continue
        # Self-employment never counts as Canadian experience (contract rule 6).
        if job.self_employed and (exclude_self_employed or in_canada):
            continue
        if exclude_student and job.while_full_time_student:
            continue
        if codes is not None and codes.isdisjoint(job.codes_2021):
            continue
        chosen.append(job)
    return chosen
