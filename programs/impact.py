"""The rules as they would be without some rule versions: what an impact preview compares with.

"Without" a version means as if it had never been saved. A version that continues an earlier
one (the earlier one ends the day before it starts, as "Supersede from a date" leaves them) gives
that day back to the earlier one, which then runs to the removed version's end: previewing a
CLB 8 version that superseded a CLB 7 one compares CLB 8 with CLB 7, not with no rule at all. A
version with no predecessor is simply left out, and so is a program status (the status before it
applies again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from .models import (
    Criterion,
    DatedRule,
    ExpressEntryCategory,
    OccupationList,
    ProgramStatus,
    ScoringGrid,
)

#: The rule models a preview can leave versions of out, by model name (as in admin URLs).
PREVIEW_MODELS: dict[str, type[Any]] = {
    model._meta.model_name: model
    for model in (Criterion, OccupationList, ScoringGrid, ExpressEntryCategory, ProgramStatus)
}

RuleRef = tuple[str, int]  # (model name, primary key)


@dataclass(frozen=True)
class RuleOverlay:
    """Rows left out, and rows whose end moves, when the loader builds a rule set."""

    left_out: frozenset[RuleRef] = frozenset()
    ends: dict[RuleRef, date | None] = field(default_factory=dict)

    def _name(self, model: type[Any]) -> str:
        return model._meta.model_name

    def excluded(self, model: type[Any]) -> list[int]:
        name = self._name(model)
        return [pk for model_name, pk in self.left_out if model_name == name]

    def keeps(self, row: Any) -> bool:
        return (self._name(type(row)), row.pk) not in self.left_out

    def end(self, row: DatedRule) -> date | None:
        return self.ends.get((self._name(type(row)), row.pk), row.effective_to)

    def in_force(self, model: type[Any], day: date) -> QuerySet:
        """The rows of a dated model in force on `day` with this overlay applied."""
        rows = model.objects.in_force(day)
        if not self:
            return rows
        name = self._name(model)
        extended = [
            pk
            for (model_name, pk), end in self.ends.items()
            if model_name == name and (end is None or end >= day)
        ]
        if extended:
            rows = model.objects.filter(
                Q(pk__in=rows.values("pk")) | Q(pk__in=extended, effective_from__lte=day)
            )
        return rows.exclude(pk__in=self.excluded(model))

    def __bool__(self) -> bool:
        return bool(self.left_out or self.ends)


NO_OVERLAY = RuleOverlay()


def overlay_without(refs: Iterable[RuleRef]) -> RuleOverlay:
    """The overlay that removes these versions (see the module's docstring)."""
    left_out = frozenset(refs)
    ends: dict[RuleRef, date | None] = {}
    for name, model in PREVIEW_MODELS.items():
        chosen = [pk for model_name, pk in left_out if model_name == name]
        if not chosen or not issubclass(model, DatedRule):
            continue
        for rule in model.objects.filter(pk__in=chosen):
            ends.update(_give_back(rule, left_out))
    return RuleOverlay(left_out, ends)


def _give_back(rule: DatedRule, left_out: frozenset[RuleRef]) -> dict[RuleRef, date | None]:
    """The earlier version that runs over `rule`'s days once `rule` (and the other versions left
    out that follow it without a gap) are gone; {} when none continues into it."""
    name = rule._meta.model_name
    key = {
        rule._meta.get_field(field).attname: getattr(rule, rule._meta.get_field(field).attname)
        for field in rule.version_of
    }
    versions = list(type(rule).objects.filter(**key).order_by("effective_from"))
    index = next(i for i, version in enumerate(versions) if version.pk == rule.pk)
    if index == 0:
        return {}
    previous = versions[index - 1]
    if (name, previous.pk) in left_out:
        return {}  # the first left-out version of the run gives the days back
    if previous.effective_to != rule.effective_from - timedelta(days=1):
        return {}
    end = rule.effective_to
    for version in versions[index + 1 :]:  # the run of left-out versions that follows it
        if (name, version.pk) not in left_out or end is None:
            break
        if version.effective_from != end + timedelta(days=1):
            break
        end = version.effective_to
    return {(name, previous.pk): end}


def pending_versions(today: date) -> list[RuleRef]:
    """Every rule version saved but not in force yet (it starts after `today`)."""
    return [
        (name, pk)
        for name, model in PREVIEW_MODELS.items()
        for pk in model.objects.filter(effective_from__gt=today)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]


def parse_refs(values: Iterable[str]) -> list[RuleRef]:
    """'criterion:12' strings (admin URLs) to references; unknown models or ids are dropped."""
    refs: list[RuleRef] = []
    for value in values:
        name, _sep, pk = value.partition(":")
        if name in PREVIEW_MODELS and pk.isdigit() and (name, int(pk)) not in refs:
            refs.append((name, int(pk)))
    return refs


def versions_of(refs: Iterable[RuleRef]) -> list[Any]:
    """The rule rows behind these references that still exist, in the order given."""
    refs = list(refs)
    rows: dict[RuleRef, Any] = {}
    for name, model in PREVIEW_MODELS.items():
        pks = [pk for model_name, pk in refs if model_name == name]
        if pks:
            queryset = model.objects.filter(pk__in=pks)
            if model in (Criterion, ProgramStatus):
                queryset = queryset.select_related("program")
            rows.update({(name, row.pk): row for row in queryset})
    return [rows[ref] for ref in refs if ref in rows]


def version_label(rule: Any) -> str:
    """A line naming a version for staff: what it is and when it runs."""
    if isinstance(rule, ProgramStatus):
        return f"{rule.program.slug}: {rule.get_status_display()} from {rule.effective_from}"
    end = rule.effective_to.isoformat() if rule.effective_to else "-"
    if isinstance(rule, Criterion):
        what = f"{rule.program.slug} / {rule.code}"
    else:
        what = rule.key if isinstance(rule, ScoringGrid) else rule.slug
    kind = rule._meta.verbose_name
    return f"{kind} {what}: {rule.effective_from.isoformat()} to {end}"
