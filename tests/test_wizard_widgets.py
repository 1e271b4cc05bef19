"""OptionsSelect writes out what Django's Select templates render, for the wizard's fixed choices
(the same elements, attributes and text; whitespace between tags and attribute order aside)."""

from __future__ import annotations

import copy

import pytest
from django import forms
from django.test.html import parse_html
from django.utils import translation

from assessments.wizard import choices
from assessments.wizard.widgets import Options, OptionsSelect

COUNTRIES = Options([("", "---"), *choices.COUNTRIES])
TRICKY = Options([("a&b", 'A "quoted" <label>'), ("x", "X"), ("x", "X again")])


@pytest.mark.parametrize("options", [COUNTRIES, TRICKY])
@pytest.mark.parametrize("value", [None, "", "CA", "a&b", "x", "nowhere"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_markup_is_djangos(options, value, language):
    attrs = {"id": "id_country", "class": "select form-select", "required": True, "data-x": 'q"'}
    with translation.override(language):
        ours = OptionsSelect(choices=options).render("country", value, attrs)
        djangos = forms.Select(choices=list(options)).render("country", value, attrs)
    assert parse_html(ours) == parse_html(djangos)
    assert ours.count(" selected") == djangos.count(" selected")


def test_copies_of_a_field_share_its_choices():
    field = forms.ChoiceField(choices=COUNTRIES, widget=OptionsSelect)
    copied = copy.deepcopy(field)
    assert copied.choices is COUNTRIES  # not a deep copy of 250 pairs for each form built
    assert copied.widget.choices is COUNTRIES
