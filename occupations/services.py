"""Writes for the occupations app: loading the NOC reference data."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import Noc2016UnitGroup, NocCrosswalk, Occupation

DATA_DIR = Path(__file__).resolve().parent / "data"
NOC2021_FILE = DATA_DIR / "noc2021_unit_groups.csv"
NOC2016_FILE = DATA_DIR / "noc2016_structure.csv"
CROSSWALK_FILE = DATA_DIR / "noc2016_to_2021.csv"
FEATURED_FILE = DATA_DIR / "featured.json"

NOC2016_UNIT_GROUP_LEVEL = "4"
LOAD_REASON = "Loaded from occupations/data"


class OccupationDataError(Exception):
    """The reference files are inconsistent (e.g. a crosswalk row names an unknown code)."""


@dataclass(frozen=True, slots=True)
class _Featured:
    average_hourly_wage: Decimal | None
    example_titles: list[str]
    description_en: str
    description_fr: str


def _read_csv(path: Path) -> list[dict[str, str]]:
    # utf-8-sig: the NOC 2016 structure file starts with a byte order mark.
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _read_featured() -> dict[str, _Featured]:
    rows: list[dict[str, Any]] = json.loads(FEATURED_FILE.read_text(encoding="utf-8"))
    return {
        row["noc2021"]: _Featured(
            average_hourly_wage=(
                Decimal(str(row["average_hourly_wage"]))
                if row.get("average_hourly_wage") is not None
                else None
            ),
            example_titles=list(row.get("example_titles", [])),
            description_en=row.get("description_en", ""),
            description_fr=row.get("description_fr", ""),
        )
        for row in rows
    }


def _fill_featured(
    occupation: Occupation, featured: _Featured, elsewhere: frozenset[str] = frozenset()
) -> bool:
    """Fill the featured fields that are empty, and drop example titles the file now gives to
    another occupation (`elsewhere`: a title belongs to one code); True if anything changed."""
    changed = False
    kept = [t for t in occupation.example_titles or [] if t not in elsewhere]
    if kept != (occupation.example_titles or []):
        occupation.example_titles = kept
        changed = True
    if occupation.average_hourly_wage is None and featured.average_hourly_wage is not None:
        occupation.average_hourly_wage = featured.average_hourly_wage
        changed = True
    for name in ("example_titles", "description_en", "description_fr"):
        if not getattr(occupation, name) and getattr(featured, name):
            setattr(occupation, name, getattr(featured, name))
            changed = True
    if changed:
        # Only an occupation that never received its featured data is marked featured, so a
        # staff member who un-features one (and keeps its description) is not overruled.
        occupation.featured = True
        occupation.derive_fields()
    return changed


def _titles_of_others(featured: dict[str, _Featured], code: str) -> frozenset[str]:
    return frozenset(t for other, f in featured.items() if other != code for t in f.example_titles)


def _load_noc2021(featured: dict[str, _Featured]) -> int:
    existing = {o.code: o for o in Occupation.objects.all()}
    new: list[Occupation] = []
    for row in _read_csv(NOC2021_FILE):
        if row["noc2021"] in existing:
            continue
        occupation = Occupation(
            code=row["noc2021"],
            title_en=row["title_en"],
            title_fr=row["title_fr"],
            major_group_title=row["major_group_title"],
        )
        if row["noc2021"] in featured:
            _fill_featured(occupation, featured[row["noc2021"]])
        occupation.derive_fields()
        new.append(occupation)
    if new:
        bulk_create_with_history(new, Occupation, default_change_reason=LOAD_REASON)

    updated = [
        occupation
        for code, occupation in existing.items()
        if code in featured
        and _fill_featured(occupation, featured[code], _titles_of_others(featured, code))
    ]
    if updated:
        bulk_update_with_history(
            updated,
            Occupation,
            fields=[
                "average_hourly_wage",
                "example_titles",
                "description_en",
                "description_fr",
                "featured",
                "search_text",
            ],
            default_change_reason=LOAD_REASON,
        )
    return len(new)


def _load_noc2016() -> int:
    existing = set(Noc2016UnitGroup.objects.values_list("code", flat=True))
    new = [
        Noc2016UnitGroup(code=row["noc_code"], title_en=row["noc_title"])
        for row in _read_csv(NOC2016_FILE)
        if row["Level"] == NOC2016_UNIT_GROUP_LEVEL and row["noc_code"] not in existing
    ]
    if new:
        bulk_create_with_history(new, Noc2016UnitGroup, default_change_reason=LOAD_REASON)
    return len(new)


def _load_crosswalk() -> int:
    rows = _read_csv(CROSSWALK_FILE)
    existing = set(NocCrosswalk.objects.values_list("noc2016__code", "occupation__code"))
    wanted: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        pair = (row["noc2016"], row["noc2021"])
        if pair not in existing:
            wanted.setdefault(pair, row)  # the file may list a pair twice: keep the first
    if not wanted:
        return 0
    noc2016_ids = dict(Noc2016UnitGroup.objects.values_list("code", "id"))
    occupation_ids = dict(Occupation.objects.values_list("code", "id"))
    new = []
    for (code2016, code2021), row in wanted.items():
        if code2016 not in noc2016_ids or code2021 not in occupation_ids:
            raise OccupationDataError(
                f"Crosswalk row {code2016} -> {code2021} names a code missing from the data."
            )
        new.append(
            NocCrosswalk(
                noc2016_id=noc2016_ids[code2016],
                occupation_id=occupation_ids[code2021],
                status=row["status"],
                note=row["note"],
            )
        )
    bulk_create_with_history(new, NocCrosswalk, default_change_reason=LOAD_REASON)
    return len(new)


@transaction.atomic
def load_occupations() -> dict[str, int]:
    """Load the NOC 2021 occupations, NOC 2016 unit groups and crosswalk from `occupations/data`.

    Atomic and idempotent, create-missing-only: a row whose natural key (code, or the pair of
    codes for the crosswalk) already exists is left as it is, so corrections made in the admin
    survive a reload. Featured data (wage, example titles, descriptions) fills only empty fields.
    A second run reads the tables and writes nothing. Returns the number of rows created per table.
    """
    featured = _read_featured()
    return {
        "occupations": _load_noc2021(featured),
        "noc2016_unit_groups": _load_noc2016(),
        "crosswalk": _load_crosswalk(),
    }
