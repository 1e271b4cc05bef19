"""Threshold-band look-ups shared by the CRS and FSW grids."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

_AT_LEAST = attrgetter("at_least")


def band(rows: Sequence[Any], value: float) -> Any | None:
    """The last row whose `at_least` is at or below value; None below the first row.

    Rows are in ascending order of `at_least` (the grid models check it when they are saved).
    """
    index = bisect_right(rows, value, key=_AT_LEAST)
    return rows[index - 1] if index else None


def summed_points(rows: Sequence[Any], levels: Sequence[int]) -> int:
    """Points of each level (one per ability) added up."""
    return sum(band_points(rows, level) for level in levels)


def summed_split_points(rows: Sequence[Any], levels: Sequence[int], with_spouse: bool) -> int:
    """Split points (with or without a spouse) of each level added up."""
    return sum(split_points(rows, level, with_spouse) for level in levels)


def band_points(rows: Sequence[Any], value: float) -> int:
    row = band(rows, value)
    return row.points if row is not None else 0


def split_points(rows: Sequence[Any], value: float, with_spouse: bool) -> int:
    row = band(rows, value)
    if row is None:
        return 0
    return row.with_spouse if with_spouse else row.single
