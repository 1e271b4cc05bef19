"""Rule sets for pure engine tests, built from the seed files without a database.

The application loads rules from the database (programs.loader); engine tests and property tests
use the same seed files directly so they run fast and need nothing else.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from programs.engine.grids import validate_grid
from programs.engine.rules import DatedTable, NocIndex, RuleSet

ROOT = Path(__file__).resolve().parent.parent
PROGRAM_DATA = ROOT / "programs" / "data"
NOC_DATA = ROOT / "occupations" / "data"


@cache
def noc_index() -> NocIndex:
    with open(NOC_DATA / "noc2021_unit_groups.csv", encoding="utf-8") as f:
        teer = {row["noc2021"]: int(row["teer"]) for row in csv.DictReader(f)}
    crosswalk: dict[str, list[str]] = {}
    with open(NOC_DATA / "noc2016_to_2021.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            crosswalk.setdefault(row["noc2016"], []).append(row["noc2021"])
    return NocIndex(teer=teer, crosswalk={k: tuple(v) for k, v in crosswalk.items()})


@cache
def _grid_versions() -> dict[str, tuple[DatedTable, ...]]:
    rows = json.loads((PROGRAM_DATA / "grids.json").read_text(encoding="utf-8"))
    versions: dict[str, list[DatedTable]] = {}
    for row in rows:
        to = row.get("effective_to")
        versions.setdefault(row["key"], []).append(
            DatedTable(
                effective_from=date.fromisoformat(row["effective_from"]),
                effective_to=date.fromisoformat(to) if to else None,
                table=validate_grid(row["key"], row["table"]),
            )
        )
    return {key: tuple(v) for key, v in versions.items()}


def rules_for(as_of: date, **overrides: Any) -> RuleSet:
    """Grids in force on as_of; no programs or categories unless given."""
    grids, versions, language = {}, {}, {}
    for key, dated in _grid_versions().items():
        if key.startswith("clb_"):
            language[key.removeprefix("clb_")] = dated
        for version in dated:
            if version.applies_on(as_of):
                grids[key] = version.table
                versions[key] = version.effective_from.isoformat()
    fields: dict[str, Any] = {
        "as_of": as_of,
        "grids": grids,
        "grid_versions": versions,
        "language_tables": language,
        "noc": noc_index(),
        "occupation_lists": {},
        "programs": (),
        "categories": (),
    }
    fields.update(overrides)
    return RuleSet(**fields)
