"""The scoring engine: profile + rule set -> result. Pure: no ORM, no settings, no clock.

    result = assess(parse_profile(text), rules, language="fr")

`rules` is a `RuleSet` for the profile's `as_of` (see programs.loader.load_rules); the caller
decides `as_of` (the profile's own, or today in America/Toronto) before loading the rules.
"""

from __future__ import annotations

from typing import Any

from . import crs, fsw, kinds  # noqa: F401  (kinds: defining the kind classes registers them)
from .criteria import Context
from .errors import ProfileError, RuleError
from .facts import Recording, derive_facts
from .messages import MESSAGES, render
from .profile import Profile, check_profile, parse_profile
from .programs import checks_in_order, evaluate_categories, evaluate_programs
from .rules import RuleSet
from .suggestions import GridReads, suggest

__all__ = ["ProfileError", "RuleError", "RuleSet", "assess", "parse_profile"]


def assess(
    profile: Profile, rules: RuleSet, *, language: str = "en", suggestions: bool = True
) -> dict[str, Any]:
    """Score one profile with the rules of `rules.as_of`; raises ProfileError for bad input.

    The result is plain data (dicts, lists, strings, numbers), built afresh for each call.
    """
    check_profile(profile, rules.as_of)
    facts = derive_facts(profile, rules)
    grids = rules.grids
    # Suggestions re-score only what their changes touch: record what the grids read.
    crs_reads: dict[str, frozenset[str]] | None = {} if suggestions else None
    crs_result = crs.score(facts, grids, crs_reads)
    fsw_facts = Recording(facts) if suggestions else facts
    fsw_result = fsw.score(fsw_facts, grids)  # type: ignore[arg-type]  (reads facts as Facts)
    ctx = Context(facts, rules, crs_result["total"], fsw_result, language, checks_in_order(rules))
    programs = evaluate_programs(ctx)
    result: dict[str, Any] = {
        "as_of": rules.as_of.isoformat(),
        "language": language,
        "rules": {"grids": rules.grid_versions},
        "age": facts.age,
        "clb": {
            "first": facts.first.as_dict() if facts.first else None,
            "second": facts.second.as_dict() if facts.second else None,
            "spouse": facts.spouse_levels.as_dict() if facts.spouse_levels else None,
        },
        "experience_years": {
            "canadian": facts.canadian_years,
            "foreign": facts.foreign_years,
            "fsw": facts.fsw_years,
            "spouse_canadian": facts.spouse_canadian_years,
        },
        "crs": crs_result,
        "fsw": fsw_result,
        "programs": programs,
        "categories": evaluate_categories(ctx),
        "notes": [render(note, language) for note in facts.notes if note in MESSAGES],
    }
    if suggestions:
        names = {p["slug"]: p["name"] for p in programs} | {
            c["slug"]: c["name"] for c in result["categories"]
        }
        qualifying = {c["slug"] for c in result["categories"] if c["qualifies"]}
        grid_reads = GridReads(crs_reads or {}, frozenset(getattr(fsw_facts, "read", ())))
        result["suggestions"] = suggest(facts, ctx, crs_result, grid_reads, names, qualifying)
    return result
