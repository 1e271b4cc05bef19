"""The criterion admin: a form per kind, generated from its parameter model; no JSON is typed.

Every kind of `CRITERION_PARAMS` is covered by the parametrized tests, so a new kind is too: its
example parameters come from the shipped rules (a criterion of that kind, or an `any_of` option).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Annotated, Any

import pytest
from django import forms
from django.urls import reverse
from pydantic import BaseModel, Field

from programs.criterion_forms import build_spec, initial_of, params_of
from programs.engine.criteria_params import CLB, CRITERION_PARAMS, canonical_params
from programs.models import Criterion, Program
from tests.criterion_admin import (
    change_criterion,
    change_page_data,
    change_url,
    form_errors,
    post_data,
)

pytestmark = pytest.mark.django_db

KINDS = sorted(CRITERION_PARAMS)
ADD_URL = reverse("admin:programs_criterion_add")


def shipped_example(kind: str) -> dict[str, Any]:
    """Parameters of this kind from the shipped rules (a criterion, else an any_of option)."""
    for rule in Criterion.objects.order_by("pk"):
        if rule.kind == kind:
            return rule.params
    for rule in Criterion.objects.filter(kind="any_of").order_by("pk"):
        for option in rule.params["options"]:
            if option["kind"] == kind:
                return option["params"]
    raise AssertionError(f"no shipped rule of kind {kind!r}: add one, or an example here")


def new_rule(kind: str, params: dict[str, Any]) -> Criterion:
    return Criterion.objects.create(
        program=Program.objects.get(slug="express-entry-fsw"),
        code=f"example-{kind.replace('_', '-')}",
        kind=kind,
        params=params,
        message_en="Example",
        message_fr="Exemple",
        effective_from=date(2030, 1, 1),
    )


def chosen(kind: str, params: dict[str, Any]) -> dict[str, str]:
    """The add page's query: the kind, and an any_of's options' kinds."""
    options = [option["kind"] for option in params.get("options", [])]
    return {"kind": kind} | {f"option{i}": option for i, option in enumerate(options)}


def param_fields(form: forms.BaseForm) -> dict[str, forms.Field]:
    return {name: field for name, field in form.fields.items() if name.startswith("param__")}


def a_bad_value(field: forms.Field) -> Any:
    """A value the field must refuse, or None when none can be posted (a checkbox)."""
    if isinstance(field, forms.IntegerField):
        return field.max_value + 1 if field.max_value is not None else "twelve"
    if isinstance(field, forms.MultipleChoiceField):
        return ["no-such-choice"]
    if isinstance(field, forms.ChoiceField):
        return "no-such-choice"
    if isinstance(field, forms.CharField):
        return "x" * ((field.max_length or 5) + 1)
    return None


@pytest.mark.parametrize("kind", KINDS)
def test_the_add_form_of_each_kind_saves_valid_parameters(admin_client, kind):
    example = shipped_example(kind)
    stored = new_rule(kind, example)
    data = change_page_data(admin_client, stored)
    page = admin_client.get(ADD_URL, chosen(kind, example))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert param_fields(form), f"{kind}: no parameter fields"
    change_form = admin_client.get(change_url(stored)).context["adminform"].form
    assert set(param_fields(form)) == set(param_fields(change_form))
    assert "params" not in form.fields  # no JSON box
    data |= {"code": "added", "effective_from": "2031-01-01"}
    response = admin_client.post(f"{ADD_URL}?{page.wsgi_request.GET.urlencode()}", data)
    assert response.status_code == 302, form_errors(response)
    added = Criterion.objects.get(code="added")
    assert added.kind == kind
    assert added.params == canonical_params(kind, example)


