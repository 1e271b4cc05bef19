"""Reads for the occupations app: code lookup and search (the engine's NOC index is built by
`programs.selectors.noc_index`: the engine's types belong to programs, which reads this app)."""

from __future__ import annotations

import re

from django.db.models import Q

from .models import Occupation, normalize_text

_DIGITS = re.compile(r"^\d+\Z")


def _clean_code(code: str) -> str:
    return "".join((code or "").split())


def resolve_noc(code: str) -> list[Occupation]:
    """The NOC 2021 occupations a code stands for, ordered by code.

    A 5-digit code is a NOC 2021 code (that occupation); a 4-digit code is a NOC 2016 code (its
    2021 occupations through the crosswalk). Spaces are ignored; anything else gives [].
    """
    code = _clean_code(code)
    if not _DIGITS.match(code):
        return []
    if len(code) == 5:
        return list(Occupation.objects.filter(code=code))
    if len(code) == 4:
        # (noc2016, occupation) is unique, so the join cannot repeat an occupation.
        return list(Occupation.objects.filter(crosswalk_2016__noc2016__code=code))
    return []


def search_occupations(query: str, limit: int = 20) -> list[Occupation]:
    """Occupations matching a code prefix or title words, ordered by code, at most `limit`.

    Digits: NOC 2021 codes starting with them, or occupations whose NOC 2016 code does.
    Words: every word must appear in the English or French title or an example title; accents and
    case are ignored ("developpeur" finds "Développeurs") on any database, through the stored
    `Occupation.search_text`.
    """
    query = (query or "").strip()
    if not query or limit <= 0:
        return []
    code = _clean_code(query)
    if _DIGITS.match(code):
        condition = Q(code__startswith=code) | Q(crosswalk_2016__noc2016__code__startswith=code)
    else:
        words = normalize_text(query).split()
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
    # A subquery rather than distinct(): the crosswalk join can repeat an occupation.
    matching = Occupation.objects.filter(condition).values("pk")
    return list(Occupation.objects.filter(pk__in=matching).order_by("code")[:limit])
