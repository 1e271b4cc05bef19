"""Your score over the next 24 months: the pure outlook, the rules over a period, the result page.

The pure tests build rule sets from the seed files (tests.rulesets) and have no database access:
pytest-django would fail any query they made.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import translation

from assessments.models import Assessment
from assessments.outlook import (
    MIN_TICK_GAP,
    Outlook,
    OutlookChange,
    Reason,
    RulesTimeline,
    add_months,
    candidate_days,
    describe_change,
    outlook_chart,
    outlook_for_profile,
    rule_change_days,
    rules_timeline,
    score_outlook,
)
from assessments.services import Consent, Contact, assessment_score, assessment_submit
from assessments.wizard.results import result_token
from programs.engine import assess, parse_profile
from programs.loader import load_rules
from programs.models import Program, ProgramStatus
from programs.scoring import RulesByDay
from tests.profiles import AS_OF, born_aged, clb, job, profile
from tests.rulesets import rules_for

RULES = rules_for(AS_OF)
ONE_SEGMENT = RulesTimeline(((AS_OF, RULES),))


def outlook_of(document: dict, timeline: RulesTimeline = ONE_SEGMENT) -> Outlook:
    return score_outlook(
        profile=parse_profile(json.dumps(document)), as_of=AS_OF, timeline=timeline
    )


def crs_on(document: dict, day: date) -> int:
    return assess(parse_profile(json.dumps(document)), replace(RULES, as_of=day))["crs"]["total"]


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    assert add_months(date(2026, 6, 1), 24) == date(2028, 6, 1)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 2, 29), -12) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 25), -12) == date(2025, 11, 25)


def test_birthdays_lower_the_age_points():
    document = profile(date_of_birth=born_aged(29))  # 29 on AS_OF, birthday 100 days before
    outlook = outlook_of(document)
    assert [(c.day, c.delta) for c in outlook.changes] == [
        (date(2027, 2, 21), -5),
        (date(2028, 2, 21), -6),
    ]
    assert outlook.changes[0].reasons == (Reason("age", {"age": 30}),)
    with translation.override("en"):
        assert describe_change(outlook.changes[0]) == (
            "You turn 30 on Feb.\u00a021,\u00a02027 (-5 points): age points count on the day "
            "you are invited, so an invitation before then keeps them."
        )
    assert outlook.crs_start == crs_on(document, AS_OF)
    assert outlook.crs_end == crs_on(document, date(2028, 6, 1)) == outlook.crs_start - 11


def test_experience_points_change_on_the_exact_day_the_engine_counts_a_new_year():
    document = profile(date_of_birth=born_aged(25), work_experience=[job("21231", 1.5)])
    outlook = outlook_of(document)
    work = [c for c in outlook.changes if c.reasons[0].kind == "canadian_work"]
    assert len(work) == 2  # the 2nd and 3rd years of the current job
    for change in work:
        assert crs_on(document, change.day - timedelta(days=1)) == change.crs_before
        assert crs_on(document, change.day) == change.crs_after > change.crs_before
    assert work[0].reasons == (Reason("canadian_work", {"years": 2, "up": True}),)
    with translation.override("en"):
        assert "you reach 2 years of Canadian work experience: +" in describe_change(work[0])


def test_part_time_years_are_found_between_candidate_days():
    """20 hours a week: a year of experience takes 1.5 years, far from any anniversary."""
    document = profile(date_of_birth=born_aged(25), work_experience=[job("21231", 1.2, hours=20)])
    outlook = outlook_of(document)
    changes = [c for c in outlook.changes if c.reasons[0].kind == "canadian_work"]
    assert changes
    start = date.fromisoformat(document["work_experience"][0]["start"])
    assert all(abs((c.day - start).days % 365) > 20 for c in changes)
    for change in changes:
        assert crs_on(document, change.day - timedelta(days=1)) != crs_on(document, change.day)


def test_a_language_test_two_years_old_drops_its_points():
    test = clb(8, test="ielts_general") | {"test_date": "2025-01-10"}
    document = profile(date_of_birth=born_aged(35), languages={"first": test})
    outlook = outlook_of(document)
    expired = [c for c in outlook.changes if c.reasons[0].kind == "test_expired"]
    assert [c.day for c in expired] == [date(2027, 1, 11)]
    assert expired[0].delta < -100
    assert crs_on(document, date(2027, 1, 10)) == expired[0].crs_before
    with translation.override("en"):
        text = describe_change(expired[0])
    assert re.fullmatch(
        "Your IELTS result expires on Jan.\u00a011,\u00a02027 \\(-1[0-9]{2} points\\): "
        "book a new test before then.",
        text,
    )


def test_nothing_changes_for_a_profile_without_dated_facts():
    document = profile(date_of_birth=born_aged(50))  # no age points left to lose
    outlook = outlook_of(document)
    assert outlook.changes == ()
    assert outlook.crs_end == outlook.crs_start
    assert outlook.end == date(2028, 6, 1)
    chart = outlook_chart(outlook)
    assert chart.markers == [] and "V" not in chart.path


def test_a_rule_change_in_the_period_is_scored_with_the_new_rules():
    document = profile(date_of_birth=born_aged(50), sibling_in_canada=True)
    additional = RULES.grids["crs_additional"].model_copy(update={"sibling": 0})
    later = replace(RULES, grids=RULES.grids | {"crs_additional": additional})
    day = date(2027, 1, 1)
    outlook = outlook_of(document, RulesTimeline(((AS_OF, RULES), (day, later))))
    assert [(c.day, c.delta, c.reasons) for c in outlook.changes] == [
        (day, -15, (Reason("rules"),))
    ]


def test_candidate_days_come_from_the_profile():
    document = profile(
        date_of_birth="1990-07-04",
        languages={"first": clb(9) | {"test_date": "2025-03-01"}},
        work_experience=[job("21231", 2, country="IN", ended_days_ago=30)],
    )
    days = candidate_days(parse_profile(json.dumps(document)), AS_OF, date(2028, 6, 1))
    assert {date(2026, 7, 4), date(2027, 7, 4), date(2027, 3, 2)} <= days
    assert all(AS_OF < day <= date(2028, 6, 1) for day in days)


def test_several_reasons_on_one_day_are_said_together():
    change = OutlookChange(
        day=date(2027, 3, 14),
        crs_before=480,
        crs_after=476,
        reasons=(Reason("age", {"age": 30}), Reason("canadian_work", {"years": 3, "up": True})),
    )
    with translation.override("en"):
        assert describe_change(change) == (
            "On March\u00a014,\u00a02027 you turn 30 and you reach 3 years of Canadian work "
            "experience: -4 points"
        )
    with translation.override("fr"):
        text = describe_change(change)
    assert text == (
        "Le 14\u00a0mars\u00a02027, vous aurez 30 ans et vous atteindrez 3 ans d'expérience de travail "
        "au Canada\u00a0: -4 points"
    )


def test_chart_draws_a_step_per_change():
    outlook = outlook_of(profile(date_of_birth=born_aged(29)))
    chart = outlook_chart(outlook)
    assert chart.path.startswith(f"M{chart.plot['left']}.0 ")
    assert chart.path.endswith(f"H{chart.plot['right']}.0")
    assert chart.path.count("V") == len(outlook.changes) == len(chart.markers)
    assert [t["label"] for t in chart.x_ticks] == [
        "2026-06",
        "2026-12",
        "2027-06",
        "2027-12",
        "2028-06",
    ]
    gaps = [a["y"] - b["y"] for a, b in zip(chart.y_ticks[1:], chart.y_ticks, strict=False)]
    assert all(gap >= MIN_TICK_GAP for gap in gaps)


# --- With the database ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_rule_change_days_are_the_days_rows_start_or_stop():
    start = date(2025, 6, 1)
    days = rule_change_days(start=start, end=add_months(start, 24))
    # French category version 2, and the 2026 categories (the 2025 versions end the day before).
    assert {date(2026, 2, 6), date(2026, 2, 18)} <= days
    program = Program.objects.get(slug="express-entry-cec")
    ProgramStatus.objects.create(program=program, status="paused", effective_from=date(2027, 1, 5))
    assert date(2027, 1, 5) in rule_change_days(start=start, end=add_months(start, 24))


@pytest.mark.django_db
def test_timeline_gives_the_rules_the_loader_builds_for_each_day():
    start = date(2025, 6, 1)
    timeline = rules_timeline(start=start, end=add_months(start, 24), rules_by_day=RulesByDay())
    for day in (date(2025, 9, 9), date(2026, 2, 10), date(2026, 3, 1), date(2027, 5, 31)):
        expected, got = load_rules(day), timeline.on(day)
        assert got.as_of == day
        assert got.categories == expected.categories
        assert got.programs == expected.programs
        assert got.grid_versions == expected.grid_versions
        assert got.occupation_lists == expected.occupation_lists


@pytest.mark.django_db
def test_outlook_of_a_stored_profile_uses_the_rules_in_the_database():
    document = profile(date_of_birth=born_aged(29), work_experience=[job("21231", 1.5)])
    outlook = outlook_for_profile(profile=document, as_of=AS_OF, rules_by_day=RulesByDay())
    assert (
        outlook.crs_start
        == assess(parse_profile(json.dumps(document)), load_rules(AS_OF))["crs"]["total"]
    )
    assert {r.kind for c in outlook.changes for r in c.reasons} == {"age", "canadian_work"}


def scored_assessment(document: dict, language: str = "en") -> Assessment:
    assessment = assessment_submit(
        profile=document,
        contact=Contact(name="Ada Lovelace", email="ada@example.org", language=language),
        consent=Consent("privacy-2026-01", "10.0.0.1"),
        score_on_commit=False,
    )
    return assessment_score(assessment_id=assessment.pk, notify=False)


PAGE_PROFILE = profile(
    date_of_birth=born_aged(29),
    education={"level": "masters", "has_eca": True},
    languages={"first": clb(9, test="celpip_general") | {"test_date": "2025-01-10"}},
    work_experience=[job("21231", 1.5)],
    settlement_funds_cad=30000,
    family_size=1,
    intended_province="ON",
)


@pytest.mark.django_db
def test_result_page_shows_the_outlook_chart_and_its_changes_in_words(client):
    assessment = scored_assessment(PAGE_PROFILE)
    html = client.get(f"/en/assessment/result/{result_token(assessment)}/").content.decode()
    assert "Your score over the next 24 months" in html
    assert re.search(r'<svg class="outlook-chart"[^>]*role="img"', html)
    assert '<title id="outlook-svg-title">' in html and '<desc id="outlook-svg-desc">' in html
    assert "You turn 30 on Feb.\u00a021,\u00a02027 (-5 points)" in html
    assert "Your CELPIP result expires on " in html
    assert ": book a new test before then." in html
    assert re.search(r'<path class="step" d="M44\.0 [0-9.]+ H', html)


@pytest.mark.django_db
def test_result_page_outlook_in_french_keeps_svg_numbers_with_dots(client):
    assessment = scored_assessment(PAGE_PROFILE, language="fr")
    html = client.get(f"/fr/assessment/result/{result_token(assessment)}/").content.decode()
    assert "Votre score au cours des 24 prochains mois" in html
    assert "Vous aurez 30 ans le 21\u00a0février\u00a02027 (-5 points)\u00a0:" in html
    assert not re.search(r'(cx|cy|y1|y2|x)="\d+,\d', html)


@pytest.mark.django_db
@pytest.mark.parametrize("page_language", ["en", "fr"])
def test_result_page_stays_within_ten_queries(client, django_assert_max_num_queries, page_language):
    """With the rules of the day loaded in this process (as they are after the first page).

    In French the English result is scored again for its words, with the same rules.
    """
    assessment = scored_assessment(PAGE_PROFILE)
    url = f"/{page_language}/assessment/result/{result_token(assessment)}/"
    client.get(url)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert b'id="draws-title"' in response.content and b'id="outlook-title"' in response.content