@pytest.mark.parametrize("kind", KINDS)
def test_the_change_form_of_each_kind_saves_valid_parameters(admin_client, kind):
    rule = new_rule(kind, shipped_example(kind))
    data = change_page_data(admin_client, rule)
    form = admin_client.get(change_url(rule)).context["adminform"].form
    numbers = [
        (name, field.max_value)
        for name, field in param_fields(form).items()
        if isinstance(field, forms.IntegerField) and field.max_value is not None
    ]
    changed = numbers[-1:]  # the last number, set to its highest (a maximum age stays above)
    data |= {name: str(value) for name, value in changed}
    response = admin_client.post(change_url(rule), data)
    assert response.status_code == 302, form_errors(response)
    rule.refresh_from_db()
    assert rule.params == canonical_params(kind, rule.params)
    shown = admin_client.get(change_url(rule)).context["adminform"].form.initial
    assert all(shown[name] == value for name, value in changed)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_refuses_a_bad_value_with_an_error_on_its_field(admin_client, kind):
    rule = new_rule(kind, shipped_example(kind))
    stored = dict(rule.params)
    form = admin_client.get(change_url(rule)).context["adminform"].form
    bad = {name: a_bad_value(field) for name, field in param_fields(form).items()}
    bad = {name: value for name, value in bad.items() if value is not None}
    if not bad:
        # Only checkboxes: no value a browser posts is wrong; a forged one is still a boolean.
        assert all(isinstance(f, forms.BooleanField) for f in param_fields(form).values())
        name = next(iter(param_fields(form)))
        assert change_criterion(admin_client, rule, **{name: "maybe"}).status_code == 302
        rule.refresh_from_db()
        assert all(isinstance(value, bool) for value in rule.params.values())
        return
    name, value = next(iter(bad.items()))
    errors = form_errors(change_criterion(admin_client, rule, **{name: value}))
    assert list(errors) == [name]
    rule.refresh_from_db()
    assert rule.params == stored


def test_raising_a_clb_minimum_is_choosing_a_number(admin_client):
    rule = Criterion.objects.get(program__slug="ontario-hcp", code="language")
    levels = {f"param__levels__{ability}": 8 for ability in rule.params["levels"]}
    assert change_criterion(admin_client, rule, **levels).status_code == 302
    rule.refresh_from_db()
    assert rule.params == {
        "language": "any_official",
        "levels": {"listening": 8, "reading": 8, "writing": 8, "speaking": 8},
    }


def test_a_pydantic_error_lands_on_its_field(admin_client):
    """No ability given: the model's 'at least 1 item' goes to the first ability's box."""
    rule = Criterion.objects.get(program__slug="ontario-hcp", code="language")
    empty = {f"param__levels__{ability}": "" for ability in rule.params["levels"]}
    errors = form_errors(change_criterion(admin_client, rule, **empty))
    assert list(errors) == ["param__levels__listening"]
    assert "at least 1 item" in errors["param__levels__listening"][0]


def test_an_option_of_any_of_is_edited_and_checked_on_its_own_fields(admin_client):
    rule = Criterion.objects.get(program__slug="quebec-pilot-ai", code="french-or-francization")
    page = admin_client.get(change_url(rule)).content.decode()
    assert "Option 1: Language min" in page and "Option 2: Profile flag" in page
    response = change_criterion(admin_client, rule, param__options__0__levels__speaking=13)
    assert list(form_errors(response)) == ["param__options__0__levels__speaking"]
    response = change_criterion(admin_client, rule, param__options__0__levels__speaking=8)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.params["options"][0]["params"]["levels"] == {"listening": 7, "speaking": 8}
    assert rule.params["options"][1]["kind"] == "profile_flag"


def tech_experience() -> Criterion:
    return Criterion.objects.get(program__slug="ontario-hcp", code="tech-experience")


def test_a_typo_in_a_slug_is_refused_on_its_field(admin_client):
    rule = tech_experience()
    response = change_criterion(admin_client, rule, param__occupation_list="ontario-tekh")
    errors = form_errors(response)
    assert list(errors) == ["param__occupation_list"]
    assert "ontario-tekh" in errors["param__occupation_list"][0]
    assert "Occupation list" in response.content.decode()  # the field's label
    rule.refresh_from_db()
    assert rule.params["occupation_list"] == "ontario-tech"


