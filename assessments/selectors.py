"""Reads for the public result page: the result in the page's language, and how an applicant
compares with recent Express Entry rounds.

`draws_comparison` makes one query (the rounds of the period, each with the category it belongs
to); which of them the applicant could have been invited in is decided by the pure
`compare_draws`, from the programs and categories of the applicant's scored result.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, Subquery

from programs.engine import ProfileError, RuleError, assess, parse_profile
from programs.models import ExpressEntryCategory, ExpressEntryDraw
from programs.scoring import RulesByDay

from .outlook import add_months

WINDOW_MONTHS = 12
GENERAL_ROUNDS = frozenset({"no_program_specified", "general"})
PROGRAM_ROUNDS = {
    "cec": "express-entry-cec",
    "fsw": "express-entry-fsw",
    "fst": "express-entry-fst",
}
PNP_ROUND = "pnp"
EXPRESS_ENTRY_PROGRAMS = frozenset(PROGRAM_ROUNDS.values())


@dataclass(frozen=True)
class Draw:
    """A round as the comparison needs it; `category_slug` is set for category-based rounds."""

    round: int
    day: date
    category: str  # the round's code in the draws file: cec, pnp, stem, no_program_specified...
    draw_name: str
    invitations: int
    cutoff: int
    category_slug: str = ""
    category_name: dict[str, str] | None = None


@dataclass(frozen=True)
class ComparedDraw:
    draw: Draw
    kind: str  # general / program / pnp / category
    key: str  # program or category slug ("" for general and PNP rounds)
    within: bool  # cut-off at or below the applicant's CRS
    to_confirm: bool = False  # counted only if an advisor settles the open points of eligibility


@dataclass(frozen=True)
class DrawsComparison:
    crs: int
    since: date  # exclusive
    until: date  # inclusive
    rounds_held: int  # every round of the period, invitable or not
    in_pool: bool | None  # eligible for an Express Entry program (None: to review)
    rows: tuple[ComparedDraw, ...]  # the rounds the applicant could have been invited in

    @property
    def within_count(self) -> int:
        return sum(1 for row in self.rows if row.within)

    @property
    def to_confirm(self) -> bool:
        return any(row.to_confirm for row in self.rows)


def _category_slug(draw: Draw, known_slugs: set[str]) -> str:
    """The category a round belongs to: by its IRCC name, else by its code (stem -> stem)."""
    if draw.category_slug:
        return draw.category_slug
    code = draw.category.replace("_", "-")
    return code if code in known_slugs else ""


def classify(draw: Draw, known_slugs: set[str]) -> tuple[str, str]:
    """(kind, key) of a round: general, program (key: program slug), pnp or category."""
    if draw.category in GENERAL_ROUNDS:
        return "general", ""
    if draw.category in PROGRAM_ROUNDS:
        return "program", PROGRAM_ROUNDS[draw.category]
    if draw.category == PNP_ROUND:
        return "pnp", ""
    return "category", _category_slug(draw, known_slugs)


def compare_draws(
    draws: Iterable[Draw],
    *,
    result: dict[str, Any],
    crs: int,
    nominated: bool,
    since: date,
    until: date,
) -> DrawsComparison:
    """The rounds of (since, until] the applicant could have been invited in, newest first.

    Being in the Express Entry pool needs an FSW, CEC or FST outcome of eligible (or "to review",
    then every round is marked to confirm): without one no round counts. In the pool, general
    rounds count; program rounds when that program is eligible (or to review); PNP rounds with
    a provincial nomination; category rounds when the result's category section says the
    applicant qualifies (or would, once in the pool). Pure.
    """
    outcomes = {program["slug"]: program["outcome"] for program in result.get("programs", [])}
    pool = {outcomes.get(slug) for slug in EXPRESS_ENTRY_PROGRAMS}
    in_pool: bool | None = (
        True if "eligible" in pool else (None if "needs_review" in pool else False)
    )
    categories = {c["slug"]: c.get("qualifies") for c in result.get("categories", [])}
    held = sorted(
        (d for d in draws if since < d.day <= until), key=lambda d: (d.day, d.round), reverse=True
    )
    rows = []
    for draw in held:
        kind, key = classify(draw, set(categories))
        could = _could_be_invited(kind, key, outcomes, categories, nominated)
        if in_pool is not False and could is not False:
            to_confirm = in_pool is None or could is None
            rows.append(
                ComparedDraw(
                    draw=draw, kind=kind, key=key, within=draw.cutoff <= crs, to_confirm=to_confirm
                )
            )
    return DrawsComparison(
        crs=crs,
        since=since,
        until=until,
        rounds_held=len(held),
        in_pool=in_pool,
        rows=tuple(rows),
    )


def _could_be_invited(
    kind: str,
    key: str,
    outcomes: dict[str, str],
    categories: dict[str, bool | None],
    nominated: bool,
) -> bool | None:
    """Whether a pool member with this result could be invited in a round: None = to confirm."""
    if kind == "general":
        return True
    if kind == "program":
        return {"eligible": True, "needs_review": None}.get(outcomes.get(key, ""), False)
    if kind == "pnp":
        return nominated
    if not key:
        return False  # a category round of a category the result does not know
    return categories.get(key, False)


def recent_draws(*, since: date, until: date) -> list[Draw]:
    """The rounds of (since, until], each with its category's slug and names (one query)."""
    category = ExpressEntryCategory.objects.filter(draw_name=OuterRef("draw_name")).exclude(
        draw_name=""
    )
    rows = (
        ExpressEntryDraw.objects.filter(date__gt=since, date__lte=until)
        .annotate(
            category_slug=Subquery(category.values("slug")[:1]),
            category_name_en=Subquery(category.values("name_en")[:1]),
            category_name_fr=Subquery(category.values("name_fr")[:1]),
        )
        .order_by("-date", "-round")
    )
    return [
        Draw(
            round=row.round,
            day=row.date,
            category=row.category,
            draw_name=row.draw_name,
            invitations=row.invitations,
            cutoff=row.crs_cutoff,
            category_slug=row.category_slug or "",
            category_name={"en": row.category_name_en, "fr": row.category_name_fr}
            if row.category_slug
            else None,
        )
        for row in rows
    ]


