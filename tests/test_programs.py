"""Programs as admin-editable dated data: seeding, validation, the admin, and the rule loader."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from programs.loader import load_rules
from programs.models import (
    Criterion,
    ExpressEntryCategory,
    OccupationList,
    Program,
    ProgramStatus,
    RulesVersion,
    ScoringGrid,
)
from tests.reference import SEED_PROGRAMS, row_counts

pytestmark = pytest.mark.django_db


def test_seed_holds_every_program_with_criteria_and_a_status():
    programs = Program.objects.prefetch_related("criteria", "statuses")
    assert {p.slug for p in programs} == SEED_PROGRAMS
    for program in programs:
        assert program.criteria.exists(), program.slug
        assert program.statuses.exists(), program.slug


def test_loading_reference_data_again_changes_nothing():
    before = row_counts()
    version = RulesVersion.objects.get().number
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert row_counts() == before
    assert RulesVersion.objects.get().number == version


def test_reload_keeps_staff_edits_and_restores_deleted_rows(admin_user):
    criterion = Criterion.objects.filter(program__slug="express-entry-fsw").first()
    criterion.message_en = "Edited by staff"
    criterion._history_user = admin_user  # what the admin records for a change it saves
    criterion.save()
    Program.objects.get(slug="ontario-hcp").delete()
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    criterion.refresh_from_db()
    assert criterion.message_en == "Edited by staff"
    assert (
        f"Kept the staff edit of criterion {criterion.code} of express-entry-fsw" in out.getvalue()
    )
    assert Program.objects.get(slug="ontario-hcp").criteria.exists()


def test_reload_skips_a_new_version_that_overlaps_a_version_staff_kept(admin_user):
    """Staff kept B.C.'s old job-offer rule open-ended: the file's next version is not forced in."""
    bc = Program.objects.get(slug="bc-pnp-tech")
    Criterion.objects.filter(
        program=bc, code="job-offer", effective_from=date(2024, 11, 26)
    ).delete()
    old = Criterion.objects.get(program=bc, code="job-offer")
    old.effective_to = None
    old._history_user = admin_user
    old.save()
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    old.refresh_from_db()
    assert old.effective_to is None
    assert Criterion.objects.filter(program=bc, code="job-offer").count() == 1
    assert "Did not add criterion job-offer of bc-pnp-tech from 2024-11-26" in out.getvalue()


def test_reload_brings_unedited_rows_up_to_date_and_says_so():
    """An existing database seeded with older files gets the new rules; staff edits stay."""
    hcp = Program.objects.get(slug="ontario-hcp")
    hcp.summary_en = "An older summary"
    hcp.save()  # no user: a row the loader wrote, never touched in the admin
    grid = ScoringGrid.objects.get(key="clb_tef_canada", effective_from=date(2019, 10, 1))
    grid.table = json.loads(json.dumps(grid.table).replace("263", "566"))
    grid.save()
    ProgramStatus.objects.filter(program=hcp, effective_from=date(2026, 5, 30)).delete()
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    hcp.refresh_from_db()
    grid.refresh_from_db()
    assert hcp.summary_en != "An older summary"
    assert grid.table["abilities"]["reading"][-1] == {"at_least": 263, "level": 10}
    assert hcp.statuses.get(effective_from=date(2026, 5, 30)).status == "closed"
    text = out.getvalue()
    assert "Updated program ontario-hcp: summary_en." in text
    assert "Updated grid clb_tef_canada from 2019-10-01: table." in text
    assert "1 statuses" in text


def test_a_criterion_with_bad_parameters_is_refused():
    program = Program.objects.get(slug="express-entry-fsw")
    criterion = Criterion(
        program=program,
        code="new-language",
        kind="language_min",
        params={"levels": {"writing": 15}},
        message_en="x",
        message_fr="x",
        effective_from=date(2030, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        criterion.full_clean()
    assert "params" in error.value.message_dict
    assert "levels.writing" in error.value.message_dict["params"][0]


def test_overlapping_versions_of_a_grid_are_refused():
    current = ScoringGrid.objects.get(key="crs_age", effective_to__isnull=True)
    newer = ScoringGrid(key="crs_age", effective_from=date(2030, 1, 1), table=current.table)
    with pytest.raises(ValidationError, match="overlap"):
        newer.full_clean()
    current.effective_to = date(2029, 12, 31)
    current.full_clean()
    current.save()
    newer.full_clean()  # once the old version ends, the new one fits


def test_end_before_start_is_refused():
    grid = ScoringGrid.objects.get(key="crs_age")
    grid.effective_to = date(2000, 1, 1)
    with pytest.raises(ValidationError) as error:
        grid.full_clean()
    assert "effective_to" in error.value.message_dict


def test_effective_dates_select_the_grid_of_the_day():
    before = load_rules(date(2025, 3, 24))
    after = load_rules(date(2025, 3, 25))
    assert before.grids["crs_additional"].job_offer.other == 50
    assert before.grids["crs_additional"].job_offer.senior_management == 200
    assert after.grids["crs_additional"].job_offer.other == 0
    assert before.grid_versions["crs_additional"] != after.grid_versions["crs_additional"]
    funds = lambda day: load_rules(day).grids["proof_of_funds"].amounts[0]  # noqa: E731
    assert funds(date(2025, 7, 6)) == 14690
    assert funds(date(2025, 7, 7)) == 15263


def test_program_status_and_criteria_follow_their_dates(django_capture_on_commit_callbacks):
    load_rules(date(2029, 6, 1))  # cached before the change: the change must still be seen
    program = Program.objects.get(slug="express-entry-cec")
    criterion = program.criteria.first()
    criterion.effective_to = date(2029, 12, 31)
    with django_capture_on_commit_callbacks(execute=True):
        ProgramStatus.objects.create(
            program=program, status="paused", effective_from=date(2030, 1, 1)
        )
        criterion.save()

    def cec(day: date):
        return next(p for p in load_rules(day).programs if p.slug == "express-entry-cec")

    assert cec(date(2029, 12, 31)).status == "open"
    assert criterion.code in {c.code for c in cec(date(2029, 12, 31)).criteria}
    assert cec(date(2030, 1, 1)).status == "paused"
    assert criterion.code not in {c.code for c in cec(date(2030, 1, 1)).criteria}


def test_occupation_lists_resolve_noc_2016_codes_through_the_crosswalk():
    alberta = OccupationList.objects.get(slug="alberta-tech", noc_version="2016")
    assert alberta.occupations_2016.filter(code="2174").exists()
    codes = load_rules(date(2026, 6, 1)).occupation_lists["alberta-tech"]
    assert {"21230", "21232", "21234"} <= codes  # 2174 -> three NOC 2021 codes
    assert all(len(code) == 5 for code in codes)


def test_categories_in_force_follow_the_year():
    def slugs(day: date) -> set[str]:
        return {c.slug for c in load_rules(day).categories}

    assert ExpressEntryCategory.objects.exists()
    assert slugs(date(2024, 6, 1)) != slugs(date(2026, 6, 1))
    rules_2026 = load_rules(date(2026, 6, 1))
    assert all(
        not c.continuous and c.min_experience_months in (0, 12) for c in rules_2026.categories
    )


def test_rules_are_loaded_once_and_reloaded_after_an_admin_change(
    django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    day = date(2026, 6, 1)
    with django_assert_max_num_queries(14):
        first = load_rules(day)
    with django_assert_max_num_queries(1):
        assert load_rules(day) is first
    with django_assert_max_num_queries(1):  # another day of the same interval: the same rules
        other_day = load_rules(date(2026, 6, 2))
    assert other_day.as_of == date(2026, 6, 2)
    assert other_day.programs is first.programs and other_day.verdicts is first.verdicts

    grid = ScoringGrid.objects.get(key="crs_additional", effective_to__isnull=True)
    grid.table = {**grid.table, "sibling": 20}
    with django_capture_on_commit_callbacks(execute=True):
        grid.save()
    reloaded = load_rules(day)
    assert reloaded is not first
    assert reloaded.grids["crs_additional"].sibling == 20


# --- the admin -----------------------------------------------------------------------------


def _admin_urls(user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            if hasattr(model, "history"):
                urls.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
    return urls


def test_every_admin_page_opens_for_staff(admin_client, admin_user):
    urls = _admin_urls(admin_user)
    assert len(urls) > 30
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("query", ["2174", "développeur", "stem", "=cmd", "'; drop table"])
def test_admin_searches_never_fail(admin_client, query):
    for name in ("program", "criterion", "occupationlist", "scoringgrid", "expressentrycategory"):
        response = admin_client.get(reverse(f"admin:programs_{name}_changelist"), {"q": query})
        assert response.status_code == 200


def _criterion_post(program: Program, **changes) -> dict:
    """The add form of a language_min criterion as filled in (the kind is in the URL)."""
    data = {
        "program": program.pk,
        "code": "new-rule",
        "param__language": "first",
        "param__levels__writing": "7",
        "message_en": "CLB 7 in writing",
        "message_fr": "NCLC 7 en expression écrite",
        "effective_from": "2030-01-01",
        "effective_to": "",
        "position": 0,
    }
    return data | changes


ADD_LANGUAGE_MIN = reverse("admin:programs_criterion_add") + "?kind=language_min"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"param__levels__writing": "15"}, "less than or equal to 12"),
        ({"param__levels__writing": ""}, "at least 1 item"),
        ({"param__language": "klingon"}, "Select a valid choice"),
        ({"param__levels__writing": "seven"}, "Enter a whole number"),
    ],
)
def test_admin_refuses_bad_criterion_parameters_with_a_form_error(admin_client, changes, expected):
    program = Program.objects.get(slug="express-entry-fsw")
    response = admin_client.post(ADD_LANGUAGE_MIN, _criterion_post(program, **changes))
    assert response.status_code == 200  # the form again, not a redirect and not a 500
    assert expected in response.content.decode()
    assert not Criterion.objects.filter(code="new-rule").exists()


def test_admin_saves_a_good_criterion(admin_client):
    program = Program.objects.get(slug="express-entry-fsw")
    response = admin_client.post(ADD_LANGUAGE_MIN, _criterion_post(program))
    assert response.status_code == 302
    rule = Criterion.objects.get(code="new-rule")
    assert rule.history.count() == 1
    assert rule.params == {"language": "first", "levels": {"writing": 7}}


def test_admin_refuses_a_broken_grid(admin_client):
    grid = ScoringGrid.objects.get(key="crs_age", effective_to__isnull=True)
    url = reverse("admin:programs_scoringgrid_change", args=[grid.pk])
    table = json.dumps(
        {
            "rows": [
                {"at_least": 30, "with_spouse": 1, "single": 1},
                {"at_least": 18, "with_spouse": 1, "single": 1},
            ]
        }
    )
    response = admin_client.post(
        url,
        {
            "key": "crs_age",
            "effective_from": "2015-01-01",
            "table": table,
            "source": "",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "ascending" in response.content.decode()
    grid.refresh_from_db()
    assert grid.table["rows"][0]["at_least"] == 0
