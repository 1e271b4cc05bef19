"""Program by program eligibility and Express Entry category-based selection.

Programs and categories are compiled once per rule set and language (`compiled.per_rule_set`):
each criterion becomes a measure (the figures it reads from a profile) and a cache of judged
verdicts, each with the criterion entry the result shows, keyed by those figures. Scoring a
profile then costs one measure and one dictionary look-up per criterion in the common case, and
results with the same figures share the entry.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial
from typing import Any

from .compiled import BoundedCache, per_rule_set
from .criteria import (
    Context,
    WorkQuestion,
    compile_check,
    continuous_run,
    depends,
    work_question,
    worked,
)
from .experience import MONTH_UNITS
from .messages import CONTINUOUS, WHERE_NAMES, render
from .rules import CategoryRules, ProgramRules, RuleSet

ALL_TEERS = frozenset(range(6))
EXPRESS_ENTRY_PROGRAMS = ("express-entry-fsw", "express-entry-cec", "express-entry-fst")
CACHE_LIMIT = 20_000  # judged verdicts kept per criterion or category


def outcome_of(statuses: list[bool | None], program_status: str) -> str:
    if program_status == "closed":
        return "closed"
    if False in statuses:
        return "not_eligible"
    if None in statuses or program_status == "paused":
        return "needs_review"
    return "eligible"


@dataclass(slots=True)
class Check:
    """One criterion of one program, compiled: `run(ctx)` gives (met, the entry shown).

    Verdicts are cached by the figures measured, so each distinct set of figures (an age, a level,
    months of work) is judged and its message rendered once per rule set and language.
    """

    code: str
    kind: str
    requirement: str
    measure: Callable[[Context], Any]
    judge: Callable[[Any], Any]
    language: str
    depends: frozenset[str]
    cache: BoundedCache

    def run(self, ctx: Context) -> tuple[bool | None, dict[str, Any]]:
        figures = self.measure(ctx)
        return self.cache.get(figures) or self.judged(figures)

    def judged(self, figures: Any) -> tuple[bool | None, dict[str, Any]]:
        """(met, the criterion as the result shows it), cached: results share these dicts."""
        verdict = self.judge(figures)
        entry = {
            "code": self.code,
            "kind": self.kind,
            "met": verdict.met,
            "message": render(verdict.key, self.language, **verdict.values),
            "requirement": self.requirement,
        }
        return self.cache.put(figures, (verdict.met, entry))


@dataclass(slots=True)
class CompiledProgram:
    slug: str
    name: str
    jurisdiction: str
    kind: str
    status: str
    official_url: str
    rules_verified_on: str | None
    checks: tuple[Check, ...]
    status_entry: dict[str, Any] | None  # the paused / closed notice shown first
    depends: frozenset[str]  # facts (and "@crs", "@fsw", "@outcomes") any criterion reads


@dataclass(slots=True)
class CompiledCategory:
    rules: CategoryRules
    name: str
    run: Callable[[Context], tuple[bool | None, str]]  # (met, or None: not settled; reason)
    depends: frozenset[str]


@dataclass(slots=True)
class Compiled:
    programs: tuple[CompiledProgram, ...]  # position order, as shown
    ordered: tuple[CompiledProgram, ...]  # Express Entry first: other programs read their outcomes
    categories: tuple[CompiledCategory, ...]
    not_ee: str  # "category rounds invite only people eligible for Express Entry"


def _shared_cache(
    caches: dict[tuple[str, ...], BoundedCache], rule: Any, requirement: str
) -> BoundedCache:
    """One verdict cache for every criterion of the rule set with the same kind and parameters.

    A verdict depends only on the kind, the parameters, the language and the figures, so the
    programs sharing a criterion (settlement funds, living outside Quebec) share its verdicts:
    a figure judged for one program (funds are nearly unique per profile) is found by the others.
    The cached entry also shows the code and requirement, so these are part of the key.
    """
    key = (rule.kind, rule.params.model_dump_json(), rule.code, requirement)
    cache = caches.get(key)
    if cache is None:
        cache = caches[key] = BoundedCache(CACHE_LIMIT)
    return cache


def _compile_program(
    program: ProgramRules,
    rules: RuleSet,
    language: str,
    caches: dict[tuple[str, ...], BoundedCache],
) -> CompiledProgram:
    checks = []
    reads: set[str] = set()
    for rule in program.criteria:
        measure, judge = compile_check(rule.kind, rule.params, rules, language)
        requirement = rule.requirement.get(language) or rule.requirement.get("en", "")
        reading = depends(rule.kind, rule.params)
        cache = _shared_cache(caches, rule, requirement)
        checks.append(
            Check(rule.code, rule.kind, requirement, measure, judge, language, reading, cache)
        )
        reads |= reading
    status_entry = None
    if program.status in ("paused", "closed"):
        note = program.status_note.get(language) or program.status_note.get("en", "")
        status_entry = {
            "code": "program_status",
            "kind": "program_status",
            "met": None if program.status == "paused" else False,
            "message": render(f"status.{program.status}", language, note=note),
            "requirement": "",
        }
    return CompiledProgram(
        slug=program.slug,
        name=program.name.get(language) or program.name.get("en", program.slug),
        jurisdiction=program.jurisdiction,
        kind=program.kind,
        status=program.status,
        official_url=program.official_url,
        rules_verified_on=program.rules_verified_on.isoformat()
        if program.rules_verified_on
        else None,
        checks=tuple(checks),
        status_entry=status_entry,
        depends=frozenset(reads),
    )


def compiled(rules: RuleSet, language: str) -> Compiled:
    """Programs and categories of `rules`, compiled for `language` (built once, then shared)."""

    def build() -> Compiled:
        caches: dict[tuple[str, ...], BoundedCache] = {}
        programs = tuple(_compile_program(p, rules, language, caches) for p in rules.programs)
        return Compiled(
            programs=programs,
            ordered=tuple(sorted(programs, key=lambda program: program.kind != "express_entry")),
            categories=tuple(_compile_category(c, rules, language) for c in rules.categories),
            not_ee=render("category.not_ee", language),
        )

    sources = (rules.programs, rules.categories, rules.occupation_lists, rules.grids)
    return per_rule_set(rules, f"programs:{language}", sources, build)


def _trial_outcome(
    program: CompiledProgram, ctx: Context, base: list[bool | None], changed: Collection[str]
) -> str:
    """The outcome with only the criteria reading a changed fact worked out again."""
    if program.status == "closed":
        return "closed"  # known without its criteria
    for check, met in zip(program.checks, base, strict=True):
        if met is False and check.depends.isdisjoint(changed):
            return "not_eligible"  # a requirement the change leaves unmet
    unknown = False
    for check, met in zip(program.checks, base, strict=True):
        if not check.depends.isdisjoint(changed):
            met = check.run(ctx)[0]
        if met is False:
            return "not_eligible"
        if met is None:
            unknown = True
    return "needs_review" if unknown or program.status == "paused" else "eligible"


def _explained_program(program: CompiledProgram, ctx: Context) -> dict[str, Any]:
    criteria = []
    statuses = []
    for check in program.checks:
        figures = check.measure(ctx)  # check.run(ctx), inlined: this runs for every criterion
        met, entry = check.cache.get(figures) or check.judged(figures)
        statuses.append(met)
        criteria.append(entry)
    ctx.mets[program.slug] = statuses
    if program.status_entry is not None:
        criteria.insert(0, program.status_entry)
    return {
        "slug": program.slug,
        "name": program.name,
        "jurisdiction": program.jurisdiction,
        "kind": program.kind,
        "status": program.status,
        "outcome": outcome_of(statuses, program.status),
        "criteria": criteria,
        "official_url": program.official_url,
        "rules_verified_on": program.rules_verified_on,
    }


def evaluate_programs(ctx: Context) -> list[dict[str, Any]]:
    """Every program in position order, each criterion explained; sets ctx.outcomes.

    Express Entry programs are decided first (other programs read their outcomes).
    """
    compiled_rules = compiled(ctx.rules, ctx.language)
    results = {}
    for program in compiled_rules.ordered:
        result = _explained_program(program, ctx)
        ctx.outcomes[program.slug] = result["outcome"]
        results[program.slug] = result
    return [results[program.slug] for program in compiled_rules.programs]


def trial_outcomes(ctx: Context, scored: Context, changed: Collection[str]) -> dict[str, str]:
    """Outcomes for a changed copy of a profile already scored in `scored`, in evaluation order.

    Only the criteria reading a changed fact (or an outcome that moved) are worked out again; the
    others keep their verdict. `changed` names facts and "@crs" / "@fsw" when those moved.
    """
    before = scored.outcomes
    outcomes = ctx.outcomes
    for program in compiled(ctx.rules, ctx.language).ordered:
        slug = program.slug
        if program.depends.isdisjoint(changed):
            outcome = before[slug]
        else:
            outcome = _trial_outcome(program, ctx, scored.mets[slug], changed)
            if outcome != before[slug] and "@outcomes" not in changed:
                changed = {*changed, "@outcomes"}  # programs read later see the new outcome
        outcomes[slug] = outcome
    return outcomes


# --- Express Entry categories ---------------------------------------------------------------


def _compile_category(category: CategoryRules, rules: RuleSet, language: str) -> CompiledCategory:
    name = category.name.get(language) or category.name.get("en", category.slug)
    if category.kind == "french":
        required = category.min_nclc or 7

        def measure(ctx: Context) -> int | None:
            french = ctx.facts.levels_in("fr")
            return None if french is None else french.lowest

        def judge(lowest: int | None) -> tuple[bool, str]:
            if lowest is None:
                return False, render("category.french_none", language, required=required)
            met = lowest >= required
            key = "category.french_met" if met else "category.french_low"
            actual = lowest if not met else required
            return met, render(key, language, actual=actual, required=required)

        reads = frozenset({"first", "first_language", "second", "second_language"})
    else:
        where = f" {WHERE_NAMES[language]['canada']}" if category.in_canada_only else ""
        continuous = CONTINUOUS[language] if category.continuous else ""

        def question_for(occupation_list: str | None) -> WorkQuestion:
            return work_question(
                rules,
                where="canada" if category.in_canada_only else "any",
                teers=ALL_TEERS,
                occupation_list=occupation_list,
                exclude_self_employed=False,
                exclude_student=True,
                window_years=category.window_years,
            )

        unsettled = question_for(category.unsettled_list) if category.unsettled_list else None
        measure = partial(
            _category_experience, category, question_for(category.occupation_list), unsettled
        )

        def judge(figures: tuple[bool, int, bool, bool]) -> tuple[bool | None, str]:
            met, months, unsettled_met, has_offer = figures
            values = {
                "months": months,
                "required": category.min_experience_months,
                "window": category.window_years,
                "where": where,
                "continuous": continuous,
            }
            if not met and unsettled_met:
                return None, render("category.list_unsettled", language, **values)
            if met and category.needs_caf_offer:
                key = "category.caf_offer_check" if has_offer else "category.caf_offer_none"
                return (None if has_offer else False), render(key, language, **values)
            key = "category.experience_met" if met else "category.experience_low"
            return met, render(key, language, **values)

        reads = frozenset({"jobs"})
    cache = BoundedCache(CACHE_LIMIT)

    def run(ctx: Context) -> tuple[bool | None, str]:
        figures = measure(ctx)
        hit = cache.get(figures)
        return hit if hit is not None else cache.put(figures, judge(figures))

    return CompiledCategory(rules=category, name=name, run=run, depends=reads)


def _category_experience(
    category: CategoryRules, question: WorkQuestion, unsettled: WorkQuestion | None, ctx: Context
) -> tuple[bool, int, bool, bool]:
    """(met, months, would be met in the unsettled occupations, holds a job offer)."""
    months = int(worked(ctx, question)[1] // MONTH_UNITS)
    if category.continuous:
        met = continuous_run(ctx, question, category.min_experience_months)
    else:
        met = months >= category.min_experience_months
    unsettled_met = (
        unsettled is not None
        and not met
        and int(worked(ctx, unsettled)[1] // MONTH_UNITS) >= category.min_experience_months
    )
    return met, months, unsettled_met, ctx.facts.offer is not None


def in_express_entry(outcomes: dict[str, str]) -> bool | None:
    """Eligible for an Express Entry program (True), maybe (None) or not (False)."""
    found = [outcomes.get(slug) for slug in EXPRESS_ENTRY_PROGRAMS]
    return "eligible" in found or (None if "needs_review" in found else False)


def _qualifies(met: bool, in_pool: bool | None) -> bool | None:
    if met and not in_pool:
        return None if in_pool is None else False
    return met


def evaluate_categories(ctx: Context) -> list[dict[str, Any]]:
    """Every category in force, with the reason; reads the Express Entry outcomes in ctx."""
    in_pool = in_express_entry(ctx.outcomes)
    results = []
    compiled_rules = compiled(ctx.rules, ctx.language)
    for category in compiled_rules.categories:
        met, reason = category.run(ctx)
        ctx.category_mets.append(met)
        if met and not in_pool:
            reason = f"{reason} {compiled_rules.not_ee}"
        results.append(
            {
                "slug": category.rules.slug,
                "name": category.name,
                "qualifies": _qualifies(met, in_pool),
                "reason": reason,
                "draw_name": category.rules.draw_name,
            }
        )
    return results


def trial_categories(ctx: Context, scored: Context, changed: Collection[str]) -> set[str]:
    """Slugs of the categories a changed copy of a scored profile qualifies for.

    Reads the trial's Express Entry outcomes in `ctx`; a category reading none of the `changed`
    facts keeps the requirement verdict it had in `scored`.
    """
    if not in_express_entry(ctx.outcomes):
        return set()  # only someone in the Express Entry pool qualifies for a category
    categories = compiled(ctx.rules, ctx.language).categories
    return {
        category.rules.slug
        for category, met in zip(categories, scored.category_mets, strict=True)
        if (met if category.depends.isdisjoint(changed) else category.run(ctx)[0])
    }
