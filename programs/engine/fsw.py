"""The Federal Skilled Worker selection grid (six factors out of 100, pass mark from the grid)."""

from __future__ import annotations

from typing import Any

from .bands import band_points, summed_points
from .facts import Facts


def _adaptability(facts: Facts, grid: Any) -> int:
    items = grid.adaptability
    spouse = facts.with_spouse
    points = 0
    if (
        spouse
        and facts.spouse_levels
        and facts.spouse_levels.lowest >= items.spouse_language_min_clb
    ):
        points += items.spouse_language
    if facts.canadian_education == "three_year_or_more":
        points += items.study_in_canada
    if spouse and facts.spouse_canadian_education == "three_year_or_more":
        points += items.spouse_study_in_canada
    if facts.canadian_years >= 1:
        points += items.work_in_canada
    if spouse and facts.spouse_canadian_years >= 1:
        points += items.spouse_work_in_canada
    if facts.offer is not None and facts.offer.qualifies_for_fsw:
        points += items.arranged_employment
    if facts.relative_in_canada or facts.sibling_in_canada:
        points += items.relative
    return min(items.cap, points)


def score(facts: Facts, grids: dict[str, Any]) -> dict[str, Any]:
    grid = grids["fsw_grid"]
    language = 0
    if facts.first is not None:
        language = summed_points(grid.first_language, facts.first)
    if facts.second is not None and facts.second.lowest >= grid.second_language_min_clb:
        language += grid.second_language_points
    offer = facts.offer
    factors = {
        "language": language,
        "education": grid.education[facts.education],
        "experience": band_points(grid.experience, facts.fsw_years),
        "age": band_points(grid.age, facts.age),
        "arranged_employment": grid.arranged_employment
        if offer is not None and offer.qualifies_for_fsw
        else 0,
        "adaptability": _adaptability(facts, grid),
    }
    total = sum(factors.values())
    return {
        "total": total,
        "pass_mark": grid.pass_mark,
        "passes": total >= grid.pass_mark,
        "factors": factors,
    }
