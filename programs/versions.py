"""Making the next version of a dated rule (criterion, occupation list, grid, EE category)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from .engine.errors import RuleError
from .models import DatedRule


@transaction.atomic
def supersede_versions(*, rules: list[DatedRule], from_day: date) -> list[DatedRule]:
    """End each version the day before `from_day` and open a copy of it from `from_day`.

    The copy keeps the old version's end (usually none), its fields and its many-to-many rows
    (an occupation list's occupations), so staff only edit what changes. All or nothing: a
    version that does not run on `from_day`, or a copy that would overlap another version,
    raises RuleError and nothing is saved. Both rows pass the admin's own validation.
    """
    return [_supersede(rule, from_day) for rule in rules]


def _supersede(rule: DatedRule, from_day: date) -> DatedRule:
    current = type(rule)._default_manager.select_for_update().get(pk=rule.pk)
    if from_day <= current.effective_from or (
        current.effective_to is not None and from_day > current.effective_to
    ):
        end = current.effective_to.isoformat() if current.effective_to else "-"
        raise RuleError(
            f"{current}: the new version must start after {current.effective_from} and by "
            f"its end ({end})."
        )
    related = {f.name: list(getattr(current, f.name).all()) for f in current._meta.many_to_many}
    copy = type(current)._default_manager.get(pk=current.pk)
    copy.pk = None
    copy._state.adding = True
    copy.effective_from = from_day
    current.effective_to = from_day - timedelta(days=1)
    try:
        current.full_clean()
        current.save()
        copy.full_clean()
        copy.save()
    except ValidationError as error:
        raise RuleError(f"{current}: {'; '.join(error.messages)}") from None
    for name, rows in related.items():
        getattr(copy, name).set(rows)
    return copy