def test_a_stored_typo_is_shown_as_missing_and_refused_at_save_naming_the_field(admin_client):
    """A slug changed outside the admin: the form shows it, and saving names the field."""
    rule = tech_experience()
    Criterion.objects.filter(pk=rule.pk).update(
        params=rule.params | {"occupation_list": "ontario-tekh"}
    )
    rule.refresh_from_db()
    assert "ontario-tekh (missing)" in admin_client.get(change_url(rule)).content.decode()
    errors = form_errors(change_criterion(admin_client, rule))
    assert errors == {"param__occupation_list": ["no occupation list is named 'ontario-tekh'"]}


def test_a_program_slug_typo_is_refused_on_the_programs_field(admin_client):
    rule = Criterion.objects.get(program__slug="ontario-hcp", code="express-entry-profile")
    response = change_criterion(
        admin_client, rule, param__programs=["express-entry-fsw", "express-entry-cek"]
    )
    assert list(form_errors(response)) == ["param__programs"]


def test_a_list_not_in_force_over_the_whole_rule_is_refused_on_its_field(admin_client):
    rule = tech_experience()
    response = change_criterion(admin_client, rule, effective_from="2015-01-01")
    errors = form_errors(response)
    assert errors["param__occupation_list"] == [
        "the occupation list 'ontario-tech' is not in force on 2015-01-01"
    ]


def test_the_raw_json_is_shown_read_only(admin_client):
    rule = tech_experience()
    page = admin_client.get(change_url(rule))
    html = page.content.decode()
    assert '<pre class="raw-params">' in html and "&quot;occupation_list&quot;" in html
    assert 'name="params"' not in html
    # A forged JSON value is ignored: the parameters come from the fields only.
    data = change_page_data(admin_client, rule) | {"params": '{"months": 1}'}
    assert admin_client.post(change_url(rule), data).status_code == 302
    rule.refresh_from_db()
    assert rule.params["months"] == 12


def test_adding_asks_the_kind_first(admin_client):
    page = admin_client.get(ADD_URL)
    html = page.content.decode()
    assert page.status_code == 200
    for kind in KINDS:
        assert f'value="{kind}"' in html
    assert 'name="param__' not in html
    one_option = admin_client.get(ADD_URL, {"kind": "any_of", "option0": "province"})
    assert "needs the kinds of at least two options" in one_option.content.decode()
    chosen_page = admin_client.get(ADD_URL, {"kind": "experience"})
    assert 'name="param__months"' in chosen_page.content.decode()


def test_the_fields_have_labels_help_and_units(admin_client):
    rule = tech_experience()
    form = admin_client.get(change_url(rule)).context["adminform"].form
    months = form.fields["param__months"]
    assert months.label == "Work needed" and "1,560 hours" in months.help_text
    assert (months.min_value, months.max_value) == (1, 240)
    html = admin_client.get(change_url(rule)).content.decode()
    assert '<span class="param-unit">months</span>' in html
    assert isinstance(form.fields["param__exclude_self_employed"], forms.BooleanField)
    teers = form.fields["param__teers"]
    assert isinstance(teers.widget, forms.CheckboxSelectMultiple)
    assert [value for value, _label in teers.choices] == [0, 1, 2, 3, 4, 5]
    slugs = [value for value, _label in form.fields["param__occupation_list"].choices]
    assert "ontario-tech" in slugs and "" in slugs


