"""Seeding the rule data from `programs/data/` (formats in programs/data/README.md).

Create-missing-only: a row whose natural key exists is left alone, so what staff changed in the
admin survives every later run, and running the load twice changes nothing.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from occupations.models import Noc2016UnitGroup, Occupation

from .models import (
    Criterion,
    ExpressEntryCategory,
    ExpressEntryDraw,
    OccupationList,
    Program,
    ProgramStatus,
    ScoringGrid,
)
from .signals import bump_rules_version

DATA_DIR = Path(__file__).resolve().parent / "data"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _read(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _checked(row: Any) -> Any:
    """Validate a new row exactly as the admin would (params, grids, overlapping dates)."""
    try:
        row.full_clean()
    except ValidationError as error:
        raise ValueError(f"{type(row).__name__} {row}: {error.message_dict}") from None
    return row


def load_grids(counts: Counter) -> None:
    existing = set(ScoringGrid.objects.values_list("key", "effective_from"))
    for item in _read("grids.json"):
        start = _day(item["effective_from"])
        if (item["key"], start) in existing:
            continue
        _checked(
            ScoringGrid(
                key=item["key"],
                effective_from=start,
                effective_to=_day(item.get("effective_to")),
                table=item["table"],
                source=item.get("source", ""),
                notes=item.get("notes", ""),
            )
        ).save()
        counts["grids"] += 1


def load_programs(counts: Counter) -> None:
    programs = {p.slug: p for p in Program.objects.all()}
    statuses = set(ProgramStatus.objects.values_list("program__slug", "effective_from"))
    for item in _read("programs.json"):
        program = programs.get(item["slug"])
        if program is None:
            fields = {k: item.get(k, "") for k in ("name_en", "name_fr", "jurisdiction", "kind")}
            program = Program(
                slug=item["slug"],
                summary_en=item.get("summary_en", ""),
                summary_fr=item.get("summary_fr", ""),
                official_url=item.get("official_url", ""),
                rules_verified_on=_day(item.get("rules_verified_on")),
                position=item.get("position", 0),
                source=item.get("source", ""),
                **fields,
            )
            _checked(program).save()
            counts["programs"] += 1
        for status in item.get("statuses", []):
            start = _day(status["effective_from"])
            if (program.slug, start) not in statuses:
                ProgramStatus.objects.create(
                    program=program,
                    status=status["status"],
                    effective_from=start,
                    note_en=status.get("note_en", ""),
                    note_fr=status.get("note_fr", ""),
                )
                counts["statuses"] += 1


def load_criteria(counts: Counter) -> None:
    """After the programs and lists: a criterion's references are checked when it is saved."""
    programs = {p.slug: p for p in Program.objects.all()}
    criteria = set(Criterion.objects.values_list("program__slug", "code", "effective_from"))
    for item in _read("programs.json"):
        program = programs[item["slug"]]
        for rule in item.get("criteria", []):
            start = _day(rule["effective_from"])
            if (program.slug, rule["code"], start) in criteria:
                continue
            _checked(
                Criterion(
                    program=program,
                    code=rule["code"],
                    kind=rule["kind"],
                    params=rule.get("params", {}),
                    message_en=rule["message_en"],
                    message_fr=rule["message_fr"],
                    effective_from=start,
                    effective_to=_day(rule.get("effective_to")),
                    position=rule.get("position", 0),
                )
            ).save()
            counts["criteria"] += 1


def load_occupation_lists(name: str, counts: Counter) -> None:
    existing = set(OccupationList.objects.values_list("slug", "effective_from"))
    programs = dict(Program.objects.values_list("slug", "id"))
    occupations = dict(Occupation.objects.values_list("code", "id"))
    unit_groups = dict(Noc2016UnitGroup.objects.values_list("code", "id"))
    for item in _read(name):
        start = _day(item["effective_from"])
        if (item["slug"], start) in existing:
            continue
        known = unit_groups if item["noc_version"] == "2016" else occupations
        unknown = [code for code in item["codes"] if code not in known]
        if unknown:
            raise ValueError(
                f"List {item['slug']}: unknown NOC {item['noc_version']} codes {unknown}"
            )
        occupation_list = _checked(
            OccupationList(
                slug=item["slug"],
                name_en=item["name_en"],
                name_fr=item["name_fr"],
                program_id=programs.get(item.get("program") or ""),
                noc_version=item["noc_version"],
                effective_from=start,
                effective_to=_day(item.get("effective_to")),
                source=item.get("source", ""),
                notes=item.get("notes", ""),
            )
        )
        occupation_list.save()
        ids = [known[code] for code in item["codes"]]
        if item["noc_version"] == "2016":
            occupation_list.occupations_2016.set(ids)
        else:
            occupation_list.occupations.set(ids)
        counts["occupation_lists"] += 1


def load_categories(counts: Counter) -> None:
    existing = set(ExpressEntryCategory.objects.values_list("slug", "effective_from"))
    for item in _read("ee_categories.json"):
        start = _day(item["effective_from"])
        if (item["slug"], start) in existing:
            continue
        _checked(
            ExpressEntryCategory(
                slug=item["slug"],
                name_en=item["name_en"],
                name_fr=item["name_fr"],
                kind=item["kind"],
                occupation_list=item.get("occupation_list") or "",
                min_experience_months=item.get("min_experience_months") or 0,
                window_years=item.get("window_years") or 3,
                continuous=item.get("continuous", False),
                in_canada_only=item.get("in_canada_only", False),
                min_nclc=item.get("min_nclc"),
                effective_from=start,
                effective_to=_day(item.get("effective_to")),
                draw_name=item.get("draw_name", ""),
                source=item.get("source", ""),
                notes=item.get("notes", ""),
            )
        ).save()
        counts["categories"] += 1


def load_draws(counts: Counter) -> None:
    existing = set(ExpressEntryDraw.objects.values_list("round", flat=True))
    with open(DATA_DIR / "ee_draws.csv", encoding="utf-8") as f:
        draws = {int(row["round"]): row for row in csv.DictReader(f)}
    with open(DATA_DIR / "ee_draws_detail.csv", encoding="utf-8") as f:
        names = {int(row["round"]): row["ircc_draw_name"] for row in csv.DictReader(f)}
    new = [
        ExpressEntryDraw(
            round=number,
            date=date.fromisoformat(row["date"]),
            category=row["category"],
            draw_name=names.get(number, ""),
            invitations=int(row["invitations"]),
            crs_cutoff=int(row["crs_cutoff"]),
            tie_break=row["tie_break"],
            source=row["source"],
        )
        for number, row in draws.items()
        if number not in existing
    ]
    if new:
        ExpressEntryDraw.objects.bulk_create(new)
        counts["draws"] += len(new)


@transaction.atomic
def load_program_data() -> Counter:
    """Load every seed file; returns how many rows of each kind were created (empty: no change)."""
    counts: Counter = Counter()
    load_grids(counts)
    load_programs(counts)
    load_occupation_lists("occupation_lists.json", counts)
    load_occupation_lists("ee_category_lists.json", counts)
    load_criteria(counts)
    load_categories(counts)
    load_draws(counts)
    if counts:
        bump_rules_version()
    return counts
