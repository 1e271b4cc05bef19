"""Threshold-band look-ups shared by the CRS and FSW grids.

A grid is read for every profile scored (and again for each suggestion trial), with a handful of
distinct values (ages, levels, years), so each band list memoises its answers by value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

MEMO_LIMIT = 50_000  # answers kept, all grids together (a few MB at most)
_MISSING = object()


def band(rows: Sequence[Any], value: float) -> Any | None:
    """The last row whose `at_least` is at or below value; None below the first row."""
    found = None
    for row in rows:
        if value < row.at_least:
            break
        found = row
    return found


# One flat memo for every grid: (id of the grid object, what was asked) -> answer. The objects
# are held in `_owners`, so an id cannot be reused by another object while its answers are kept;
# both are emptied together when the memo is full.
_owners: dict[int, Any] = {}
_found: dict[tuple, Any] = {}


def _store(owner: Any, key: tuple, value: Any) -> Any:
    if len(_found) >= MEMO_LIMIT:
        _found.clear()
        _owners.clear()
    _owners[id(owner)] = owner
    _found[key] = value
    return value


def remembered(owner: Any, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` memoised by key for an immutable grid object (`owner`, held while memoised)."""
    full = (id(owner), "remembered", key)
    found = _found.get(full, _MISSING)
    return found if found is not _MISSING else _store(owner, full, compute())


def lookup(rows: Sequence[Any], value: float) -> Any | None:
    """`band(rows, value)`, memoised per band list (grids are immutable once parsed)."""
    key = (id(rows), value)
    found = _found.get(key, _MISSING)
    return found if found is not _MISSING else _store(rows, key, band(rows, value))


def summed_points(rows: Sequence[Any], levels: Sequence[int]) -> int:
    """Points of each level (one per ability) added up, memoised by the levels."""
    key = (id(rows), "sum", levels)
    found = _found.get(key)
    if found is None:
        found = _store(rows, key, sum(band_points(rows, level) for level in levels))
    return found


def summed_split_points(rows: Sequence[Any], levels: Sequence[int], with_spouse: bool) -> int:
    """Split points (with or without a spouse) of each level added up, memoised by the levels."""
    key = (id(rows), with_spouse, levels)
    found = _found.get(key)
    if found is None:
        points = sum(split_points(rows, level, with_spouse) for level in levels)
        found = _store(rows, key, points)
    return found


def band_points(rows: Sequence[Any], value: float) -> int:
    row = lookup(rows, value)
    return row.points if row is not None else 0


def split_points(rows: Sequence[Any], value: float, with_spouse: bool) -> int:
    row = lookup(rows, value)
    if row is None:
        return 0
    return row.with_spouse if with_spouse else row.single
