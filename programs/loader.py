"""Build the engine's `RuleSet` for a day from the rule rows in the database, with a cache.

A rule set is built once per (rules version, interval between effective dates) in each process:
about ten queries, then none for as many profiles as are scored with it. Saving or deleting any
rule bumps `RulesVersion` (programs.signals), so every process notices the change on its next
load. This is the engine's one cache.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pydantic
from django.db.models import Prefetch

from programs.engine.criteria import requirement_text
from programs.engine.criteria_params import parse_params, references
from programs.engine.errors import RuleError
from programs.engine.grids import GRID_SCHEMAS, validate_grid
from programs.engine.i18n import LANGUAGES
from programs.engine.programs import share_judged
from programs.engine.rules import (
    CategoryRules,
    CriterionRule,
    DatedTable,
    NocIndex,
    ProgramRules,
    RuleSet,
)

from .impact import NO_OVERLAY, RuleOverlay
from .models import (
    Criterion,
    ExpressEntryCategory,
    OccupationList,
    Program,
    ProgramStatus,
    RulesVersion,
    ScoringGrid,
)
from .selectors import noc_index

# The version is the number and the time of the last bump: a number alone can repeat after a
# rolled-back transaction bumped it (as tests do), and would then find a stale rule set.
Version = tuple[int, object]


@dataclass(frozen=True, slots=True)
class _Loaded:
    """What one rules version has built so far: the rule set of each interval between effective
    dates (keyed by the interval's first day), shared by every day inside the interval."""

    version: Version
    boundaries: tuple[date, ...]  # every day on which some dated row starts or stops applying
    noc: NocIndex
    by_interval: dict[date, RuleSet] = field(default_factory=dict)


# The engine's one cache: rule sets by (rules version, interval). Only the current version is kept.
_cache: dict[Version, _Loaded] = {}


def rules_version() -> Version:
    row = RulesVersion.objects.values_list("number", "changed_at").first()
    return (row[0], row[1]) if row else (0, None)


def load_rules(as_of: date) -> RuleSet:
    """The rules in force on `as_of`; raises RuleError when a grid the engine needs is missing.

    Rules change a few times a year: the rule set is built once per interval between effective
    dates and shared by all the days inside it.
    """
    version = rules_version()
    loaded = _cache.get(version)
    if loaded is None:
        _cache.clear()
        loaded = _cache[version] = _Loaded(version, _boundaries(), noc_index())
    start = interval_start(loaded.boundaries, as_of)
    rules = loaded.by_interval.get(start)
    if rules is None:
        rules = build_rules(as_of, loaded.noc)
        for earlier in loaded.by_interval.values():
            share_judged(rules, earlier)
        loaded.by_interval[start] = rules
    if rules.as_of != as_of:  # the same rules, dated as asked (shares everything else)
        rules = loaded.by_interval[start] = dataclasses.replace(rules, as_of=as_of)
    return rules


def clear_cache() -> None:
    _cache.clear()


def interval_start(boundaries: tuple[date, ...], day: date) -> date:
    """The first day of the interval between boundaries that holds `day`."""
    index = bisect_right(boundaries, day)
    return boundaries[index - 1] if index else date.min


def _boundaries() -> tuple[date, ...]:
    days: set[date] = set()
    for model in (ScoringGrid, OccupationList, Criterion, ExpressEntryCategory):
        for start, end in model.objects.values_list("effective_from", "effective_to"):
            days.add(start)
            if end is not None and end < date.max:
                days.add(end + timedelta(days=1))
    days.update(ProgramStatus.objects.values_list("effective_from", flat=True))
    return tuple(sorted(days))


def _grids(
    as_of: date, overlay: RuleOverlay
) -> tuple[dict[str, Any], dict[str, str], dict[str, tuple[DatedTable, ...]]]:
    grids: dict[str, Any] = {}
    versions: dict[str, str] = {}
    language: dict[str, list[DatedTable]] = {}
    for row in ScoringGrid.objects.order_by("key", "effective_from"):
        if not overlay.keeps(row):
            continue
        try:
            dated = DatedTable(
                row.effective_from, overlay.end(row), validate_grid(row.key, row.table)
            )
        except (KeyError, pydantic.ValidationError) as error:
            raise RuleError(
                f"The {row.key} grid from {row.effective_from} is invalid: {error}"
            ) from None
        if row.key.startswith("clb_"):
            language.setdefault(row.key.removeprefix("clb_"), []).append(dated)
        if dated.applies_on(as_of):
            grids[row.key] = dated.table
            versions[row.key] = row.effective_from.isoformat()
    missing = sorted(k for k in GRID_SCHEMAS if not k.startswith("clb_") and k not in grids)
    if missing:
        raise RuleError(
            f"No scoring grid is in force on {as_of.isoformat()}: {', '.join(missing)}."
        )
    return grids, versions, {test: tuple(rows) for test, rows in language.items()}


def _occupation_lists(
    as_of: date, noc: NocIndex, overlay: RuleOverlay
) -> dict[str, frozenset[str]]:
    lists = overlay.in_force(OccupationList, as_of).prefetch_related(
        Prefetch("occupations", to_attr="codes_2021"),
        Prefetch("occupations_2016", to_attr="codes_2016"),
    )
    result: dict[str, frozenset[str]] = {}
    for occupation_list in lists:
        codes = {o.code for o in occupation_list.codes_2021}
        for unit_group in occupation_list.codes_2016:
            codes.update(noc.codes_2021(unit_group.code))
        result[occupation_list.slug] = frozenset(codes)
    return result


# What each kind of reference must be found in: the rows in force (lists, categories) or known.
Known = dict[str, Collection[str]]


def _criterion(row: Criterion, program: str, known: Known, as_of: date) -> CriterionRule:
    """The engine's rule; RuleError names the rule when it is invalid or names a missing row."""
    try:
        params = parse_params(row.kind, row.params)
    except (KeyError, pydantic.ValidationError) as error:
        raise RuleError(f"Criterion {row.code} of {program} is invalid: {error}") from None
    for path, target, value in references(params):
        if value not in known[target]:
            raise RuleError(
                f"Criterion {row.code} of {program} (from {row.effective_from}) names the "
                f"{target.replace('_', ' ')} {value!r} in {path}, which is not in force on "
                f"{as_of.isoformat()}."
            )
    return CriterionRule(
        code=row.code,
        kind=row.kind,
        params=params,
        requirement={"en": row.message_en, "fr": row.message_fr},  # blank: generated
    )


def _programs(as_of: date, known: Known, overlay: RuleOverlay) -> tuple[ProgramRules, ...]:
    programs = Program.objects.prefetch_related(
        Prefetch(
            "statuses",
            queryset=ProgramStatus.objects.filter(effective_from__lte=as_of)
            .exclude(pk__in=overlay.excluded(ProgramStatus))
            .order_by("effective_from"),
            to_attr="statuses_so_far",
        ),
        Prefetch(
            "criteria",
            queryset=overlay.in_force(Criterion, as_of),
            to_attr="criteria_in_force",
        ),
    )
    programs = list(programs)
    known = known | {"program": {program.slug for program in programs}}
    result = []
    for program in programs:
        if not program.statuses_so_far:
            continue  # the program did not exist yet on as_of
        status = program.statuses_so_far[-1]
        result.append(
            ProgramRules(
                slug=program.slug,
                name={"en": program.name_en, "fr": program.name_fr},
                kind=program.kind,
                jurisdiction=program.jurisdiction,
                status=status.status,
                status_note={"en": status.note_en, "fr": status.note_fr},
                criteria=tuple(
                    _criterion(row, program.slug, known, as_of) for row in program.criteria_in_force
                ),
                official_url=program.official_url,
                rules_verified_on=program.rules_verified_on,
            )
        )
    return tuple(result)


def _categories(as_of: date, overlay: RuleOverlay) -> tuple[CategoryRules, ...]:
    return tuple(
        CategoryRules(
            slug=row.slug,
            name={"en": row.name_en, "fr": row.name_fr},
            kind=row.kind,
            occupation_list=row.occupation_list or None,
            min_experience_months=row.min_experience_months,
            window_years=row.window_years,
            continuous=row.continuous,
            in_canada_only=row.in_canada_only,
            min_nclc=row.min_nclc,
            effective_from=row.effective_from,
            draw_name=row.draw_name,
            unsettled_list=row.unsettled_list or None,
            needs_caf_offer=row.needs_caf_offer,
        )
        for row in overlay.in_force(ExpressEntryCategory, as_of).order_by("slug")
    )


def build_rules(
    as_of: date, noc: NocIndex | None = None, overlay: RuleOverlay = NO_OVERLAY
) -> RuleSet:
    """The rules of `as_of` from the rows, uncached; `overlay` leaves some versions out (an
    impact preview's "without")."""
    grids, grid_versions, language_tables = _grids(as_of, overlay)
    noc = noc or noc_index()
    occupation_lists = _occupation_lists(as_of, noc, overlay)
    categories = _categories(as_of, overlay)
    for category in categories:
        if category.occupation_list and category.occupation_list not in occupation_lists:
            raise RuleError(
                f"The Express Entry category {category.slug} (from {category.effective_from}) "
                f"names the occupation list {category.occupation_list!r}, which is not in force "
                f"on {as_of}."
            )
    known: Known = {
        "occupation_list": occupation_lists,
        "category": {category.slug for category in categories},
        "noc": noc.teer,
    }
    rules = RuleSet(
        as_of=as_of,
        grids=grids,
        grid_versions=grid_versions,
        language_tables=language_tables,
        noc=noc,
        occupation_lists=occupation_lists,
        programs=_programs(as_of, known, overlay),
        categories=categories,
    )
    return _with_requirements(rules)


def _with_requirements(rules: RuleSet) -> RuleSet:
    """Each criterion's requirement in every language: staff's text, else the generated one."""

    def resolved(rule: CriterionRule) -> CriterionRule:
        texts = {
            language: requirement_text(rule.kind, rule.params, rule.requirement, rules, language)
            for language in LANGUAGES
        }
        return dataclasses.replace(rule, requirement=texts)

    programs = tuple(
        dataclasses.replace(program, criteria=tuple(map(resolved, program.criteria)))
        for program in rules.programs
    )
    return dataclasses.replace(rules, programs=programs)
