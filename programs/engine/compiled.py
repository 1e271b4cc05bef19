"""Work done once per rule set rather than once per profile, kept with the rule set.

A `RuleSet` is loaded once per interval between effective dates (`programs/loader.py`; each day
of the interval gets a copy dated that day, sharing `extra`) and scores thousands of profiles, so
whatever depends only on the rules (criteria turned into closures, NOC look-ups) is built the
first time it is needed and kept in `rules.extra`. Each entry remembers the parts of the rule set
it was built from and is rebuilt when they are not the very same objects
(`dataclasses.replace(rules, grids=...)` shares `extra` but not the grids), so a cache can never
outlive the rules it describes.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import is_
from typing import Any, TypeVar

from .rules import RuleSet

T = TypeVar("T")


def per_rule_set(rules: RuleSet, name: str, sources: tuple[Any, ...], build: Callable[[], T]) -> T:
    """The value `build()` made for these very `sources` of `rules`, built on first use."""
    store = rules.extra.setdefault("compiled", {})
    hit = store.get(name)
    if hit is not None and len(hit[0]) == len(sources) and all(map(is_, hit[0], sources)):
        return hit[1]
    value = build()
    store[name] = (sources, value)  # holds the sources: their ids cannot be reused meanwhile
    return value


class BoundedCache(dict):
    """A dict emptied when it reaches `limit` entries (figures such as funds are unbounded)."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: Any, value: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
