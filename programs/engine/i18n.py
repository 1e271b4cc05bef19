"""The engine's translations: the project's own gettext catalogue, read without Django.

The engine has no Django settings, so it cannot call `django.utils.translation`. It marks its
English strings with `gettext_noop` (or `pgettext_lazy(context, message)` where one English word
needs two French ones; that name is one makemessages extracts with its context), which `manage.py makemessages` extracts into `locale/<lang>/LC_MESSAGES/django.po` with
the rest of the project, and translates them here from the compiled `django.mo` with the
standard library's `gettext`. Translators therefore see one catalogue, and
`compilemessages` serves the web pages and the engine alike.
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path
from types import MappingProxyType

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ("en", "fr")  # English is the source language: its strings are the msgids

# Loaded once at import, never changed: the engine holds no mutable module state here.
_CATALOGUES = MappingProxyType(
    {
        language: _gettext.translation("django", LOCALE_DIR, languages=[language], fallback=True)
        for language in LANGUAGES
        if language != "en"
    }
)


def gettext_noop(message: str) -> str:
    """Mark `message` for extraction; it is translated later, in the applicant's language."""
    return message


class InContext(str):
    """An English msgid that carries its gettext context (`pgettext_lazy`'s result)."""

    context: str


def pgettext_lazy(context: str, message: str) -> str:
    """Mark `message` with a context for extraction (no Django: it is not translated here).

    Named as Django's lazy function only because makemessages extracts that name with its
    context. The result is `message` (an `InContext` string that remembers `context`), so
    `translate(result, language)` looks it up with its context.
    """
    marked = InContext(message)
    marked.context = context
    return marked


def translate(message: str, language: str) -> str:
    """`message` (an English msgid) in `language`; English, or an untranslated one, unchanged.

    A message marked with `pgettext_lazy` is looked up with its context. The empty string stays
    empty (gettext would return the catalogue's header for it).
    """
    catalogue = _CATALOGUES.get(language)
    if catalogue is None or not message:
        return str(message)
    context = getattr(message, "context", None)
    if context is not None:
        return catalogue.pgettext(context, message)
    return catalogue.gettext(message)


def ptranslate(context: str, message: str, language: str) -> str:
    """`translate` for a string marked with `pgettext_lazy(context, message)`."""
    catalogue = _CATALOGUES.get(language)
    return message if catalogue is None else catalogue.pgettext(context, message)
