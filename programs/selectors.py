"""Reads over the rule rows for staff (the engine reads through `programs.loader`): what to
check, and which rules name a row staff are about to delete; and the engine's NOC index."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse

from occupations.models import NocCrosswalk, Occupation

from .engine.rules import NocIndex
from .models import (
    Criterion,
    ExpressEntryCategory,
    OccupationList,
    ProgramStatus,
    ScoringGrid,
    SourcedRule,
    first_day_without_list,
)


@dataclass(frozen=True)
class RuleToCheck:
    kind: str
    label: str
    why: str
    checked_on: date | None
    staff_note: str
    url: str


def rules_to_check(today: date) -> list[RuleToCheck]:
    """Dated rule versions with no source, marked unconfirmed, or not checked for 6 months.

    One query per kind of rule; only the rows that need checking are read.
    """
    stale = today.toordinal() - SourcedRule.STALE_AFTER_DAYS
    needs = (
        Q(source_url="")
        | Q(unconfirmed=True)
        | Q(checked_on__isnull=True)
        | Q(checked_on__lt=date.fromordinal(stale))
    )
    querysets = [
        ("program status", ProgramStatus.objects.select_related("program")),
        ("criterion", Criterion.objects.select_related("program")),
        ("occupation list", OccupationList.objects.all()),
        ("grid", ScoringGrid.objects.all()),
        ("Express Entry category", ExpressEntryCategory.objects.all()),
    ]
    rows = []
    for kind, queryset in querysets:
        for row in queryset.filter(needs):
            target = row.program if isinstance(row, ProgramStatus) else row  # statuses are inline
            meta = target._meta
            rows.append(
                RuleToCheck(
                    kind=kind,
                    label=_label(row),
                    why=row.needs_check(today),
                    checked_on=row.checked_on,
                    staff_note=row.staff_note,
                    url=reverse(
                        f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk]
                    ),
                )
            )
    return rows


def _label(row: SourcedRule) -> str:
    if isinstance(row, ProgramStatus | Criterion):
        name = row.code if isinstance(row, Criterion) else row.status
        return f"{row.program.slug}: {name} from {row.effective_from}"
    return str(row)


RuleRow = Criterion | ExpressEntryCategory


def rules_left_without_list(versions: Iterable[OccupationList]) -> list[RuleRow]:
    """The rules that would name a list on a day it has no version, once `versions` are gone."""
    versions = list(versions)
    gone = [v.pk for v in versions]
    found: list[RuleRow] = []
    for slug in sorted({v.slug for v in versions}):
        naming = [
            c
            for c in Criterion.objects.select_related("program")
            if c.names("occupation_list", slug)
        ]
        naming += list(ExpressEntryCategory.objects.filter(occupation_list=slug))
        found += [
            rule
            for rule in naming
            if first_day_without_list(
                slug, rule.effective_from, rule.effective_to, leaving_out=gone
            )
            is not None
        ]
    return found


def rules_naming_programs(slugs: Iterable[str]) -> list[Criterion]:
    """Criteria of other programs that name one of these programs."""
    slugs = set(slugs)
    return [
        c
        for c in Criterion.objects.select_related("program").exclude(program__slug__in=slugs)
        if any(c.names("program", slug) for slug in slugs)
    ]


def noc_index() -> NocIndex:
    """The engine's NOC index (TEER by 2021 code, 2016 -> 2021 codes), in two queries."""
    teer = dict(Occupation.objects.values_list("code", "teer"))
    crosswalk: dict[str, list[str]] = {}
    rows = NocCrosswalk.objects.order_by("noc2016__code", "occupation__code").values_list(
        "noc2016__code", "occupation__code"
    )
    for code2016, code2021 in rows:
        crosswalk.setdefault(code2016, []).append(code2021)
    return NocIndex(teer=teer, crosswalk={k: tuple(v) for k, v in crosswalk.items()})
