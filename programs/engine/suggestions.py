"""Concrete changes that would raise the CRS or open a program, found by re-scoring changed facts.

A change is the few facts it sets. A trial re-scores only what reads those facts: the CRS groups
and the FSW grid that read them while the profile was scored (recorded, `facts.Recording`), and
the criteria whose kind declares them, or the CRS, FSW or outcomes when those moved
(`programs.trial_outcomes`); everything else keeps the profile's own result.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import crs, fsw
from .criteria import CRS_TOTAL, FSW_RESULT, Context
from .facts import Facts
from .grids import EDUCATION_LEVELS
from .kinds import money, required_funds
from .language import Levels
from .messages import EFFECTS_JOINER, GAIN, OPENS, SUGGESTION_LINE, SUGGESTIONS
from .programs import trial_categories, trial_outcomes

Change = dict[str, Any]  # fact name -> new value

MASTERS = EDUCATION_LEVELS.index("masters")


def _all(level: int) -> Levels:
    return Levels(level, level, level, level)


def _raised(levels: Levels | None, level: int) -> Levels:
    if not levels:
        return _all(level)
    listening, reading, writing, speaking = levels
    return Levels(
        max(listening, level), max(reading, level), max(writing, level), max(speaking, level)
    )


def _french(facts: Facts) -> Change:
    if facts.first_language == "fr":
        return {"first": _raised(facts.first, 7)}
    if facts.first is None:
        return {"first": _all(7), "first_language": "fr"}
    return {
        "second": _raised(facts.second if facts.second_language == "fr" else None, 7),
        "second_language": "fr",
    }


def _candidates(facts: Facts, ctx: Context) -> Iterator[tuple[str, Change, bool, dict[str, Any]]]:
    """(code, change, re-check programs?, message values) for each change worth trying."""
    first = facts.first
    if first is None:
        yield "take_language_test", {"first": _all(9), "first_language": "en"}, True, {}
    else:
        if first.lowest < 9:
            yield "first_language_clb9", {"first": _raised(first, 9)}, True, {}
        if first.lowest < 10:
            yield "first_language_clb10", {"first": _raised(first, 10)}, False, {}
    french = facts.levels_in("fr")
    if french is None or french.lowest < 7:
        yield "french_nclc7", _french(facts), True, {}
    if not facts.provincial_nomination:
        yield "provincial_nomination", {"provincial_nomination": True}, False, {}
    if facts.canadian_years < 5 and (
        facts.canadian_years or any(job.in_canada for job in facts.jobs)
    ):
        yield "canadian_year", {"canadian_years": facts.canadian_years + 1}, False, {}
    if EDUCATION_LEVELS.index(facts.education) < MASTERS:
        yield "masters", {"education": "masters"}, False, {}
    if not facts.has_eca and facts.canadian_education == "none" and facts.education != "none":
        yield "eca", {"has_eca": True}, True, {}
    if facts.with_spouse and (facts.spouse_levels is None or facts.spouse_levels.lowest < 9):
        yield "spouse_clb9", {"spouse_levels": _raised(facts.spouse_levels, 9)}, False, {}
    needed = required_funds(ctx.rules, facts.family_size)
    if (facts.settlement_funds_cad or 0) < needed:
        yield (
            "funds",
            {"settlement_funds_cad": needed},
            True,
            {"amount": money(needed, ctx.language)},
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


@dataclass(frozen=True, slots=True)
class GridReads:
    """The facts the CRS groups and the FSW grid read while the profile was scored (recorded,
    see facts.Recording): a trial re-scores only those reading a fact it changes."""

    crs_groups: dict[str, frozenset[str]]
    fsw: frozenset[str]


def _trial_opens(
    ctx: Context,
    fsw_reads: frozenset[str],
    changed: Facts,
    change: Change,
    total: int,
    base_categories: set[str],
) -> list[str]:
    """Programs and categories the changed facts open that the profile's own do not."""
    moved = set(change)
    if total != ctx.crs_total:
        moved.add(CRS_TOTAL)
    trial_fsw = ctx.fsw
    if not fsw_reads.isdisjoint(change):
        trial_fsw = fsw.score(changed, ctx.rules.grids)
        if trial_fsw != ctx.fsw:
            moved.add(FSW_RESULT)
    trial = Context(changed, ctx.rules, total, trial_fsw, ctx.language, ctx.checks)
    after = trial_outcomes(trial, ctx, moved)
    return _opened(ctx.outcomes, after, (base_categories, trial_categories(trial, ctx, moved)))


def suggest(
    facts: Facts,
    ctx: Context,
    scored: dict[str, Any],
    grid_reads: GridReads,
    names: dict[str, str],
    base_categories: set[str],
) -> list[dict[str, Any]]:
    """Changes that raise the CRS or open a program or category, best first.

    `scored` is the profile's own CRS breakdown and `ctx` its evaluated context (outcomes set).
    """
    grids = ctx.rules.grids
    language = ctx.language
    base_total = scored["total"]
    found = []
    for code, change, recheck, values in _candidates(facts, ctx):
        changed = facts._replace(**change)
        total = crs.total_after(scored, grid_reads.crs_groups, changed, grids, change)
        gain = total - base_total
        opens = (
            _trial_opens(ctx, grid_reads.fsw, changed, change, total, base_categories)
            if recheck
            else []
        )
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
                "message": SUGGESTION_LINE[language].format(
                    suggestion=parts[0], effects=EFFECTS_JOINER[language].join(effects)
                ),
                "crs_gain": gain,
                "opens": opens,
            }
        )
    found.sort(key=lambda s: (s["crs_gain"], len(s["opens"])), reverse=True)
    return found
