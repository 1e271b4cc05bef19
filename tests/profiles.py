"""Builders of contract profiles for tests (plain dicts, as the JSON would be)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

AS_OF = date(2026, 6, 1)


def born_aged(age: int, as_of: date = AS_OF) -> str:
    """A date of birth that makes the applicant `age` on as_of (birthday 100 days earlier)."""
    day = as_of - timedelta(days=100)
    return day.replace(year=day.year - age).isoformat()


def clb(
    listening: float,
    reading: float | None = None,
    writing: float | None = None,
    speaking: float | None = None,
    test: str = "clb",
) -> dict[str, Any]:
    """A language result; abilities not given take the listening score."""
    return {
        "test": test,
        "listening": listening,
        "reading": listening if reading is None else reading,
        "writing": listening if writing is None else writing,
        "speaking": listening if speaking is None else speaking,
    }


def job(
    noc: str,
    years: float,
    *,
    country: str = "CA",
    ended_days_ago: int = 0,
    hours: float = 40,
    as_of: date = AS_OF,
    **extra: Any,
) -> dict[str, Any]:
    """A job of `years` (whole days) ending `ended_days_ago` before as_of (0: still going)."""
    end = as_of - timedelta(days=ended_days_ago + 1)
    start = end - timedelta(days=round(years * 365.25) - 1)
    entry = {"noc": noc, "country": country, "start": start.isoformat(), "hours_per_week": hours}
    entry["end"] = None if ended_days_ago == 0 else end.isoformat()
    return entry | extra


def profile(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "as_of": AS_OF.isoformat(),
        "date_of_birth": born_aged(29),
        "marital_status": "never_married",
        "education": {"level": "bachelors"},
        "languages": {"first": clb(9)},
        "work_experience": [],
    }
    base.update(fields)
    return base


def engineer_abroad(**changes: Any) -> dict[str, Any]:
    """A software engineer in India with a master's, CLB 9 and 3 years of work: the lead most
    tests of the submission pipeline, the API and the privacy pages submit."""
    fields = {
        "education": {"level": "masters", "has_eca": True},
        "languages": {"first": clb(9)},
        "work_experience": [job("21231", 3, country="IN")],
        "settlement_funds_cad": 30000,
        "family_size": 1,
        "intended_province": "ON",
    }
    return profile(**(fields | changes))
