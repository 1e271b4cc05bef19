"""The wizard's forms as HTML, built in Python: the Bootstrap 5 markup crispy-forms made (a wrapper
`div_<id>` per field, labels, radio groups in a fieldset, errors and help text tied to their field),
without crispy's and Django's nests of templates.

Through crispy-bootstrap5 and Django's widget templates a field took a dozen template includes, and
a <select> one more per <option>: about half of the server's time on a step. The attributes still
come from Django (`required`, `aria-invalid`, `aria-describedby`, ids, formatted values); only the
string building is done here, and fixed choices are escaped once per language. Choices are flat
(value, label) pairs: the wizard has no option groups.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django import forms
from django.forms.widgets import Input
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

ASTERISK = '<span class="asteriskField">*</span>'
HONEYPOT_STYLE = "position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden"
Escaped = list[tuple[str, str, str]]  # (value, value escaped, label escaped)


class Options(BaseChoiceIterator):
    """A field's fixed choices. Every copy of the field shares them (a form deep-copies its fields
    each time it is built), and they are escaped once per language."""

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
            escaped = self._escaped[language] = _escape(self.choices)
        return escaped


def _escape(choices: Iterable[tuple[Any, Any]]) -> Escaped:
    return [(str(value), _quoted(value), conditional_escape(label)) for value, label in choices]


def _quoted(value: Any) -> str:
    """An attribute's value escaped, as Django's escape() does (without its check for lazy
    strings, a tenth of the time of a form)."""
    return html.escape(str(value))


def form_html(form: forms.BaseForm, honeypot: str = "") -> SafeString:
    """The form's errors and fields; the `honeypot` field is hidden from people (CSS, aria-hidden)."""
    parts = []
    errors = form.non_field_errors()
    if errors:
        items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
        parts.append(
            f'<div class="alert alert-block alert-danger"><ul class="m-0">{items}</ul></div>'
        )
    for bound in form:
        html = field_html(bound)
        if bound.name == honeypot:
            html = f'<div class="hp-field" aria-hidden="true" style="{HONEYPOT_STYLE}">{html}</div>'
        parts.append(html)
    return mark_safe("\n".join(parts))  # every value in it is escaped (help texts are HTML)


def hidden_html(*forms_: forms.BaseForm) -> SafeString:
    """The hidden inputs of management forms (formtools' and a formset's), as Django renders them."""
    return mark_safe("".join(_widget(bound) for form in forms_ for bound in form))


