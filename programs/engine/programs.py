"""Program by program eligibility and Express Entry category-based selection.

Each criterion is evaluated by its kind (`criteria.KINDS`, classes in `kinds.py`) and shown with
its message and the requirement the applicant reads. Suggestion trials re-evaluate only the
criteria whose kind declares a fact the trial changed (`trial_outcomes`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .criteria import (
    LANGUAGE_FACTS,
    Context,
    Judged,
    Reading,
    reading_class,
    render_verdict,
    requirement_text,
)
from .criteria_params import references
from .experience import MONTH_UNITS, has_continuous_run, select_jobs, units_in_window
from .messages import CONTINUOUS, WHERE_NAMES, render
from .rules import CategoryRules, CriterionRule, ProgramRules, RuleSet
from .verdicts import VerdictCache

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


@dataclass(slots=True)
class ProgramChecks:
    """A program's criteria ready to judge (`criteria.Judged`), kept in the rule set's verdict
    cache, what any of them reads (a trial changing none of it keeps the outcome), and the
    program's status notice in each language."""

    program: ProgramRules
    judged: list[Judged]
    reads: frozenset[str]
    status_entries: dict[str, dict[str, Any]]  # language -> notice (paused / closed programs)

    @classmethod
    def of(cls, program: ProgramRules) -> ProgramChecks:
        judged = [Judged.of(rule.kind, rule.params) for rule in program.criteria]
        return cls(program, judged, frozenset().union(*(one.reads for one in judged)), {})

    def status_entry(self, language: str) -> dict[str, Any]:
        """The paused / closed notice shown before the criteria."""
        found = self.status_entries.get(language)
        if found is None:
            program = self.program
            note = program.status_note.get(language) or program.status_note.get("en", "")
            found = self.status_entries[language] = {
                "code": "program_status",
                "kind": "program_status",
                "met": None if program.status == "paused" else False,
                "message": render(f"status.{program.status}", language, note=note),
                "requirement": "",
            }
        return found


def checks_in_order(rules: RuleSet) -> list[ProgramChecks]:
    """The programs' checks, Express Entry programs first (other programs read their outcomes),
    from the rule set's verdict cache (built on first use)."""
    cache = rules.verdict_cache()
    if cache.programs is None:
        in_order = sorted(rules.programs, key=lambda program: program.kind != "express_entry")
        cache.programs = [ProgramChecks.of(program) for program in in_order]
    return cache.programs


def _named(rules: RuleSet, program: ProgramRules) -> list[Any]:
    """What the rule set holds under the names a program's criteria use (occupation lists and
    other programs, `any_of` options included): all a criterion reads of the rules besides its
    own parameters and the grids."""
    names = {p.slug: p.name for p in rules.programs}
    found = []
    for rule in program.criteria:
        for _, target, value in references(rule.params):
            held = rules.occupation_lists if target == "occupation_list" else names
            found.append(held.get(value))
    return found


def share_judged(rules: RuleSet, earlier: RuleSet) -> None:
    """Start `rules` (a new interval of a rules version) with what `earlier` judged, where
    nothing it depends on differs: with the same grids, an equal program whose criteria name
    equal lists and programs keeps its judged criteria, and equal categories on equal lists
    keep their entries. Rules change a few programs at a time, so the days of a new interval
    need not judge again what the other programs already judged."""
    if rules.grids != earlier.grids:
        return
    theirs = {checks.program.slug: checks for checks in checks_in_order(earlier)}
    mine = checks_in_order(rules)
    for index, checks in enumerate(mine):
        found = theirs.get(checks.program.slug)
        if (
            found is not None
            and found.program == checks.program
            and _named(rules, checks.program) == _named(earlier, checks.program)
        ):
            mine[index] = found
    lists = {c.occupation_list for c in rules.categories} | {
        c.unsettled_list for c in rules.categories
    }
    lists.discard(None)
    if rules.categories == earlier.categories and all(
        rules.occupation_lists.get(slug) == earlier.occupation_lists.get(slug) for slug in lists
    ):
        rules.verdict_cache().categories = earlier.verdict_cache().categories


