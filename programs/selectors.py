"""Reads over the rule rows for staff (the engine reads through `programs.loader`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse

from .models import (
    Criterion,
    ExpressEntryCategory,
    OccupationList,
    ProgramStatus,
    ScoringGrid,
    SourcedRule,
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
