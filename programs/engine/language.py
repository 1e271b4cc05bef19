"""Language test results -> CLB / NCLC levels per ability, with the two-year validity rule."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .bands import band
from .dates import years_before
from .grids import LanguageConversion
from .profile import LanguageResult
from .rules import DatedTable, RuleSet

VALIDITY_YEARS = 2


class Levels(NamedTuple):
    listening: int
    reading: int
    writing: int
    speaking: int

    @property
    def lowest(self) -> int:
        return min(self)

    def as_dict(self) -> dict[str, int]:
        return self._asdict()


def is_valid(result: LanguageResult, as_of: date) -> bool:
    """A result dated more than two years before as_of no longer counts; an undated one does."""
    return result.test_date is None or result.test_date >= years_before(as_of, VALIDITY_YEARS)


def _table_for(versions: tuple[DatedTable, ...], day: date) -> LanguageConversion:
    for version in versions:
        if version.applies_on(day):
            return version.table
    # A test older than every stored scale: use the earliest scale rather than fail.
    return min(versions, key=lambda v: v.effective_from).table


def _level(rows: list, score: float) -> int:
    """The level of the last row whose minimum the score reaches; 0 below the first row."""
    row = band(rows, score)
    return row.level if row is not None else 0


def to_levels(result: LanguageResult, rules: RuleSet) -> Levels:
    """Convert one result; clb / nclc give the levels as written, other tests use their table."""
    if result.test in ("clb", "nclc"):
        return Levels(
            int(result.listening), int(result.reading), int(result.writing), int(result.speaking)
        )
    table = _table_for(rules.language_tables[result.test], result.test_date or rules.as_of)
    scores = (result.listening, result.reading, result.writing, result.speaking)
    return _convert(table, scores)


def _convert(table: LanguageConversion, scores: tuple[float, float, float, float]) -> Levels:
    abilities = table.abilities
    return Levels(
        *(_level(abilities[a], score) for a, score in zip(Levels._fields, scores, strict=True))
    )