def test_the_form_speaks_french(admin_client):
    rule = tech_experience()
    admin_client.cookies["django_language"] = "fr"
    page = admin_client.get(change_url(rule), HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert "Travail exigé" in html and "mois" in html


def test_post_data_reads_what_the_page_shows(admin_client):
    data = post_data(admin_client.get(change_url(tech_experience())).context["adminform"].form)
    assert data["param__months"] == "12" and data["param__teers"] == ["0", "1", "2", "3"]


def test_overlapping_dates_are_still_refused(admin_client):
    rule = Criterion.objects.get(program__slug="ontario-hcp", code="language")
    later = Criterion.objects.create(
        program=rule.program,
        code=rule.code,
        kind=rule.kind,
        params=rule.params,
        message_en="x",
        message_fr="x",
        effective_from=date(2030, 1, 1),
    )
    Criterion.objects.filter(pk=rule.pk).update(effective_to=date(2029, 12, 31))
    errors = form_errors(change_criterion(admin_client, later, effective_from="2029-06-01"))
    assert "overlap" in errors["__all__"][0]


def test_an_earlier_version_opens_in_the_form_from_the_history(admin_client):
    rule = Criterion.objects.get(program__slug="ontario-hcp", code="language")
    assert change_criterion(admin_client, rule, param__levels__reading=8).status_code == 302
    first = rule.history.order_by("history_date").first()
    url = reverse("admin:programs_criterion_simple_history", args=[rule.pk, first.history_id])
    form = admin_client.get(url).context["adminform"].form
    assert form.initial["param__levels__reading"] == 7


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


class WithEnums(BaseModel):
    """A parameter model written with Enum types instead of Literal ones."""

    colour: Colour = Field(title="Colour", description="Which colour")
    maybe: Colour | None = None
    per_colour: dict[Colour, Annotated[int, Field(ge=0, le=9)]] = Field(json_schema_extra=CLB)
    many: list[Colour] = Field(default=[Colour.RED], min_length=1)


def test_the_generator_reads_enums_as_it_reads_literals():
    spec = build_spec(WithEnums, "param", {})
    fields = spec.fields
    assert [value for value, _ in fields["param__colour"].choices] == ["red", "blue"]
    assert fields["param__colour"].required and fields["param__colour"].help_text == "Which colour"
    assert [value for value, _ in fields["param__maybe"].choices] == ["", "red", "blue"]
    assert not fields["param__maybe"].required
    assert fields["param__per_colour__blue"].max_value == 9
    assert fields["param__per_colour__blue"].widget.unit == "CLB"
    assert isinstance(fields["param__many"].widget, forms.CheckboxSelectMultiple)
    cleaned = {
        "param__colour": "blue",
        "param__maybe": None,
        "param__per_colour__red": 3,
        "param__per_colour__blue": None,
        "param__many": ["red", "blue"],
    }
    params = params_of(spec, cleaned)
    assert WithEnums.model_validate(params).per_colour == {Colour.RED: 3}
    assert initial_of(spec, WithEnums.model_validate(params).model_dump(mode="json")) == cleaned


def test_an_error_of_the_whole_model_lands_on_its_first_field(admin_client):
    rule = new_rule("age_range", {"min": 18, "max": 45})
    errors = form_errors(change_criterion(admin_client, rule, param__min=50, param__max=40))
    assert errors == {"param__min": ["Value error, min must not be above max"]}


def test_a_programs_page_lists_its_criteria_read_only_and_still_saves(admin_client):
    program = Program.objects.get(slug="ontario-hcp")
    url = reverse("admin:programs_program_change", args=[program.pk])
    page = admin_client.get(url)
    html = page.content.decode()
    assert 'name="criteria-0-params"' not in html and 'name="criteria-0-code"' not in html
    assert reverse("admin:programs_criterion_change", args=[program.criteria.first().pk]) in html
    data = post_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        for form in formset.forms:
            data |= post_data(form)  # names with the form's prefix, as rendered
    data["summary_en"] = "Changed."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    program.refresh_from_db()
    assert program.summary_en == "Changed."
    assert Criterion.objects.filter(program=program, code="language").get().params["levels"]
