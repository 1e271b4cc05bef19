"""Scoring at the edges (CLI, HTTP API, Celery): JSON text in, result dict out.

Decides `as_of` (the profile's own, else today in America/Toronto), loads the rules of that day
once, and calls the pure engine. The engine never reads the clock; this module is where "today"
comes from.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from programs.engine import assess, parse_profile
from programs.engine.rules import RuleSet

TORONTO = ZoneInfo("America/Toronto")
LANGUAGES = ("en", "fr")


def toronto_today() -> date:
    return datetime.now(TORONTO).date()


class RulesByDay:
    """Rule sets by as_of for one batch: the database is read once per distinct day."""

    def __init__(self) -> None:
        self._rules: dict[date, RuleSet] = {}

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
    """Score one profile document; raises ProfileError (bad input) or RuleError (missing rules)."""
    profile = parse_profile(text)
    as_of = profile.as_of or today or toronto_today()
    return assess(profile, rules_by_day(as_of), language=language, suggestions=suggestions)
