"""The rule set the engine scores with: plain, immutable data, loaded from the database elsewhere.

`programs.loader.load_rules(as_of)` builds a `RuleSet` from the rows in force on `as_of`; tests
and benchmarks can build one directly. Nothing here touches the ORM, settings or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import RuleError
from .verdicts import VerdictCache


@dataclass(frozen=True, slots=True)
class DatedTable:
    """One version of a grid and the days it applies to (`effective_to` inclusive, None = open)."""

    effective_from: date
    effective_to: date | None
    table: Any  # the parsed grid model from grids.GRID_SCHEMAS

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


@dataclass(frozen=True, slots=True)
class NocIndex:
    """NOC 2021 TEERs and the 2016 -> 2021 crosswalk."""

    teer: dict[str, int]  # NOC 2021 code -> TEER
    crosswalk: dict[str, tuple[str, ...]]  # NOC 2016 code -> NOC 2021 codes

    def codes_2021(self, code: str) -> tuple[str, ...]:
        """The NOC 2021 codes a 4-digit (2016) or 5-digit (2021) code stands for."""
        if len(code) == 5:
            return (code,) if code in self.teer else ()
        return self.crosswalk.get(code, ())

    def teer_of(self, code: str) -> int | None:
        """TEER of a code; for a 2016 code mapping to several, the highest (least skilled)."""
        teers = [self.teer[c] for c in self.codes_2021(code) if c in self.teer]
        return max(teers) if teers else None


@dataclass(frozen=True, slots=True)
class CriterionRule:
    code: str
    kind: str
    params: Any  # parsed model of the kind (criteria.KINDS[kind].Params)
    # language -> what the applicant reads: staff's override, else the kind's generated text
    # (programs.loader fills both; an empty one is generated when scoring, see
    # criteria.requirement_text)
    requirement: dict[str, str]


@dataclass(frozen=True, slots=True)
class ProgramRules:
    slug: str
    name: dict[str, str]  # language -> name
    kind: str  # express_entry / pnp / quebec
    jurisdiction: str  # FED or a province code
    status: str  # open / paused / closed, on as_of
    status_note: dict[str, str]
    criteria: tuple[CriterionRule, ...]
    official_url: str = ""
    rules_verified_on: date | None = None


@dataclass(frozen=True, slots=True)
class CategoryRules:
    """An Express Entry category-based selection category as it stood on as_of."""

    slug: str
    name: dict[str, str]
    kind: str  # occupation / french
    occupation_list: str | None  # slug, for occupation categories
    min_experience_months: int
    window_years: int
    continuous: bool  # 2023-2025: one continuous run in one occupation
    in_canada_only: bool
    min_nclc: int | None  # French category: NCLC in all four abilities
    effective_from: date
    draw_name: str = ""  # IRCC's round name for this version, e.g. "STEM occupations (Version 1)"
    unsettled_list: str | None = None  # slug: the widest list it may have (not confirmed)
    needs_caf_offer: bool = False  # military recruits: a job offer from the Canadian Armed Forces


@dataclass(frozen=True, slots=True)
class RuleSet:
    as_of: date
    grids: dict[str, Any]  # key -> parsed grid in force on as_of
    grid_versions: dict[str, str]  # key -> effective_from (ISO) of the version used
    language_tables: dict[
        str, tuple[DatedTable, ...]
    ]  # test -> every version (picked by test date)
    noc: NocIndex
    occupation_lists: dict[str, frozenset[str]]  # slug -> NOC 2021 codes, version in force on as_of
    programs: tuple[ProgramRules, ...]
    categories: tuple[CategoryRules, ...]
    # Judged criteria, shared by the days of an interval (see verdicts.py for why it exists).
    verdicts: VerdictCache = field(default_factory=VerdictCache, compare=False, repr=False)

    def verdict_cache(self) -> VerdictCache:
        """The cache, emptied first if it was filled for other programs, grids or lists."""
        return self.verdicts.for_rules(
            (self.programs, self.categories, self.grids, self.occupation_lists)
        )

    def occupation_list(self, slug: str) -> frozenset[str]:
        """The codes of a list in force; a missing one is a RuleError, never an empty list."""
        try:
            return self.occupation_lists[slug]
        except KeyError:
            raise RuleError(
                f"No occupation list {slug!r} is in force on {self.as_of.isoformat()}."
            ) from None
