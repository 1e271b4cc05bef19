"""Scoring at the edges (CLI, HTTP API, Celery): JSON text in, result dict out.

Decides `as_of` (the profile's own, else today in America/Toronto), loads the rules of that day
once, and calls the pure engine. The engine never reads the clock; this module is where "today"
comes from.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from programs.engine import ProfileError, RuleError, assess, parse_profile
from programs.engine.dates import years_after
from programs.engine.rules import RuleSet

TORONTO = ZoneInfo("America/Toronto")
LANGUAGES = ("en", "fr")
# How far ahead a profile's own `as_of` may be: a plan a few years ahead is a fair question, but
# the stored rules are those known today, so a later day is a guess (and nobody applies on
# 9999-12-31).
AS_OF_MAX_YEARS_AHEAD = 5


class UncoveredDay(RuleError):
    """No rules are in force on the `as_of` the profile asked for: the caller's choice (400/422
    at the edges), unlike rules missing for today, which is the server's fault (503)."""


def toronto_today() -> date:
    return datetime.now(TORONTO).date()


def check_as_of(as_of: date, today: date) -> None:
    """Refuse a profile's `as_of` too far after today (ProfileError naming as_of)."""
    latest = years_after(today, AS_OF_MAX_YEARS_AHEAD)
    if as_of > latest:
        raise ProfileError(
            "as_of",
            f"The assessment date can be at most {AS_OF_MAX_YEARS_AHEAD} years after today"
            f" ({latest.isoformat()}): later rules are not known.",
        )


def rules_on(as_of: date, rules_by_day: RulesByDay, *, today: date) -> RuleSet:
    """The rules in force on `as_of`. When they cannot be had but today's can, the day is at
    fault: UncoveredDay (a RuleError, so the CLI keeps its exit status); else today's RuleError."""
    try:
        return rules_by_day(as_of)
    except RuleError as error:
        if as_of == today:
            raise
        rules_by_day(today)  # raises when the rules are broken for today as well
        raise UncoveredDay(f"No rules cover as_of {as_of.isoformat()}. {error}") from None


class RulesByDay:
    """Rule sets by as_of for one batch: the database is read once per distinct day."""

    def __init__(self, *, check_version: bool = True) -> None:
        self._rules: dict[date, RuleSet] = {}
        self._check_version = check_version

    def __call__(self, as_of: date) -> RuleSet:
        rules = self._rules.get(as_of)
        if rules is None:
            from programs.loader import load_rules

            rules = self._rules[as_of] = load_rules(as_of)
        return rules


def score_json(
    text: str | bytes,
    *,
    rules_by_day: RulesByDay,
    language: str = "en",
    today: date | None = None,
    suggestions: bool = True,
) -> dict[str, Any]:
    """Score one profile document; raises ProfileError (bad input), UncoveredDay (no rules on
    the profile's own as_of) or RuleError (no rules today)."""
    profile = parse_profile(text)
    today = today or toronto_today()
    if profile.as_of is not None:
        check_as_of(profile.as_of, today)
    as_of = profile.as_of or today
    rules = rules_on(as_of, rules_by_day, today=today)
    return assess(profile, rules, language=language, suggestions=suggestions)
