"""How the wizard words the answers: the steps' titles, an answer in plain words and a job in one
line. The review step and the lead's admin page both use them, so a consultant reads the answers
as the applicant read them before submitting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STEP_TITLES = {
    "about": gettext_lazy("About you"),
    "spouse": gettext_lazy("Spouse or partner"),
    "education": gettext_lazy("Education"),
    "languages": gettext_lazy("Languages"),
    "work": gettext_lazy("Work history"),
    "job_offer": gettext_lazy("Job offer"),
    "connections": gettext_lazy("Canada connections and money"),
    "quebec": gettext_lazy("Quebec"),
    "contact": gettext_lazy("Contact and consent"),
    "review": gettext_lazy("Review and submit"),
}


def number(value: float) -> str:
    return formats.number_format(int(value) if float(value).is_integer() else value)


def answer_in_words(bound_field: forms.BoundField, cleaned: Mapping[str, Any]) -> str:
    """An answer in plain words, from the cleaned value (or the raw one for choices)."""
    field, raw = bound_field.field, bound_field.value()
    value = cleaned.get(bound_field.name)
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if value in (None, "") or raw in (None, ""):
        return ""
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(str(raw), raw))
    if isinstance(field, forms.DateField):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(field, forms.FloatField):
        return number(value)
    return str(value)


def job_line_of(form: forms.Form) -> str:
    """A job of the work step's formset in one line, from its cleaned data."""
    return job_line(form.cleaned_data, dict(form.fields["country"].choices))


def job_line(data: Mapping[str, Any], country_names: Mapping[str, Any]) -> str:
    """A job in one line: title, NOC, country, dates and hours a week."""
    country = country_names.get(data["country"], data["country"])
    values = {
        "title": data.get("title") or _("Job"),
        "noc": data["noc"],
        "country": country,
        "start": formats.date_format(data["start"], "DATE_FORMAT"),
        "hours": number(data["hours_per_week"]),
    }
    if data.get("current") or not data.get("end"):
        return (
            _("%(title)s (NOC %(noc)s), %(country)s, since %(start)s, %(hours)s hours a week")
            % values
        )
    values["end"] = formats.date_format(data["end"], "DATE_FORMAT")
    return (
        _("%(title)s (NOC %(noc)s), %(country)s, from %(start)s to %(end)s, %(hours)s hours a week")
        % values
    )