def _judged(rule: CriterionRule, slot: Judged, ctx: Context) -> tuple[bool | None, dict[str, Any]]:
    """(met, the criterion as the result shows it), from the cache when the facts its kind
    reads, or the verdict it gives, have been seen before (results then share the entry)."""
    language = ctx.language
    key = None
    if slot.key_of is not None:
        key = (language, slot.key_of(ctx))
        found = slot.entries.get(key)
        if found is not None:
            return found
    verdict = slot.kind.evaluate(slot.reading(ctx), rule.params)
    # The entry depends on the verdict alone: criteria reading facts unique to each applicant
    # (work history, funds) still give few distinct verdicts, so entries are kept by verdict.
    said = (language, verdict.met, verdict.key, *verdict.values.items())
    judged = slot.shown.get(said)
    if judged is None:
        entry = {
            "code": rule.code,
            "kind": rule.kind,
            "met": verdict.met,
            "message": render_verdict(verdict, language),
            "requirement": requirement_text(
                rule.kind, rule.params, rule.requirement, ctx.rules, language
            ),
        }
        judged = VerdictCache.put(slot.shown, said, (verdict.met, entry))
    return judged if key is None else VerdictCache.put(slot.entries, key, judged)


def _explained_program(checks: ProgramChecks, ctx: Context) -> dict[str, Any]:
    program = checks.program
    language = ctx.language
    criteria = []
    statuses = []
    for rule, slot in zip(program.criteria, checks.judged, strict=True):
        # _judged(rule, slot, ctx), with the cache look-up inlined: it runs for every criterion
        found = slot.entries.get((language, slot.key_of(ctx))) if slot.key_of else None
        met, entry = found or _judged(rule, slot, ctx)
        statuses.append(met)
        criteria.append(entry)
    ctx.mets[program.slug] = statuses
    if program.status in ("paused", "closed"):
        criteria.insert(0, checks.status_entry(language))
    verified = program.rules_verified_on
    return {
        "slug": program.slug,
        "name": program.name.get(language) or program.name.get("en", program.slug),
        "jurisdiction": program.jurisdiction,
        "kind": program.kind,
        "status": program.status,
        "outcome": outcome_of(statuses, program.status),
        "criteria": criteria,
        "official_url": program.official_url,
        "rules_verified_on": verified.isoformat() if verified else None,
    }


def evaluate_programs(ctx: Context) -> list[dict[str, Any]]:
    """Every program in position order, each criterion explained; sets ctx.outcomes.

    Express Entry programs are decided first (other programs read their outcomes).
    """
    results = {}
    for checks in ctx.checks:
        result = results[checks.program.slug] = _explained_program(checks, ctx)
        ctx.outcomes[checks.program.slug] = result["outcome"]
    return [results[program.slug] for program in ctx.rules.programs]


def _trial_outcome(
    checks: ProgramChecks, ctx: Context, base: list[bool | None], changed: Collection[str]
) -> str:
    """The outcome with only the criteria reading a changed fact worked out again."""
    program = checks.program
    if program.status == "closed":
        return "closed"  # known without its criteria
    moved = [index for index, one in enumerate(checks.judged) if not one.reads.isdisjoint(changed)]
    kept = list(base)  # the verdicts the change leaves as they were
    for index in moved:
        kept[index] = True  # worked out again below
    if False in kept:
        return "not_eligible"  # a requirement the change leaves unmet
    unknown = None in kept
    for index in moved:
        met = _judged(program.criteria[index], checks.judged[index], ctx)[0]
        if met is False:
            return "not_eligible"
        unknown = unknown or met is None
    return "needs_review" if unknown or program.status == "paused" else "eligible"


def trial_outcomes(ctx: Context, scored: Context, changed: Collection[str]) -> dict[str, str]:
    """Outcomes for a changed copy of a profile already scored in `scored`, in evaluation order.

    Only the criteria reading a changed fact (or an outcome that moved) are worked out again; the
    others keep their verdict. `changed` names facts, and "@crs" / "@fsw" when those moved.
    """
    before = scored.outcomes
    outcomes = ctx.outcomes
    for checks in ctx.checks:
        slug = checks.program.slug
        if checks.reads.isdisjoint(changed):
            outcome = before[slug]  # none of its criteria reads what changed
        else:
            outcome = _trial_outcome(checks, ctx, scored.mets[slug], changed)
        if outcome != before[slug] and "@outcomes" not in changed:
            changed = {*changed, "@outcomes"}  # programs read later see the new outcome
        outcomes[slug] = outcome
    return outcomes


# --- Express Entry categories ---------------------------------------------------------------

CategoryVerdict = tuple[bool | None, str, dict[str, Any]]  # (met, or None: not settled; message)
# The facts each kind of category reads (given to it through a Reading, which refuses others).
CATEGORY_READS = {
    "french": LANGUAGE_FACTS,
    "occupation": frozenset({"jobs", "as_of", "offer"}),
}
CATEGORY_READINGS = {kind: reading_class(reads) for kind, reads in CATEGORY_READS.items()}


