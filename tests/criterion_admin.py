"""Posting the generated criterion form of the admin the way a browser does (no JSON typed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from programs.models import Criterion


def post_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser posts for this unbound form as rendered: every field's shown value."""
    data: dict[str, Any] = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(bound.field, forms.MultipleChoiceField):  # nothing ticked: nothing sent
            if value:
                data[bound.html_name] = [str(v) for v in value]
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def change_url(rule: Criterion) -> str:
    return reverse("admin:programs_criterion_change", args=[rule.pk])


def change_page_data(client, rule: Criterion) -> dict[str, Any]:
    page = client.get(change_url(rule))
    assert page.status_code == 200
    return post_data(page.context["adminform"].form)


def change_criterion(client, rule: Criterion, **fields: Any):
    """Posts the change page of `rule` with these form fields changed, e.g.
    `param__levels__writing=8` or `param__occupation_list="ontario-tekh"`."""
    data = change_page_data(client, rule) | fields
    return client.post(change_url(rule), data)


def form_errors(response) -> dict[str, list[str]]:
    """The errors of the admin form a refused post shows again, by field ('__all__' for none)."""
    assert response.status_code == 200, "the form was saved, not refused"
    form = response.context["adminform"].form
    return {name: list(errors) for name, errors in form.errors.items()}
