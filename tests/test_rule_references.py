"""References between rules are checked: at save (form error), at load (RuleError), at delete."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from programs.engine import RuleError
from programs.loader import build_rules
from programs.models import Criterion, ExpressEntryCategory, OccupationList, Program
from tests.criterion_admin import change_criterion

pytestmark = pytest.mark.django_db


def tech_experience() -> Criterion:
    return Criterion.objects.get(program__slug="ontario-hcp", code="tech-experience")


def test_a_typo_in_an_occupation_list_slug_is_a_form_error(admin_client):
    rule = tech_experience()
    response = change_criterion(admin_client, rule, param__occupation_list="ontario-tekh")
    assert response.status_code == 200
    assert "ontario-tekh is not one of the available choices" in response.content.decode()
    rule.refresh_from_db()
    assert rule.params["occupation_list"] == "ontario-tech"


def test_a_list_not_in_force_for_the_whole_rule_is_a_form_error(admin_client):
    rule = tech_experience()
    Criterion.objects.filter(pk=rule.pk).update(effective_from=date(2015, 1, 1))
    rule.refresh_from_db()
    response = change_criterion(admin_client, rule)
    assert "the occupation list &#x27;ontario-tech&#x27; is not in force on 2015-01-01" in (
        response.content.decode()
    )


def test_programs_named_by_a_rule_and_nested_options_are_checked():
    rule = Criterion.objects.get(program__slug="ontario-hcp", code="express-entry-profile")
    rule.params = {"programs": ["express-entry-fsw", "express-entry-cek"]}
    with pytest.raises(Exception, match="programs: no program is named 'express-entry-cek'"):
        rule.full_clean()
    rule.kind = "any_of"
    rule.params = {
        "options": [
            {"kind": "province", "params": {"province": "ON"}},
            {"kind": "job_offer", "params": {"occupation_list": "bc-tek"}},
        ]
    }
    with pytest.raises(Exception, match=r"options\.1\.params\.occupation_list: no occupation"):
        rule.full_clean()


def test_an_ee_category_naming_a_missing_list_is_refused():
    category = ExpressEntryCategory.objects.filter(kind="occupation").first()
    category.occupation_list = "stem-tekh"
    with pytest.raises(Exception, match="No occupation list is named 'stem-tekh'"):
        category.full_clean()


def test_loading_a_rule_that_names_a_missing_list_raises_rule_error_naming_it():
    """A row changed behind the admin's back: scoring stops instead of using an empty list."""
    Criterion.objects.filter(pk=tech_experience().pk).update(
        params=tech_experience().params | {"occupation_list": "ontario-tekh"}
    )
    with pytest.raises(RuleError, match="Criterion tech-experience of ontario-hcp") as error:
        build_rules(date(2025, 6, 1))
    assert "'ontario-tekh'" in str(error.value)


def test_loading_a_category_whose_list_is_gone_raises_rule_error():
    category = ExpressEntryCategory.objects.in_force(date(2025, 6, 1)).get(slug="healthcare")
    ExpressEntryCategory.objects.filter(pk=category.pk).update(occupation_list="gone")
    with pytest.raises(RuleError, match="category healthcare"):
        build_rules(date(2025, 6, 1))


def test_the_engine_never_reads_a_missing_list_as_empty():
    rules = build_rules(date(2025, 6, 1))
    assert rules.occupation_list("ontario-tech")
    with pytest.raises(RuleError, match="No occupation list 'ontario-tekh' is in force"):
        rules.occupation_list("ontario-tekh")


def test_the_shipped_rules_load_every_other_month_from_mid_2024_to_2027():
    day = date(2024, 6, 1)  # the first proof-of-funds grid is from 2024-05-28
    while day < date(2028, 1, 1):
        assert build_rules(day).programs
        day += timedelta(days=61)


def test_deleting_a_list_a_rule_names_is_refused_and_lists_the_rules(admin_client):
    current = OccupationList.objects.get(slug="ontario-tech", effective_to__isnull=True)
    url = reverse("admin:programs_occupationlist_delete", args=[current.pk])
    page = admin_client.get(url).content.decode()
    assert "criterion tech-experience of ontario-hcp (2019-07-12 to -)" in page
    admin_client.post(url, {"post": "yes"})
    assert OccupationList.objects.filter(pk=current.pk).exists()
    # The bulk action refuses the same way.
    admin_client.post(
        reverse("admin:programs_occupationlist_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [current.pk], "post": "yes"},
    )
    assert OccupationList.objects.filter(pk=current.pk).exists()


def test_deleting_a_list_version_others_cover_is_allowed(admin_client):
    current = OccupationList.objects.get(slug="ontario-tech", effective_to__isnull=True)
    extra = OccupationList.objects.create(
        slug="ontario-tech",
        name_en="x",
        name_fr="x",
        effective_from=date(2030, 1, 1),
    )
    OccupationList.objects.filter(pk=current.pk).update(effective_to=date(2029, 12, 31))
    url = reverse("admin:programs_occupationlist_delete", args=[extra.pk])
    OccupationList.objects.filter(pk=current.pk).update(effective_to=None)  # now it covers 2030
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not OccupationList.objects.filter(pk=extra.pk).exists()


def test_deleting_a_program_other_rules_name_is_refused(admin_client):
    fsw = Program.objects.get(slug="express-entry-fsw")
    url = reverse("admin:programs_program_delete", args=[fsw.pk])
    page = admin_client.get(url).content.decode()
    assert "criterion express-entry-profile of ontario-hcp" in page
    admin_client.post(url, {"post": "yes"})
    assert Program.objects.filter(pk=fsw.pk).exists()