def _french_category(category: CategoryRules, facts: Reading) -> CategoryVerdict:
    required = category.min_nclc or 7
    french = facts.levels_in("fr")
    if french is None:
        return False, "category.french_none", {"required": required}
    met = french.lowest >= required
    key = "category.french_met" if met else "category.french_low"
    return met, key, {"actual": french.lowest if not met else required, "required": required}


def _months(category: CategoryRules, occupation_list: str | None, facts: Reading) -> tuple:
    """(the jobs the category counts in these occupations, their whole months in its window)."""
    codes = facts.rules.occupation_list(occupation_list) if occupation_list else None
    jobs = select_jobs(
        facts.jobs,
        where="canada" if category.in_canada_only else "any",
        teers=ALL_TEERS,
        codes=codes,
        exclude_self_employed=False,
        exclude_student=True,
    )
    units = units_in_window(jobs, facts.as_of, category.window_years) if jobs else 0
    return jobs, int(units // MONTH_UNITS)


def _occupation_category(category: CategoryRules, facts: Reading) -> CategoryVerdict:
    language = facts.language
    jobs, months = _months(category, category.occupation_list, facts)
    required = category.min_experience_months
    if category.continuous:
        met = bool(jobs) and has_continuous_run(jobs, facts.as_of, category.window_years, required)
    else:
        met = months >= required
    values = {
        "months": months,
        "required": required,
        "window": category.window_years,
        "where": f" {WHERE_NAMES[language]['canada']}" if category.in_canada_only else "",
        "continuous": CONTINUOUS[language] if category.continuous else "",
    }
    # Not settled when it would be met in the widest list the category may have.
    if (
        not met
        and category.unsettled_list
        and _months(category, category.unsettled_list, facts)[1] >= required
    ):
        return None, "category.list_unsettled", values
    if met and category.needs_caf_offer:
        if facts.offer is not None:
            return None, "category.caf_offer_check", values
        return False, "category.caf_offer_none", values
    return met, "category.experience_met" if met else "category.experience_low", values


def _category_verdict(category: CategoryRules, ctx: Context) -> CategoryVerdict:
    facts = CATEGORY_READINGS[category.kind](ctx)
    if category.kind == "french":
        return _french_category(category, facts)
    return _occupation_category(category, facts)


def in_express_entry(outcomes: dict[str, str]) -> bool | None:
    """Eligible for an Express Entry program (True), maybe (None) or not (False)."""
    found = [outcomes.get(slug) for slug in EXPRESS_ENTRY_PROGRAMS]
    return "eligible" in found or (None if "needs_review" in found else False)


def _qualifies(met: bool | None, in_pool: bool | None) -> bool | None:
    if met and not in_pool:
        return None if in_pool is None else False
    return met


def evaluate_categories(ctx: Context) -> list[dict[str, Any]]:
    """Every category in force, with the reason; reads the Express Entry outcomes in ctx."""
    language = ctx.language
    in_pool = in_express_entry(ctx.outcomes)
    # An entry depends on the category, the verdict and the pool alone: applicants with the same
    # months in a category share it (kept in the rule set's verdict cache).
    shown = ctx.rules.verdict_cache().categories
    results = []
    for category in ctx.rules.categories:
        met, key, values = _category_verdict(category, ctx)
        ctx.category_mets.append(met)
        said = (category.slug, language, in_pool, met, key, *values.items())
        entry = shown.get(said)
        if entry is None:
            entry = VerdictCache.put(
                shown, said, _category_entry(category, language, met, key, values, in_pool)
            )
        results.append(entry)
    return results


def _category_entry(
    category: CategoryRules,
    language: str,
    met: bool | None,
    key: str,
    values: dict[str, Any],
    in_pool: bool | None,
) -> dict[str, Any]:
    reason = render(key, language, **values)
    if met and not in_pool:
        reason = f"{reason} {render('category.not_ee', language)}"
    return {
        "slug": category.slug,
        "name": category.name.get(language) or category.name.get("en", category.slug),
        "qualifies": _qualifies(met, in_pool),
        "reason": reason,
        "draw_name": category.draw_name,
    }


def trial_categories(ctx: Context, scored: Context, changed: Collection[str]) -> set[str]:
    """Slugs of the categories a changed copy of a scored profile qualifies for.

    Reads the trial's Express Entry outcomes in `ctx`; a category reading none of the `changed`
    facts keeps the requirement verdict it had in `scored`.
    """
    if not in_express_entry(ctx.outcomes):
        return set()  # only someone in the Express Entry pool qualifies for a category
    return {
        category.slug
        for category, met in zip(ctx.rules.categories, scored.category_mets, strict=True)
        if (
            met
            if CATEGORY_READS[category.kind].isdisjoint(changed)
            else _category_verdict(category, ctx)[0]
        )
    }
