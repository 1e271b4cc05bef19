"""Seeding the rule data from `programs/data/` (formats in programs/data/README.md).

A row missing from the database is created. A row that exists (same natural key) is brought up to
date with the file, unless staff changed it in the admin (it has a history entry made by a user):
then it is left alone and reported. Running the load twice changes nothing.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


def _added(row: Any, label: str, kind: str, counts: Counter, report: list[str]) -> bool:
    """Save a new rule version; one whose dates overlap a version staff kept is skipped and
    reported (the files themselves never overlap: tests/test_seed_data.py checks it)."""
    try:
        row.full_clean()
    except ValidationError as error:
        if set(error.message_dict) == {NON_FIELD_ERRORS}:
            report.append(
                f"Did not add {label}: its dates overlap a version staff edited; "
                "end that version in the admin, then load again."
            )
            counts["not added (overlap)"] += 1
            return False
        raise ValueError(f"{type(row).__name__} {row}: {error.message_dict}") from None
    row.save()
    counts[kind] += 1
    return True


SOURCE_FIELDS = ("source_url", "staff_note")


def _sourced(item: dict[str, Any]) -> dict[str, Any]:
    """The source fields every dated rule version carries in the files."""
    return {
        **{name: item.get(name, "") for name in SOURCE_FIELDS},
        "checked_on": _day(item.get("checked_on")),
        "unconfirmed": item.get("unconfirmed", False),
    }


def staff_edited(row: Any) -> bool:
    """True when someone changed this row in the admin (a history entry with a user)."""
    return row.history.filter(history_user__isnull=False).exists()


def _sync(row: Any, wanted: dict[str, Any], label: str, counts: Counter, report: list[str]) -> None:
    """Bring an existing row up to the file's values, unless staff edited it (then report it)."""
    changed = sorted(name for name, value in wanted.items() if getattr(row, name) != value)
    if not changed:
        return
    if staff_edited(row):
        report.append(f"Kept the staff edit of {label} (the file differs in {', '.join(changed)}).")
        counts["staff edits kept"] += 1
        return
    for name in changed:
        setattr(row, name, wanted[name])
    _checked(row).save()
    report.append(f"Updated {label}: {', '.join(changed)}.")
    counts["updated"] += 1


def load_grids(counts: Counter, report: list[str]) -> None:
    existing = {(g.key, g.effective_from): g for g in ScoringGrid.objects.all()}
    for item in _read("grids.json"):
        start = _day(item["effective_from"])
        wanted = {
            "effective_to": _day(item.get("effective_to")),
            "table": item["table"],
            "source": item.get("source", ""),
            "notes": item.get("notes", ""),
            **_sourced(item),
        }
        row = existing.get((item["key"], start))
        if row is not None:
            _sync(row, wanted, f"grid {item['key']} from {start}", counts, report)
            continue
        grid = ScoringGrid(key=item["key"], effective_from=start, **wanted)
        _added(grid, f"grid {item['key']} from {start}", "grids", counts, report)


def _program_fields(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: item.get(k, "") for k in ("name_en", "name_fr", "jurisdiction", "kind")},
        "summary_en": item.get("summary_en", ""),
        "summary_fr": item.get("summary_fr", ""),
        "official_url": item.get("official_url", ""),
        "rules_verified_on": _day(item.get("rules_verified_on")),
        "position": item.get("position", 0),
        "source": item.get("source", ""),
    }


def load_programs(counts: Counter, report: list[str]) -> None:
    programs = {p.slug: p for p in Program.objects.all()}
    statuses = {(s.program_id, s.effective_from): s for s in ProgramStatus.objects.all()}
    for item in _read("programs.json"):
        program = programs.get(item["slug"])
        if program is None:
            program = Program(slug=item["slug"], **_program_fields(item))
            _checked(program).save()
            counts["programs"] += 1
        else:
            _sync(program, _program_fields(item), f"program {program.slug}", counts, report)
        for status in item.get("statuses", []):
            start = _day(status["effective_from"])
            wanted = {
                "status": status["status"],
                "note_en": status.get("note_en", ""),
                "note_fr": status.get("note_fr", ""),
                **_sourced(status),
            }
            row = statuses.get((program.pk, start))
            if row is not None:
                _sync(row, wanted, f"status of {program.slug} from {start}", counts, report)
                continue
            ProgramStatus.objects.create(program=program, effective_from=start, **wanted)
            counts["statuses"] += 1


