"""Dates that cannot be true are refused, naming the field, wherever a profile comes in: a job
before the applicant's 14th birthday, a language test dated before its scale existed, an `as_of`
far in the future; an `as_of` no rules cover is the caller's error (422), not the server's (503).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from assessments.models import Assessment
from programs.engine import ProfileError
from programs.engine.profile import SCALE_FROM, check_profile, parse_profile
from programs.models import ScoringGrid
from programs.scoring import RulesByDay, score_json
from tests.profiles import AS_OF, born_aged, clb, job, profile
from tests.test_assess_interfaces import run_assess
from tests.test_wizard import ANSWERS, SINGLE, post, walk

pytestmark = pytest.mark.django_db

BORN = "1990-05-01"
GOOD = profile(date_of_birth=BORN, work_experience=[job("21231", 3, country="IN")])


def _with_spouse(**spouse) -> dict:
    return GOOD | {"marital_status": "married", "spouse": {"accompanying": True, **spouse}}


def _job_from(start: str) -> dict:
    return {"noc": "21231", "country": "IN", "start": start, "hours_per_week": 40}


IMPOSSIBLE = [
    (
        GOOD | {"work_experience": [_job_from("0001-01-01")]},
        "work_experience.0.start",
        "14th birthday (2004-05-01)",
    ),
    (
        GOOD | {"languages": {"first": clb(9) | {"test_date": "0001-01-01"}}},
        "languages.first.test_date",
        "CLB results on this scale exist from 1996-01-01",
    ),
    (
        GOOD | {"languages": {"first": clb(500, test="tef_canada") | {"test_date": "2019-09-30"}}},
        "languages.first.test_date",
        "TEF Canada results on this scale exist from 2019-10-01",
    ),
    (
        _with_spouse(work_experience=[_job_from("0001-01-01")]),
        "spouse.work_experience.0.start",
        "more than 111 years ago",
    ),
    (
        _with_spouse(language=clb(9, test="celpip_general") | {"test_date": "0001-01-01"}),
        "spouse.language.test_date",
        "CELPIP-General results on this scale exist from 2014-04-01",
    ),
    (
        GOOD | {"as_of": "9999-12-31", "date_of_birth": "9999-12-31", "work_experience": []},
        "as_of",
        "at most 5 years after today",
    ),
]


@pytest.mark.parametrize(("data", "field", "message"), IMPOSSIBLE)
def test_the_scoring_api_refuses_impossible_dates_naming_the_field(client, data, field, message):
    response = client.post("/api/v1/assess", data, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert message in error["message"]


@pytest.mark.parametrize(("data", "field", "message"), IMPOSSIBLE)
def test_the_submission_api_refuses_impossible_dates_and_stores_nothing(
    client, data, field, message
):
    body = {"profile": data, "contact": {"name": "Ada", "email": "ada@example.org"}}
    response = client.post("/api/v1/assessments", body | {"consent": True}, "application/json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(("data", "field", "message"), IMPOSSIBLE)
def test_the_command_gives_the_error_object_and_exit_status_2(data, field, message):
    (result,), status = run_assess(json.dumps(data).encode())
    assert status == 2
    assert result["error"]["field"] == field
    assert message in result["error"]["message"]


UNCOVERED = GOOD | {"as_of": "0001-01-01", "date_of_birth": "0001-01-01", "work_experience": []}


def test_an_as_of_no_rules_cover_is_422_not_503(client):
    response = client.post("/api/v1/assess", UNCOVERED, content_type="application/json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "as_of"
    assert error["message"].startswith("No rules cover as_of 0001-01-01.")


def test_the_command_keeps_exit_status_3_for_an_as_of_no_rules_cover():
    (result,), status = run_assess(json.dumps(UNCOVERED).encode())
    assert status == 3
    assert result["error"]["field"] == "as_of"


def test_the_submission_api_refuses_an_as_of_no_rules_cover(client):
    body = {"profile": UNCOVERED, "contact": {"name": "Ada", "email": "ada@example.org"}}
    response = client.post("/api/v1/assessments", body | {"consent": True}, "application/json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "as_of"
    assert not Assessment.objects.exists()


def test_rules_missing_for_today_as_well_stay_a_server_error(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # bumps the rules' version
        ScoringGrid.objects.filter(key="crs_age").delete()
    response = client.post("/api/v1/assess", UNCOVERED, content_type="application/json")
    assert response.status_code == 503


SCORES = {
    "ielts_general": clb(7),
    "pte_core": clb(60),
    "tef_canada": clb(300),  # within the old scale's maxima too (listening 360, reading 300)
    "tcf_canada": clb(400, writing=10, speaking=10),
}


@pytest.mark.parametrize("test", sorted(SCALE_FROM))
def test_a_test_dated_on_its_scale_first_day_counts_and_the_day_before_is_refused(test):
    first = SCALE_FROM[test][1]
    result = SCORES.get(test, clb(9)) | {"test": test}
    as_of = max(AS_OF, first)
    data = GOOD | {"as_of": as_of.isoformat(), "work_experience": []}

    on_day = data | {"languages": {"first": result | {"test_date": first.isoformat()}}}
    check_profile(parse_profile(json.dumps(on_day)), as_of)
    before = (first - timedelta(days=1)).isoformat()
    with pytest.raises(ProfileError) as raised:
        parse_profile(json.dumps(data | {"languages": {"first": result | {"test_date": before}}}))
    assert raised.value.field == "languages.first.test_date"


@pytest.mark.parametrize(
    ("born", "first_day"),
    [("1990-05-01", "2004-05-01"), ("2000-02-29", "2014-03-01"), ("1996-02-29", "2010-03-01")],
)
def test_a_job_may_start_on_the_14th_birthday_not_the_day_before(born, first_day):
    first = date.fromisoformat(first_day)
    data = GOOD | {"date_of_birth": born}
    on_day = parse_profile(json.dumps(data | {"work_experience": [_job_from(first_day)]}))
    check_profile(on_day, AS_OF)
    before = (first - timedelta(days=1)).isoformat()
    early = parse_profile(json.dumps(data | {"work_experience": [_job_from(before)]}))
    with pytest.raises(ProfileError) as raised:
        check_profile(early, AS_OF)
    assert raised.value.field == "work_experience.0.start"


def test_as_of_up_to_five_years_ahead_is_scored_and_a_day_more_is_refused():
    today = date(2026, 12, 5)
    data = GOOD | {"date_of_birth": born_aged(29, today)}
    result = score_json(
        json.dumps(data | {"as_of": "2031-12-05"}), rules_by_day=RulesByDay(), today=today
    )
    assert result["as_of"] == "2031-12-05"
    with pytest.raises(ProfileError) as raised:
        score_json(
            json.dumps(data | {"as_of": "2031-12-06"}), rules_by_day=RulesByDay(), today=today
        )
    assert raised.value.field == "as_of"


# --- The wizard: the same dates are field errors, and nothing else typed is lost -------------

WIZARD_CASES = [
    ("work", {"0-start": "0001-01-01"}, "0-start", "before your 14th birthday"),
    ("work", {"0-start": "2009-03-13"}, "0-start", "before your 14th birthday (March 14, 2009)"),
    ("languages", {"first_date": "0001-01-01"}, "first_date", "exist only from"),
    (
        "languages",
        {"first_test": "tef_canada", "first_date": "2019-09-30"}
        | {f"first_{a}": "500" for a in ("listening", "reading", "writing", "speaking")},
        "first_date",
        "exist only from Oct. 1, 2019",
    ),
]


@pytest.mark.parametrize(("step", "data", "field", "message"), WIZARD_CASES)
def test_the_wizard_refuses_impossible_dates_with_a_field_error(client, step, data, field, message):
    walk(client, "en", SINGLE[: SINGLE.index(step)])  # born 1995-03-14
    response = post(client, "en", step, ANSWERS[step] | data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#id_{step}-{field}"' in html
    assert message in html


def test_the_wizard_takes_a_job_from_the_14th_birthday(client):
    walk(client, "en", SINGLE[: SINGLE.index("work")])
    response = post(client, "en", "work", ANSWERS["work"] | {"0-start": "2009-03-14"})
    assert response.status_code == 302


def test_the_wizard_refuses_a_spouse_job_and_test_that_cannot_be(client):
    walk(client, "en", ["about"], {"about": ANSWERS["about"] | {"marital_status": "married"}})
    data = ANSWERS["spouse"] | {
        "spouse_date": "0001-01-01",
        "canadian_work_noc": "21231",
        "canadian_work_start": "0001-01-01",
        "canadian_work_hours": "40",
    }
    response = post(client, "en", "spouse", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_spouse-spouse_date"' in html
    assert 'href="#id_spouse-canadian_work_start"' in html
    assert "more than 111 years ago" in html


def test_an_earlier_job_no_longer_possible_after_the_birth_date_changes_is_shown(client):
    walk(client, "en", SINGLE[:-1], {"work": ANSWERS["work"] | {"0-start": "2009-03-14"}})
    post(client, "en", "about", ANSWERS["about"] | {"date_of_birth": "1996-03-14"})
    done = client.get(post(client, "en", "review")["Location"])
    assert done["Location"] == "/en/assessment/work/"  # back on the work step, not a result
    response = client.get(done["Location"])
    assert "before your 14th birthday (March 14, 2010)" in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_wizard_says_it_in_french(client):
    walk(client, "fr", SINGLE[: SINGLE.index("work")])
    response = post(client, "fr", "work", ANSWERS["work"] | {"0-start": "2009-03-13"})
    assert "La date de début précède votre 14e anniversaire (14 mars 2009)." in (
        response.content.decode()
    )
