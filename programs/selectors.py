"""Reads about the rules: which rules name a row staff are about to delete."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Criterion, ExpressEntryCategory, OccupationList, first_day_without_list

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