def draws_comparison(
    *, result: dict[str, Any], crs: int, as_of: date, nominated: bool
) -> DrawsComparison:
    """How the applicant's CRS compares with the rounds of the 12 months up to `as_of`."""
    since = add_months(as_of, -WINDOW_MONTHS)
    return compare_draws(
        recent_draws(since=since, until=as_of),
        result=result,
        crs=crs,
        nominated=nominated,
        since=since,
        until=as_of,
    )


def _same_verdict(first: dict[str, Any], second: dict[str, Any]) -> bool:
    outcomes = [[p["slug"], p["outcome"]] for p in first["programs"]]
    return first["crs"] == second["crs"] and outcomes == [
        [p["slug"], p["outcome"]] for p in second["programs"]
    ]


def result_in_language(
    *,
    profile: dict[str, Any],
    stored: dict[str, Any],
    language: str,
    as_of: date,
    rules_by_day: RulesByDay,
) -> dict[str, Any]:
    """The stored result with the engine's sentences (criteria, suggestions, names) in `language`.

    A result is stored in the language the applicant chose; read in the other language it is
    scored again with the rules of its day. If that gives other figures (the rules were edited
    since), the stored result is shown as it is: the figures the applicant was sent win.
    """
    if stored.get("language") == language:
        return stored
    try:
        again = assess(parse_profile(json.dumps(profile)), rules_by_day(as_of), language=language)
    except (ProfileError, RuleError):
        return stored
    return again if _same_verdict(stored, again) else stored
