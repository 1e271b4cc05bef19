"""Scoring at the edges (CLI, HTTP API, Celery): JSON text in, result dict out.

Decides `as_of` (the profile's own, else today in America/Toronto), loads the rules of that day
once, and calls the pure engine. The engine never reads the clock; this module is where "today"
comes from.
"""

from __future__ import annotations

import functools
import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from programs.engine import ProfileError, RuleError, assess, parse_profile
from programs.engine.dates import years_after
from programs.engine.i18n import gettext_noop, pgettext_lazy, translate
from programs.engine.rules import RuleSet
from programs.engine.vocabulary import ENGLISH_TESTS

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
    """Score one profile document; raises ProfileError (bad input), UncoveredDay (no rules on
    the profile's own as_of) or RuleError (no rules today)."""
    profile = parse_profile(text)
    today = today or toronto_today()
    if profile.as_of is not None:
        check_as_of(profile.as_of, today)
    as_of = profile.as_of or today
    rules = rules_on(as_of, rules_by_day, today=today)
    return assess(profile, rules, language=language, suggestions=suggestions)


OUTCOME_RANK = {"eligible": 3, "needs_review": 2, "not_eligible": 1, "closed": 0}
# The official languages as the order sentences name them (French adds the article).
LANGUAGE_NAMES = {
    "en": pgettext_lazy("official language counted first", "English"),
    "fr": pgettext_lazy("official language counted first", "French"),
}
ORDER_SENTENCE = gettext_noop(
    "We counted {first} as your first official language: +{gain} points compared with "
    "{other} first."
)
ORDER_SENTENCE_PROGRAMS = gettext_noop(
    "We counted {first} as your first official language: it opens more programs than {other} first."
)


def _merit(result: dict[str, Any]) -> tuple[int, ...]:
    """What an applicant gains from a result, best first: programs open, then CRS, then FSW."""
    outcomes = sorted((OUTCOME_RANK[p["outcome"]] for p in result["programs"]), reverse=True)
    return (*outcomes, result["crs"]["total"], result["fsw"]["total"])


def _swapped(profile: dict[str, Any]) -> dict[str, Any] | None:
    languages = profile.get("languages") or {}
    if not (languages.get("first") and languages.get("second")):
        return None
    return profile | {"languages": {"first": languages["second"], "second": languages["first"]}}


def score_best_language_order(
    profile: dict[str, Any],
    *,
    rules_by_day: RulesByDay,
    language: str = "en",
    today: date | None = None,
    suggestions: bool = True,
) -> dict[str, Any]:
    """Score a submission's profile with its two official languages in either order and keep the
    better result: IRCC lets the candidate choose which is the first (the engine's contract keeps
    the explicit slots). With two tests, the result gets `language_order`: the first official
    language used ("en"/"fr"), whether the slots were swapped, the CRS gain over the other order
    and a sentence saying so in `language` (None when both orders give the same score)."""
    score = functools.partial(
        score_json,
        rules_by_day=rules_by_day,
        language=language,
        today=today,
        suggestions=suggestions,
    )
    result = score(json.dumps(profile))
    other = _swapped(profile)
    if other is None:
        return result
    try:
        other_result = score(json.dumps(other))
    except ProfileError:  # e.g. a second test the engine accepts only in second place
        return result
    swapped = _merit(other_result) > _merit(result)
    best, worse = (other_result, result) if swapped else (result, other_result)
    tests = (other if swapped else profile)["languages"]
    first = "en" if tests["first"]["test"] in ENGLISH_TESTS else "fr"
    second = "fr" if first == "en" else "en"
    gain = best["crs"]["total"] - worse["crs"]["total"]
    sentence = translate(ORDER_SENTENCE if gain > 0 else ORDER_SENTENCE_PROGRAMS, language).format(
        first=translate(LANGUAGE_NAMES[first], language),
        other=translate(LANGUAGE_NAMES[second], language),
        gain=gain,
    )
    best["language_order"] = {
        "first": first,
        "swapped": swapped,
        "crs_gain": gain,
        "message": sentence if gain > 0 or swapped else None,
    }
    return best
