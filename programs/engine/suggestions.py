"""Concrete changes that would raise the CRS or open a program, found by re-scoring changed facts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from . import crs, fsw
from .criteria import Context, required_funds
from .facts import Facts
from .grids import EDUCATION_LEVELS
from .language import Levels
from .messages import GAIN, OPENS, SUGGESTIONS
from .programs import evaluate_categories, evaluate_programs

Change = Callable[[Facts], Facts]


def _all(level: int) -> Levels:
    return Levels(level, level, level, level)


def _raised(levels: Levels | None, level: int) -> Levels:
    return Levels(*(max(v, level) for v in levels)) if levels else _all(level)


def _french(facts: Facts) -> Facts:
    if facts.first_language == "fr":
        return replace(facts, first=_raised(facts.first, 7))
    if facts.first is None:
        return replace(facts, first=_all(7), first_language="fr")
    return replace(
        facts,
        second=_raised(facts.second if facts.second_language == "fr" else None, 7),
        second_language="fr",
    )


def _candidates(facts: Facts, ctx: Context) -> Iterator[tuple[str, Change, bool, dict[str, Any]]]:
    """(code, change, re-check programs?, message values) for each change worth trying."""
    first = facts.first
    if first is None:
        yield (
            "take_language_test",
            lambda f: replace(f, first=_all(9), first_language="en"),
            True,
            {},
        )
    else:
        if first.lowest < 9:
            yield "first_language_clb9", lambda f: replace(f, first=_raised(f.first, 9)), True, {}
        if first.lowest < 10:
            yield (
                "first_language_clb10",
                lambda f: replace(f, first=_raised(f.first, 10)),
                False,
                {},
            )
    french = facts.levels_in("fr")
    if french is None or french.lowest < 7:
        yield "french_nclc7", _french, True, {}
    if not facts.provincial_nomination:
        yield "provincial_nomination", lambda f: replace(f, provincial_nomination=True), False, {}
    in_canada = any(job.in_canada for job in facts.jobs)
    if facts.canadian_years < 5 and (in_canada or facts.canadian_years):
        yield "canadian_year", lambda f: replace(f, canadian_years=f.canadian_years + 1), False, {}
    if EDUCATION_LEVELS.index(facts.education) < EDUCATION_LEVELS.index("masters"):
        yield "masters", lambda f: replace(f, education="masters"), False, {}
    if not facts.has_eca and facts.canadian_education == "none" and facts.education != "none":
        yield "eca", lambda f: replace(f, has_eca=True), True, {}
    if facts.with_spouse and (facts.spouse_levels is None or facts.spouse_levels.lowest < 9):
        yield (
            "spouse_clb9",
            lambda f: replace(f, spouse_levels=_raised(f.spouse_levels, 9)),
            False,
            {},
        )
    needed = required_funds(ctx.rules, facts.family_size)
    if (facts.settlement_funds_cad or 0) < needed:
        yield (
            "funds",
            lambda f: replace(f, settlement_funds_cad=needed),
            True,
            {"amount": f"{needed:,}"},
        )


def _opened(
    before: dict[str, str], after: dict[str, str], categories: tuple[set, set]
) -> list[str]:
    programs = [
        slug
        for slug, outcome in after.items()
        if outcome == "eligible" and before.get(slug) != "eligible"
    ]
    return programs + sorted(categories[1] - categories[0])


def suggest(
    facts: Facts,
    ctx: Context,
    base_total: int,
    names: dict[str, str],
    base_categories: set[str],
) -> list[dict[str, Any]]:
    """Changes that raise the CRS or open a program or category, best first."""
    grids = ctx.rules.grids
    before = dict(ctx.outcomes)
    language = ctx.language
    found = []
    for code, change, recheck, values in _candidates(facts, ctx):
        changed = change(facts)
        gain = crs.total(changed, grids) - base_total
        opens: list[str] = []
        if recheck:
            trial = Context(
                changed,
                ctx.rules,
                base_total + gain,
                fsw.score(changed, grids),
                language,
                memo=ctx.memo,
            )
            evaluate_programs(trial, explain=False)
            after_categories = {c["slug"] for c in evaluate_categories(trial) if c["qualifies"]}
            opens = _opened(before, trial.outcomes, (base_categories, after_categories))
        if gain <= 0 and not opens:
            continue
        parts = [SUGGESTIONS[code][language].format(**values)]
        effects = []
        if gain > 0:
            effects.append(GAIN[language].format(points=gain))
        if opens:
            effects.append(OPENS[language].format(names=", ".join(names.get(s, s) for s in opens)))
        found.append(
            {
                "code": code,
                "message": f"{parts[0]}: {' ; '.join(effects) if language == 'fr' else ' and '.join(effects)}",
                "crs_gain": gain,
                "opens": opens,
            }
        )
    found.sort(key=lambda s: (s["crs_gain"], len(s["opens"])), reverse=True)
    return found
