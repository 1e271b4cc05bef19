"""Rule cases: the shipped YAML cases pass (CI), staff add cases, failures show beside the rule."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from programs.cases import check_case, file_cases, run_rule_cases
from programs.loader import clear_cache
from programs.models import Criterion, RuleCase, RuleCaseFailure
from programs.scoring import RulesByDay
from tests.criterion_admin import change_criterion

SHIPPED = list(file_cases())


def test_at_least_40_cases_ship_with_unique_names_and_every_program():
    assert len(SHIPPED) >= 40
    assert len({case.name for case in SHIPPED}) == len(SHIPPED)
    programs = {slug for case in SHIPPED for slug in case.expected.get("programs", {})}
    assert programs >= {
        "express-entry-fsw",
        "express-entry-cec",
        "express-entry-fst",
        "ontario-hcp",
        "bc-pnp-tech",
        "alberta-accelerated-tech",
        "quebec-pilot-ai",
        "quebec-pilot-it-vfx",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("case", SHIPPED, ids=[case.name for case in SHIPPED])
def test_shipped_rule_case(case):
    assert check_case(case, RulesByDay()) == []


def fsw_language() -> Criterion:
    return Criterion.objects.get(program__slug="express-entry-fsw", code="language")


def post_levels(client, rule: Criterion, level: int):
    boxes = {f"param__levels__{ability}": level for ability in rule.params["levels"]}
    return change_criterion(client, rule, **boxes)


@pytest.mark.django_db
def test_a_rule_save_that_breaks_a_case_shows_it_beside_the_rule(
    admin_client, django_capture_on_commit_callbacks
):
    rule = fsw_language()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_levels(admin_client, rule, 10).status_code == 302
    failure = RuleCaseFailure.objects.get(case_name="fsw-typical-pass")
    assert failure.broken_by == rule
    assert "express-entry-fsw: not_eligible, expected eligible" in failure.message
    page = admin_client.get(reverse("admin:programs_criterion_change", args=[rule.pk]))
    assert "fsw-typical-pass" in page.content.decode()
    listing = admin_client.get(reverse("admin:programs_criterion_changelist"), {"q": "language"})
    assert "failing rule cases" in listing.content.decode().lower()
    other = Criterion.objects.get(program__slug="express-entry-cec", code="language")
    other_page = admin_client.get(reverse("admin:programs_criterion_change", args=[other.pk]))
    assert "fsw-typical-pass" not in other_page.content.decode()
    # Putting the rule back clears the failure. (Inside this test's one transaction the first
    # save's rules-version bump still counts as pending, so the second save queues none: clear.)
    clear_cache()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_levels(admin_client, rule, 7).status_code == 302
    assert not RuleCaseFailure.objects.filter(case_name="fsw-typical-pass").exists()


@pytest.mark.django_db
def test_staff_add_a_case_in_the_admin_and_it_runs(
    admin_client, django_capture_on_commit_callbacks
):
    profile = SHIPPED[0].profile
    data = {
        "name": "my-fsw-case",
        "as_of": "2025-06-01",
        "profile": json.dumps(profile),
        "expected": json.dumps({"programs": {"express-entry-fsw": "not_eligible"}}),
        "notes": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:programs_rulecase_add"), data)
    assert response.status_code == 302
    assert RuleCaseFailure.objects.get(case_name="my-fsw-case").origin == "admin"
    listing = admin_client.get(reverse("admin:programs_rulecase_changelist")).content.decode()
    assert "fails: express-entry-fsw: eligible, expected not_eligible" in listing


@pytest.mark.django_db
def test_a_case_with_a_bad_profile_or_expectation_is_a_form_error(admin_client):
    data = {
        "name": "bad",
        "as_of": "2025-06-01",
        "profile": json.dumps({"date_of_birth": "1990-01-01"}),
        "expected": json.dumps({"programs": {"express-entry-fsw": "maybe"}}),
        "notes": "",
    }
    response = admin_client.post(reverse("admin:programs_rulecase_add"), data)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not RuleCase.objects.exists()


@pytest.mark.django_db
def test_a_case_failing_already_keeps_the_rule_it_was_blamed_on():
    RuleCase.objects.create(
        name="always-fails",
        as_of=date(2025, 6, 1),
        profile=SHIPPED[0].profile,
        expected={"crs": 1},
    )
    first, second = Criterion.objects.all()[:2]
    assert "always-fails" in run_rule_cases(changed=first)
    run_rule_cases(changed=second)
    assert RuleCaseFailure.objects.get(case_name="always-fails").broken_by == first
    assert RuleCaseFailure.objects.count() == 1  # the shipped cases all pass
