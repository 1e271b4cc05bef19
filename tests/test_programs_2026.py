"""Programs as they stand on 2026-12-05 (issue 14), scored with the seeded database rules.

Typical applicants: what a consultant expects each to read for the programs that changed.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from assessments.emails import applicant_email
from assessments.wizard.results import result_token
from programs.engine import assess, parse_profile
from programs.engine.errors import ProfileError
from programs.loader import load_rules
from programs.models import Criterion, ExpressEntryCategory, Program, ProgramStatus
from tests.profiles import born_aged, clb, job, profile
from tests.test_french_pages import english_left
from tests.test_outlook import scored_assessment
from tests.test_wizard import ANSWERS, walk

pytestmark = pytest.mark.django_db

CHECKED_ON = date(2026, 12, 5)
OWP = "ontario-workforce-priority"
PSTQ = "quebec-pstq-high-qualification"
# What an applicant must never read: staff doubts, source remarks, bare province codes.
INTERNAL = re.compile(
    r"UNCONFIRMED|unconfirmed|third-party|3rd-party|non officiel|not encoded|"
    r"non confirm|\((AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\)"
)


def score(data: dict, day: date, language: str = "en") -> dict:
    data = {**data, "as_of": day.isoformat()}
    return assess(parse_profile(json.dumps(data)), load_rules(day), language=language)


def program(result: dict, slug: str) -> dict:
    return next(p for p in result["programs"] if p["slug"] == slug)


def developer_abroad(day: date, **changes) -> dict:
    """A software developer (21232) in India for 4 years, master's with an ECA, CLB 9, no offer."""
    fields = {
        "date_of_birth": born_aged(30, day),
        "education": {"level": "masters", "has_eca": True},
        "languages": {"first": clb(9)},
        "work_experience": [job("21232", 4, country="IN", as_of=day)],
        "settlement_funds_cad": 40_000,
        "family_size": 1,
        "intended_province": "ON",
    }
    return profile(**(fields | changes))


def test_ontario_hcp_is_open_in_2025_and_closed_after_the_repeal():
    assert program(score(developer_abroad(date(2025, 9, 1)), date(2025, 9, 1)), "ontario-hcp")[
        "outcome"
    ] == ("eligible")
    assert (
        program(score(developer_abroad(date(2026, 3, 1)), date(2026, 3, 1)), "ontario-hcp")[
            "outcome"
        ]
        == "eligible"
    )
    closed = program(score(developer_abroad(date(2026, 6, 1)), date(2026, 6, 1)), "ontario-hcp")
    assert closed["outcome"] == "closed"
    assert "May 30, 2026" in closed["criteria"][0]["message"]


def test_ontario_workforce_priority_tells_a_developer_abroad_to_find_an_ontario_offer():
    day = CHECKED_ON
    result = score(developer_abroad(day), day)
    owp = program(result, OWP)
    assert owp["outcome"] == "not_eligible"
    unmet = [c for c in owp["criteria"] if c["met"] is False]
    assert [c["code"] for c in unmet] == ["ontario-job-offer"]
    assert "Ontario" in unmet[0]["requirement"] and "permanent" in unmet[0]["requirement"]
    assert "job offer" in unmet[0]["message"]
    with_offer = developer_abroad(
        day, job_offer={"noc": "21232", "province": "ON", "full_time": True}
    )
    assert program(score(with_offer, day), OWP)["outcome"] != "not_eligible"
    assert OWP not in {
        p["slug"] for p in score(developer_abroad(day), date(2026, 6, 25))["programs"]
    }


