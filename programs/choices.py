"""The engine's vocabularies (`programs/engine/vocabulary.py`) as Django choices and labels.

The engine is Django-free: its terms carry English labels (msgids). Here they become
`gettext_lazy` strings, so a form, a model field or the admin shows them in the request's
language. The wizard, `programs.models.Jurisdiction` and the admin take their choices from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from programs.engine.vocabulary import Term


def label(term: Term) -> Promise:
    """The term's label in the active language (lazy)."""
    return gettext_lazy(term.english)


def choices(vocabulary: Iterable[Term]) -> list[tuple[str, Promise]]:
    """(code, label) pairs of a vocabulary, in its order."""
    return [(term.value, label(term)) for term in vocabulary]