def load_criteria(counts: Counter, report: list[str]) -> None:
    """After the programs and lists: a criterion's references are checked when it is saved."""
    programs = {p.slug: p for p in Program.objects.all()}
    criteria = {(c.program_id, c.code, c.effective_from): c for c in Criterion.objects.all()}
    for item in _read("programs.json"):
        program = programs[item["slug"]]
        for rule in item.get("criteria", []):
            start = _day(rule["effective_from"])
            wanted = {
                "kind": rule["kind"],
                "params": rule.get("params", {}),
                "message_en": rule["message_en"],
                "message_fr": rule["message_fr"],
                "effective_to": _day(rule.get("effective_to")),
                "position": rule.get("position", 0),
                **_sourced(rule),
            }
            label = f"criterion {rule['code']} of {program.slug} from {start}"
            row = criteria.get((program.pk, rule["code"], start))
            if row is not None:
                _sync(row, wanted, label, counts, report)
                continue
            criterion = Criterion(
                program=program, code=rule["code"], effective_from=start, **wanted
            )
            _added(criterion, label, "criteria", counts, report)


def load_occupation_lists(name: str, counts: Counter, report: list[str]) -> None:
    existing = {(o.slug, o.effective_from): o for o in OccupationList.objects.all()}
    programs = dict(Program.objects.values_list("slug", "id"))
    occupations = dict(Occupation.objects.values_list("code", "id"))
    unit_groups = dict(Noc2016UnitGroup.objects.values_list("code", "id"))
    for item in _read(name):
        start = _day(item["effective_from"])
        known = unit_groups if item["noc_version"] == "2016" else occupations
        unknown = [code for code in item["codes"] if code not in known]
        if unknown:
            raise ValueError(
                f"List {item['slug']}: unknown NOC {item['noc_version']} codes {unknown}"
            )
        wanted = {
            "name_en": item["name_en"],
            "name_fr": item["name_fr"],
            "program_id": programs.get(item.get("program") or ""),
            "noc_version": item["noc_version"],
            "effective_to": _day(item.get("effective_to")),
            "source": item.get("source", ""),
            "notes": item.get("notes", ""),
            **_sourced(item),
        }
        row = existing.get((item["slug"], start))
        if row is not None:
            _sync(row, wanted, f"occupation list {item['slug']} from {start}", counts, report)
            continue
        occupation_list = OccupationList(slug=item["slug"], effective_from=start, **wanted)
        label = f"occupation list {item['slug']} from {start}"
        if not _added(occupation_list, label, "occupation_lists", counts, report):
            continue
        ids = [known[code] for code in item["codes"]]
        if item["noc_version"] == "2016":
            occupation_list.occupations_2016.set(ids)
        else:
            occupation_list.occupations.set(ids)


def load_categories(counts: Counter, report: list[str]) -> None:
    existing = {(c.slug, c.effective_from): c for c in ExpressEntryCategory.objects.all()}
    for item in _read("ee_categories.json"):
        start = _day(item["effective_from"])
        wanted = {
            "name_en": item["name_en"],
            "name_fr": item["name_fr"],
            "kind": item["kind"],
            "occupation_list": item.get("occupation_list") or "",
            "unsettled_list": item.get("unsettled_list") or "",
            "needs_caf_offer": item.get("needs_caf_offer", False),
            "min_experience_months": item.get("min_experience_months") or 0,
            "window_years": item.get("window_years") or 3,
            "continuous": item.get("continuous", False),
            "in_canada_only": item.get("in_canada_only", False),
            "min_nclc": item.get("min_nclc"),
            "effective_to": _day(item.get("effective_to")),
            "draw_name": item.get("draw_name", ""),
            "source": item.get("source", ""),
            "notes": item.get("notes", ""),
            **_sourced(item),
        }
        row = existing.get((item["slug"], start))
        if row is not None:
            _sync(row, wanted, f"category {item['slug']} from {start}", counts, report)
            continue
        category = ExpressEntryCategory(slug=item["slug"], effective_from=start, **wanted)
        _added(category, f"category {item['slug']} from {start}", "categories", counts, report)


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
def load_program_data(report: list[str] | None = None) -> Counter:
    """Load every seed file; returns how many rows of each kind were created, `updated` from the
    files, or `staff edits kept` (empty: no change). `report` gets a line per row
    updated or kept."""
    counts: Counter = Counter()
    report = [] if report is None else report
    load_grids(counts, report)
    load_programs(counts, report)
    load_occupation_lists("occupation_lists.json", counts, report)
    load_occupation_lists("ee_category_lists.json", counts, report)
    load_criteria(counts, report)
    load_categories(counts, report)
    load_draws(counts)
    if counts.keys() - {"staff edits kept", "not added (overlap)"}:
        bump_rules_version()
    return counts
