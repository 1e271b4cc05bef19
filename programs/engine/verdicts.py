"""Judged criteria and categories kept with their rule set.

The engine's one cache besides the loader's rule sets (programs/loader.py). Kept because of
`benchmarks/assess_jsonl.sh` (README, "Scoring on many days", figures with and without it).
Many applicants share an age, levels, a province or a job offer, and each criterion's verdict
and message are then worked out once for them. Each criterion keeps its entries two ways:
- by the values of the facts its kind declares in `reads` (not for kinds reading a fact unique
  to each applicant: work history, funds), so the kind is not even asked again;
- by the verdict the kind gave, so criteria reading unique facts still share the entry (the
  message and requirement are rendered once per distinct verdict).
Categories keep their entries by verdict too. A new interval of the same rules version starts
with what another interval judged for the programs that did not change
(`programs.share_judged`).

It cannot go stale: an entry is keyed by the values of exactly the facts the criterion's kind
declares in `reads` (a kind is given a `criteria.Reading`, which refuses any other fact), or by
the verdict itself, which is all the entry is built from. The rule set it lives in is
immutable, the language is part of every key, and sharing across intervals requires equal
programs, grids, occupation lists and program names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LIMIT = 20_000  # entries per criterion: a figure such as funds is nearly unique per applicant


def frozen(value: Any) -> Any:
    """A hashable stand-in for a value read by a criterion: dicts become tuples of their items.

    Equal tuples mean equal dicts; equal dicts filled in another order only miss the cache.
    """
    if isinstance(value, dict):
        return tuple([(key, frozen(item)) for key, item in value.items()])
    return value


@dataclass(eq=False, slots=True)
class VerdictCache:
    """The programs' criteria ready to judge, in evaluation order, each with its judged entries
    (`programs.ProgramChecks`; None until first used).

    Filled for one rule set's programs, categories, grids and lists: `dataclasses.replace(rules,
    ...)` keeps the cache, so a copy with other ones empties it first (`for_rules`).
    """

    programs: list[Any] | None = None
    categories: dict[Any, Any] = field(default_factory=dict)  # category entries, by verdict
    sources: tuple[Any, ...] = ()

    def for_rules(self, sources: tuple[Any, ...]) -> VerdictCache:
        if len(sources) != len(self.sources) or any(
            mine is not theirs for mine, theirs in zip(self.sources, sources, strict=True)
        ):
            self.programs = None
            self.categories = {}  # not cleared: another interval's cache may share it
            self.sources = sources  # held: their identities cannot be reused meanwhile
        return self

    @staticmethod
    def put(entries: dict[Any, Any], key: Any, value: Any) -> Any:
        if len(entries) >= LIMIT:
            entries.clear()
        entries[key] = value
        return value
