"""Fixed choices shared by every copy of a field, and a <select> that renders them quickly.

crispy-forms renders the wizard's fields. Inside a field, Django's Select widget renders one
template per <option>: the two country lists of the first step (about 250 options each) and the
job rows' country lists cost more than all the rest of a page. `OptionsSelect` writes the same
markup from the choices escaped once per language.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

Escaped = list[tuple[str, str, str]]  # (value, value escaped, label escaped)


class Options(BaseChoiceIterator):
    """A field's fixed (value, label) choices. Every copy of the field shares them (a form
    deep-copies its fields each time it is built), and they are escaped once per language."""

    def __init__(self, choices: Sequence[tuple[str, Any]]) -> None:
        self.choices = tuple(choices)
        self._escaped: dict[str | None, Escaped] = {}

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.choices)

    def __copy__(self) -> Options:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Options:
        return self

    def escaped(self) -> Escaped:
        language = get_language()
        escaped = self._escaped.get(language)
        if escaped is None:
            escaped = self._escaped[language] = [
                (str(value), html.escape(str(value)), conditional_escape(label))
                for value, label in self.choices
            ]
        return escaped


class OptionsSelect(forms.Select):
    """Django's select.html and select_option.html, written out for `Options` choices (flat: the
    wizard has no option groups); any other choices render through Django's templates."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if not isinstance(self.choices, Options):
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        parts = [
            f'<select name="{html.escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>'
        ]
        chosen = False
        for option, option_html, label_html in self.choices.escaped():
            selected = not chosen and option in values  # the first match only, as Django does
            chosen = chosen or selected
            parts.append(
                f'\n  <option value="{option_html}"{" selected" if selected else ""}>'
                f"{label_html}</option>"
            )
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value and label is escaped above
