"""The Comprehensive Ranking System: four groups of points, each line shown, caps applied in order.

Grids come from the rule set in force on as_of (`crs_*` keys); programs/data/grids.json seeds
them, each with its source.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from .bands import (
    band,
    band_points,
    split_points,
    summed_points,
    summed_split_points,
)
from .facts import Facts, Recording
from .language import Levels


def _column(points: Any, with_spouse: bool) -> int:
    return points.with_spouse if with_spouse else points.single


def _per_ability(rows: Any, levels: Levels | None, with_spouse: bool) -> int:
    if levels is None:
        return 0
    return summed_split_points(rows, levels, with_spouse)


def core(facts: Facts, grids: dict[str, Any]) -> dict[str, int]:
    ws = facts.with_spouse
    second = grids["crs_second_language"]
    second_points = min(_per_ability(second.rows, facts.second, ws), _column(second.cap, ws))
    lines = {
        "age": split_points(grids["crs_age"].rows, facts.age, ws),
        "education": _column(grids["crs_education"].levels[facts.education], ws),
        "first_language": _per_ability(grids["crs_first_language"].rows, facts.first, ws),
        "second_language": second_points,
        "canadian_work": split_points(grids["crs_canadian_work"].rows, facts.canadian_years, ws),
    }
    lines["subtotal"] = sum(lines.values())
    return lines


def spouse(facts: Facts, grids: dict[str, Any]) -> dict[str, int]:
    lines = {"education": 0, "language": 0, "canadian_work": 0}
    if facts.with_spouse:
        grid = grids["crs_spouse"]
        language = 0
        if facts.spouse_levels is not None:
            language = summed_points(grid.language.rows, facts.spouse_levels)
        lines = {
            "education": grid.education[facts.spouse_education],
            "language": min(language, grid.language.cap),
            "canadian_work": band_points(grid.canadian_work.rows, facts.spouse_canadian_years),
        }
    lines["subtotal"] = sum(lines.values())
    return lines


def _tier_points(rows: Any, value: int, tier: int) -> int:
    row = band(rows, value)
    return row.points[tier] if row is not None else 0


def _tier_group(grid: Any, tier: int, lowest: int, canadian_years: int) -> int:
    """Education or foreign work combined with language or Canadian work, capped (tier 0: none)."""
    if tier == 0:
        return 0
    combined = _tier_points(grid.language, lowest, tier) + _tier_points(
        grid.canadian_work, canadian_years, tier
    )
    return min(grid.group_cap, combined)


def skill_transferability(facts: Facts, grids: dict[str, Any]) -> dict[str, int]:
    """The lines of the group: education and foreign work combined with language or Canadian
    work, and a trade certificate combined with language."""
    grid = grids["crs_transferability"]
    lowest = facts.first.lowest if facts.first is not None else 0
    key = (
        facts.education,
        lowest,
        facts.canadian_years,
        facts.foreign_years,
        facts.certificate_of_qualification,
    )
    return _skill_transferability(grid, *key)


def _skill_transferability(
    grid: Any, education: str, lowest: int, cdn: int, foreign_years: int, certificate: bool
) -> dict[str, int]:
    foreign_row = band(grid.foreign_work_tier, foreign_years)
    lines = {
        "education": _tier_group(grid, grid.education_tier[education], lowest, cdn),
        "foreign_work": _tier_group(grid, foreign_row.tier if foreign_row else 0, lowest, cdn),
        "certificate": min(grid.group_cap, band_points(grid.certificate, lowest))
        if certificate
        else 0,
    }
    lines["subtotal"] = min(grid.total_cap, sum(lines.values()))
    return lines


def french_points(facts: Facts, grid: Any) -> int:
    french = facts.levels_in("fr")
    if french is None or french.lowest < grid.min_nclc:
        return 0
    english = facts.levels_in("en")
    if english is not None and english.lowest >= grid.english_min_clb:
        return grid.points_with_english
    return grid.points_without_english


def additional(facts: Facts, grids: dict[str, Any]) -> dict[str, int]:
    grid = grids["crs_additional"]
    offer = facts.offer
    job_offer = 0
    if offer is not None and offer.qualifies_for_crs:
        job_offer = (
            grid.job_offer.senior_management if offer.senior_management else grid.job_offer.other
        )
    lines = {
        "provincial_nomination": grid.provincial_nomination if facts.provincial_nomination else 0,
        "job_offer": job_offer,
        "sibling": grid.sibling if facts.sibling_in_canada else 0,
        "french": french_points(facts, grid.french),
        "canadian_education": grid.canadian_education[facts.canadian_education],
    }
    lines["subtotal"] = min(grid.cap, sum(lines.values()))
    return lines


GROUPS: tuple[tuple[str, Callable[[Any, dict[str, Any]], dict[str, int]]], ...] = (
    ("core", core),
    ("spouse", spouse),
    ("skill_transferability", skill_transferability),
    ("additional", additional),
)


def score(
    facts: Facts, grids: dict[str, Any], reads: dict[str, frozenset[str]] | None = None
) -> dict[str, Any]:
    """The full CRS breakdown; `total` is the sum of the capped group subtotals.

    Given a `reads` dict, each group is scored on a `Recording` of the facts and the facts it
    read are put in `reads` under its name (for `total_after`).
    """
    groups = {}
    for name, group in GROUPS:
        if reads is None:
            groups[name] = group(facts, grids)
        else:
            recording = Recording(facts)
            groups[name] = group(recording, grids)
            reads[name] = frozenset(recording.read)
    total = sum(group["subtotal"] for group in groups.values())
    return {"total": min(1200, total), "with_spouse": facts.with_spouse, **groups}


def total_after(
    scored: dict[str, Any],
    reads: dict[str, frozenset[str]],
    facts: Facts,
    grids: dict[str, Any],
    changed: Collection[str],
) -> int:
    """The total for `facts`, a copy of the scored profile's facts with only `changed` different;
    `reads` is what each group read when the profile was scored (see `score`): groups that
    read none of `changed` keep their subtotal."""
    subtotals = 0
    for name, group in GROUPS:
        if reads[name].isdisjoint(changed):
            subtotals += scored[name]["subtotal"]
        else:
            subtotals += group(facts, grids)["subtotal"]
    return min(1200, subtotals)


def total(facts: Facts, grids: dict[str, Any]) -> int:
    return score(facts, grids)["total"]