def field_html(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if bound.is_hidden:
        return _widget(bound)
    if isinstance(widget, forms.RadioSelect):
        return _radio_field(bound)
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox_field(bound)
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    label = ""
    if bound.label:
        target = f' for="{bound.id_for_label}"' if bound.id_for_label else ""
        label = f'<label{target} class="form-label{_required(bound)}">{_label(bound)}</label>'
    return (
        f'<div id="div_{bound.auto_id}" class="mb-3">{label}{_widget(bound, bootstrap)}'
        f"{_errors(bound, 'span')}{_help(bound)}</div>"
    )


def _checkbox_field(bound: forms.BoundField) -> str:
    label = ""
    if bound.label:
        label = (
            f' <label for="{bound.id_for_label}" class="form-check-label{_required(bound)}">'
            f"{_label(bound)}</label>"
        )
    return (
        f'<div class="mb-3"><div id="div_{bound.auto_id}" class="form-check">'
        f"{_widget(bound, 'form-check-input')}{label}{_errors(bound, 'span')}{_help(bound)}</div></div>"
    )


def _radio_field(bound: forms.BoundField) -> str:
    """Django's radio options (ids `<id>_<n>`, the first matching value checked), each with its
    label, in a fieldset whose legend is the field's label."""
    widget = bound.field.widget
    id_ = widget.attrs.get("id") or bound.auto_id
    attrs = widget.build_attrs(widget.attrs, bound.build_widget_attrs({"id": id_} if id_ else {}))
    values = widget.format_value(bound.value())
    head = (
        f'<div class="form-check"><input type="radio" class="form-check-input'
        f'{" is-invalid" if bound.errors else ""}" name="{_quoted(bound.html_name)}" value="'
    )
    choices = _choices(widget)
    options, chosen = [], False
    for index, (value, value_html, label_html) in enumerate(choices):
        option = dict(attrs, id=f"{id_}_{index}") if id_ else dict(attrs)
        if not chosen and value in values:
            option["checked"] = chosen = True
        errors = _errors(bound, "p") if index == len(choices) - 1 else ""
        options.append(
            f'{head}{value_html}"{_attrs(option)}> <label for="{option.get("id", "")}" '
            f'class="form-check-label">{label_html}</label>{errors}</div>'
        )
    described = bound.aria_describedby
    described = f' aria-describedby="{described}"' if described else ""
    legend = ""
    if bound.label:
        legend = f'<legend class="form-label{_required(bound)} fs-6">{_label(bound)}</legend>'
    return (
        f'<div id="div_{bound.auto_id}" class="mb-3"><fieldset{described}>{legend}'
        f"<div>{''.join(options)}</div>{_help(bound)}</fieldset></div>"
    )


def _widget(bound: forms.BoundField, bootstrap: str = "") -> str:
    """The widget, classed as crispy classed it (its class name, then Bootstrap's), as Django's
    input.html or select.html would render it."""
    widget = bound.field.widget
    extra = {}
    if bootstrap:
        invalid = " is-invalid" if bound.errors else ""
        extra["class"] = f"{type(widget).__name__.lower()} {bootstrap}{invalid}"
    attrs = bound.build_widget_attrs(extra)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        return _select(bound, widget.build_attrs(widget.attrs, attrs))
    if not isinstance(widget, Input):
        return bound.as_widget(attrs=extra)  # none in the wizard: Django's own template
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    value = "" if context["value"] is None else f' value="{_quoted(context["value"])}"'
    return (
        f'<input type="{context["type"]}" name="{_quoted(context["name"])}"{value}'
        f"{_attrs(context['attrs'])}>"
    )


def _select(bound: forms.BoundField, attrs: dict[str, Any]) -> str:
    values = bound.field.widget.format_value(bound.value())
    parts = [f'<select name="{_quoted(bound.html_name)}"{_attrs(attrs)}>']
    chosen = False
    for value, value_html, label_html in _choices(bound.field.widget):
        selected = not chosen and value in values  # the first match only, as Django does
        chosen = chosen or selected
        parts.append(
            f'\n  <option value="{value_html}"{" selected" if selected else ""}>{label_html}</option>'
        )
    parts.append("\n</select>")
    return "".join(parts)


def _choices(widget: forms.ChoiceWidget) -> Escaped:
    choices = widget.choices
    return choices.escaped() if isinstance(choices, Options) else _escape(choices)


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's attrs.html: True is a bare attribute, False none."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_quoted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _label(bound: forms.BoundField) -> str:
    return f"{conditional_escape(bound.label)}{ASTERISK if bound.field.required else ''}"


def _required(bound: forms.BoundField) -> str:
    return " requiredField" if bound.field.required else ""


def _errors(bound: forms.BoundField, tag: str) -> str:
    errors = bound.errors  # a new empty list at each call for a field without errors
    if not errors:
        return ""
    items = "".join(
        f'<{tag} id="error_{number}_{bound.auto_id}"><strong>{conditional_escape(error)}</strong></{tag}>'
        for number, error in enumerate(errors, start=1)
    )
    return f'<div id="{bound.auto_id}_error" class="invalid-feedback">{items}</div>'


def _help(bound: forms.BoundField) -> str:
    if not bound.help_text:
        return ""
    id_ = f'id="{bound.auto_id}_helptext" ' if bound.auto_id else ""
    return f'<div {id_}class="form-text">{bound.help_text}</div>'  # help text is HTML, as in Django
