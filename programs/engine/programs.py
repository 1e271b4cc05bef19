"""Program by program eligibility and Express Entry category-based selection."""

from __future__ import annotations

from typing import Any

from .criteria import Context, evaluate, worked
from .experience import MONTH_UNITS, has_continuous_run
from .messages import render
from .rules import CategoryRules, ProgramRules

ALL_TEERS = frozenset(range(6))
EXPRESS_ENTRY_PROGRAMS = ("express-entry-fsw", "express-entry-cec", "express-entry-fst")


def outcome_of(statuses: list[bool | None], program_status: str) -> str:
    if program_status == "closed":
        return "closed"
    if False in statuses:
        return "not_eligible"
    if None in statuses or program_status == "paused":
        return "needs_review"
    return "eligible"


def _evaluate_program(program: ProgramRules, ctx: Context, explain: bool) -> dict[str, Any]:
    criteria = []
    statuses: list[bool | None] = []
    # A closed program's outcome is known; its criteria are worked out only to be shown.
    rules = program.criteria if explain or program.status != "closed" else ()
    for rule in rules:
        verdict = evaluate(rule.kind, rule.params, ctx)
        statuses.append(verdict.met)
        if explain:
            criteria.append(
                {
                    "code": rule.code,
                    "kind": rule.kind,
                    "met": verdict.met,
                    "message": render(verdict.key, ctx.language, **verdict.values),
                    "requirement": rule.requirement.get(ctx.language)
                    or rule.requirement.get("en", ""),
                }
            )
    if explain and program.status in ("paused", "closed"):
        note = program.status_note.get(ctx.language) or program.status_note.get("en", "")
        criteria.insert(
            0,
            {
                "code": "program_status",
                "kind": "program_status",
                "met": None if program.status == "paused" else False,
                "message": render(f"status.{program.status}", ctx.language, note=note),
                "requirement": "",
            },
        )
    return {
        "slug": program.slug,
        "name": program.name.get(ctx.language) or program.name.get("en", program.slug),
        "jurisdiction": program.jurisdiction,
        "kind": program.kind,
        "status": program.status,
        "outcome": outcome_of(statuses, program.status),
        "criteria": criteria,
        "official_url": program.official_url,
        "rules_verified_on": program.rules_verified_on.isoformat()
        if program.rules_verified_on
        else None,
    }


def evaluate_programs(ctx: Context, *, explain: bool = True) -> list[dict[str, Any]]:
    """Every program in position order; Express Entry programs are decided first (others use them)."""
    ctx.explain = explain
    ordered = sorted(ctx.rules.programs, key=lambda program: program.kind != "express_entry")
    results = {}
    for program in ordered:
        result = _evaluate_program(program, ctx, explain)
        ctx.outcomes[program.slug] = result["outcome"]
        results[program.slug] = result
    return [results[program.slug] for program in ctx.rules.programs]


def _category_experience(category: CategoryRules, ctx: Context) -> tuple[bool, int]:
    jobs, units = worked(
        ctx,
        where="canada" if category.in_canada_only else "any",
        teers=ALL_TEERS,
        occupation_list=category.occupation_list,
        exclude_self_employed=False,
        exclude_student=True,
        window_years=category.window_years,
    )
    as_of = ctx.facts.as_of
    months = int((units + 1e-6) // MONTH_UNITS)
    if category.continuous:
        return has_continuous_run(
            jobs, as_of, category.window_years, category.min_experience_months
        ), months
    return months >= category.min_experience_months, months


def evaluate_category(
    category: CategoryRules, ctx: Context, in_express_entry: bool | None
) -> dict[str, Any]:
    language = ctx.language
    if category.kind == "french":
        french = ctx.facts.levels_in("fr")
        required = category.min_nclc or 7
        if french is None:
            met, key, values = False, "category.french_none", {"required": required}
        else:
            met = french.lowest >= required
            key = "category.french_met" if met else "category.french_low"
            values = {"actual": french.lowest if not met else required, "required": required}
    else:
        met, months = _category_experience(category, ctx)
        where = (
            {"en": " in Canada", "fr": " au Canada"}[language] if category.in_canada_only else ""
        )
        continuous = (
            {"en": ", continuous", "fr": " continu"}[language] if category.continuous else ""
        )
        key = "category.experience_met" if met else "category.experience_low"
        values = {
            "months": months,
            "required": category.min_experience_months,
            "window": category.window_years,
            "where": where,
            "continuous": continuous,
        }
    qualifies: bool | None = met
    if met and not in_express_entry:
        qualifies = None if in_express_entry is None else False
    reason = ""
    if ctx.explain:
        reason = render(key, language, **values)
        if met and not in_express_entry:
            reason += " " + render("category.not_ee", language)
    return {
        "slug": category.slug,
        "name": category.name.get(language) or category.name.get("en", category.slug),
        "qualifies": qualifies,
        "reason": reason,
        "draw_name": category.draw_name,
    }


def evaluate_categories(ctx: Context) -> list[dict[str, Any]]:
    outcomes = [ctx.outcomes.get(slug) for slug in EXPRESS_ENTRY_PROGRAMS]
    in_pool: bool | None = "eligible" in outcomes or (None if "needs_review" in outcomes else False)
    return [evaluate_category(category, ctx, in_pool) for category in ctx.rules.categories]