def french_developer_for_quebec(day: date) -> dict:
    return profile(
        date_of_birth=born_aged(32, day),
        education={"level": "bachelors"},
        languages={"first": clb(8, 6, 6, 8, test="nclc")},
        work_experience=[job("21232", 3, country="FR", as_of=day)],
        intended_province="QC",
        quebec={"intends_to_live_in_quebec": True},
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_french_speaking_developer_for_quebec_gets_the_pstq_explained(language):
    result = score(french_developer_for_quebec(CHECKED_ON), CHECKED_ON, language)
    pstq = program(result, PSTQ)
    assert pstq["outcome"] == "eligible"
    assert [c["code"] for c in pstq["criteria"]] == [
        "live-in-quebec",
        "experience",
        "french",
        "adult",
    ]
    for criterion in pstq["criteria"]:
        assert criterion["met"] is True
        assert criterion["message"].strip() and criterion["requirement"].strip()
        assert not INTERNAL.search(criterion["message"] + criterion["requirement"])
    assert program(result, "quebec-pilot-ai")["outcome"] == "closed"
    written = next(c for c in pstq["criteria"] if c["code"] == "french")["requirement"]
    assert ("in writing" if language == "en" else "l'écrit") in written


def test_pstq_refuses_french_below_oral_level_7():
    data = french_developer_for_quebec(CHECKED_ON)
    data["languages"] = {"first": clb(6, 6, 6, 8, test="nclc")}
    pstq = program(score(data, CHECKED_ON), PSTQ)
    assert pstq["outcome"] == "not_eligible"
    assert [c["code"] for c in pstq["criteria"] if c["met"] is False] == ["french"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_2023_stem_developer_gets_not_settled_in_2026_not_not_met(language):
    result = score(developer_abroad(CHECKED_ON), CHECKED_ON, language)
    stem = next(c for c in result["categories"] if c["slug"] == "stem")
    assert stem["qualifies"] is None
    expected = "could not confirm" if language == "en" else "pas pu confirmer"
    assert expected in stem["reason"]
    assert not INTERNAL.search(stem["reason"])
    cyber = developer_abroad(CHECKED_ON, work_experience=[job("21220", 2, as_of=CHECKED_ON)])
    assert next(c for c in score(cyber, CHECKED_ON)["categories"] if c["slug"] == "stem")[
        "qualifies"
    ]


def test_military_category_needs_a_canadian_armed_forces_offer():
    day = CHECKED_ON
    recruit = developer_abroad(day, work_experience=[job("40042", 2, country="IN", as_of=day)])
    military = next(c for c in score(recruit, day)["categories"] if c["slug"] == "military")
    assert military["qualifies"] is False
    assert "Canadian Armed Forces" in military["reason"]
    with_offer = recruit | {"job_offer": {"noc": "40042", "province": "ON", "full_time": True}}
    military = next(c for c in score(with_offer, day)["categories"] if c["slug"] == "military")
    assert military["qualifies"] is None
    assert "ask an advisor" in military["reason"]


# IRCC's chart for TEF Canada results before 2023-12-11, CLB 4 to 10.
OLD_TEF = {
    "reading": (121, 151, 181, 207, 233, 248, 263),
    "writing": (181, 226, 271, 310, 349, 371, 393),
    "listening": (145, 181, 217, 249, 280, 298, 316),
    "speaking": (181, 226, 271, 310, 349, 371, 393),
}


def _tef_levels(scores: dict[str, int], test_date: str) -> dict[str, int]:
    data = profile(
        date_of_birth=born_aged(30, CHECKED_ON),
        languages={"first": {"test": "tef_canada", "test_date": test_date, **scores}},
    )
    result = assess(parse_profile(json.dumps(data)), load_rules(date(2024, 6, 1)))
    return result["clb"]["first"]


@pytest.mark.parametrize("index", range(7))
def test_old_scale_tef_converts_the_charts_boundaries_exactly(index):
    level = index + 4
    at = {ability: bounds[index] for ability, bounds in OLD_TEF.items()}
    below = {ability: bounds[index] - 1 for ability, bounds in OLD_TEF.items()}
    assert _tef_levels(at, "2023-12-10") == dict.fromkeys(OLD_TEF, level)
    assert _tef_levels(below, "2023-12-10") == dict.fromkeys(OLD_TEF, level - 1 if level > 4 else 0)


def test_old_scale_tef_scores_above_the_maximum_are_refused_for_such_dates():
    scores = {"listening": 300, "reading": 301, "writing": 400, "speaking": 400}
    data = profile(
        languages={"first": {"test": "tef_canada", "test_date": "2023-06-01", **scores}},
    )
    with pytest.raises(ProfileError) as error:
        assess(parse_profile(json.dumps(data)), load_rules(date(2024, 6, 1)))
    assert error.value.field == "languages.first.reading"
    data["languages"]["first"]["test_date"] = "2024-01-10"  # the new scale goes to 699
    assess(parse_profile(json.dumps(data)), load_rules(date(2024, 6, 1)))


def test_no_applicant_text_carries_internal_markers():
    texts = []
    for row in Program.objects.all():
        texts += [row.name_en, row.name_fr, row.summary_en, row.summary_fr]
    for row in ProgramStatus.objects.all():
        texts += [row.note_en, row.note_fr]
    for row in Criterion.objects.all():
        texts += [row.message_en, row.message_fr]
    for row in ExpressEntryCategory.objects.all():
        texts += [row.name_en, row.name_fr]
    leaks = [text for text in texts if INTERNAL.search(text)]
    assert leaks == []


def test_every_rule_version_says_where_it_comes_from_and_when_it_was_checked():
    for model in (ProgramStatus, Criterion, ExpressEntryCategory):
        for row in model.objects.all():
            assert row.source_url.startswith("https://"), row
            assert row.checked_on == CHECKED_ON, row


def test_the_admin_lists_the_rules_staff_must_check(admin_client, django_assert_max_num_queries):
    stale = Criterion.objects.get(program__slug="express-entry-fsw", code="education")
    stale.checked_on = date(2026, 1, 1)
    stale.save()
    admin_client.get(reverse("admin:index"))  # the session and user, once
    with django_assert_max_num_queries(9):  # session, user, one query per kind of rule
        response = admin_client.get(reverse("admin:programs_rules_to_check"))
    page = response.content.decode()
    assert "not checked for more than 6 months" in page and "express-entry-fsw: education" in page
    assert "high-wage occupation" in page  # the rumoured CRS factor, for staff only
    assert "stem" in page and "unconfirmed" in page
    changelist = admin_client.get(reverse("admin:programs_program_changelist")).content.decode()
    assert reverse("admin:programs_rules_to_check") in changelist


@pytest.mark.parametrize(
    ("language", "owp_name", "pstq_name"),
    [
        ("en", "Ontario Workforce Priority", "Skilled Worker Selection Program (PSTQ)"),
        ("fr", "Priorités de main-d&#x27;œuvre de l&#x27;Ontario", "sélection des travailleurs"),
    ],
)
def test_result_page_and_email_show_the_new_programs(client, language, owp_name, pstq_name):
    assessment = scored_assessment(french_developer_for_quebec(CHECKED_ON), language=language)
    assert assessment.status == "scored", assessment.scoring_error
    page = client.get(f"/{language}/assessment/result/{result_token(assessment)}/").content.decode()
    email = applicant_email(assessment)
    for text in (page, email.html):
        assert owp_name in text and pstq_name in text
        assert not INTERNAL.search(text)
    assert owp_name.replace("&#x27;", "'") in email.text
    assert '<li class="unknown"><strong>' in page  # STEM 2026: not settled, shown as such


def test_the_wizards_quebec_step_asks_what_the_pstq_needs_in_both_languages(client):
    answers = {"about": ANSWERS["about"] | {"intended_province": "QC"}}
    steps = ["about", "education", "languages", "work", "connections"]
    french_client = Client()
    walk(client, "en", steps, answers)
    walk(french_client, "fr", steps, answers)
    english = client.get("/en/assessment/quebec/").content.decode()
    french = french_client.get("/fr/assessment/quebec/").content.decode()
    assert "Skilled Worker Selection Program (PSTQ)" in english
    assert "settle in Quebec to work there" in english
    assert "Programme de sélection des travailleurs qualifiés (PSTQ)" in french
    assert "vous établir au Québec pour y travailler" in french
    assert english_left(french, english) == set()
