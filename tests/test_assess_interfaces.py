"""`manage.py assess` and POST /api/v1/assess on the rules stored in the database."""

from __future__ import annotations

import io
import json
import sys
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from programs.scoring import RulesByDay, score_json
from tests.profiles import AS_OF, born_aged, clb, job, profile

pytestmark = pytest.mark.django_db

GOOD = profile(
    date_of_birth=born_aged(29),
    education={"level": "masters", "has_eca": True},
    languages={"first": clb(9)},
    work_experience=[job("21231", 3, country="IN")],
)


def run_assess(stdin: bytes, *args: str) -> tuple[list[dict], int]:
    """Run the command with bytes on stdin; returns the JSON lines written and the exit status."""
    out = io.BytesIO()
    fake_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    fake_out = io.TextIOWrapper(out, encoding="utf-8")
    old_in, old_out = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = fake_in, fake_out
    status = 0
    try:
        call_command("assess", *args)
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    finally:
        sys.stdin, sys.stdout = old_in, old_out
        fake_out.flush()
        fake_out.detach()  # keep `out` open when the wrapper goes away
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    return lines, status


def test_assess_one_document():
    (result,), status = run_assess(json.dumps(GOOD).encode())
    assert status == 0
    assert result["crs"]["total"] == 469
    assert {p["slug"] for p in result["programs"]} >= {"express-entry-fsw", "ontario-hcp"}
    assert result["as_of"] == AS_OF.isoformat()


def test_assess_bad_document_exits_2_with_the_error_object():
    bad = GOOD | {"languages": {"first": clb(7.3, test="ielts_general")}}
    (result,), status = run_assess(json.dumps(bad).encode())
    assert status == 2
    assert result["error"]["field"] == "languages.first.listening"
    assert result["error"]["message"]


def test_assess_jsonl_keeps_order_and_goes_on_after_a_bad_line():
    lines = [
        json.dumps(GOOD),
        "{not json",
        json.dumps(GOOD | {"date_of_birth": born_aged(45)}),
        json.dumps(GOOD | {"as_of": "2025-03-24", "job_offer": None}),
    ]
    results, status = run_assess("\n".join(lines).encode() + b"\n", "--jsonl")
    assert status == 0
    assert len(results) == 4
    assert results[0]["crs"]["total"] == 469
    assert "error" in results[1]
    assert results[2]["crs"]["core"]["age"] == 0
    assert results[3]["as_of"] == "2025-03-24"


def test_assess_in_french():
    (result,), _ = run_assess(json.dumps(GOOD).encode(), "--lang", "fr")
    fsw = next(p for p in result["programs"] if p["slug"] == "express-entry-fsw")
    assert fsw["name"] != "Federal Skilled Worker Program" or result["language"] == "fr"
    assert result["language"] == "fr"


def test_no_query_per_profile_once_the_rules_are_loaded(django_assert_num_queries):
    rules_by_day = RulesByDay()
    text = json.dumps(GOOD)
    score_json(text, rules_by_day=rules_by_day)  # loads the rules of AS_OF
    variants = [json.dumps(GOOD | {"date_of_birth": born_aged(age)}) for age in range(20, 45)]
    with django_assert_num_queries(0):
        totals = [score_json(v, rules_by_day=rules_by_day)["crs"]["total"] for v in variants]
    assert len(set(totals)) > 5


def test_api_scores_a_profile(client):
    response = client.post("/api/v1/assess", GOOD, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["crs"]["total"] == 469


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {**GOOD, "languages": {"first": clb(9.5, test="ielts_general")}},
            "languages.first.listening",
        ),
        ({**GOOD, "date_of_birth": 1990}, "date_of_birth"),
        ({**GOOD, "as_of": "2026-06-01", "date_of_birth": "2027-01-01"}, "date_of_birth"),
        ({**GOOD, "work_experience": [job("21231", 1)] * 40}, "work_experience"),
        ({**GOOD, "languages": {"first": {**clb(9), "test": "toefl"}}}, "languages.first.test"),
    ],
)
def test_api_answers_400_with_the_error_object(client, body, field):
    response = client.post("/api/v1/assess", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_api_refuses_a_huge_body_without_reading_it(client):
    body = b'{"x": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    response = client.post("/api/v1/assess", body, content_type="application/json")
    assert response.status_code == 413  # config.security.RequestSizeMiddleware, before any read
    assert "error" in response.json()


def test_api_end_before_start(client):
    bad_job = job("21231", 1) | {"start": "2025-01-01", "end": "2024-01-01"}
    response = client.post(
        "/api/v1/assess", GOOD | {"work_experience": [bad_job]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"].startswith("work_experience.0")


@override_settings(ASSESS_API_RATE="3/m")
def test_api_is_rate_limited_per_ip(client):
    codes = [
        client.post(
            "/api/v1/assess", GOOD, content_type="application/json", REMOTE_ADDR="10.9.8.7"
        ).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]
    other = client.post(
        "/api/v1/assess", GOOD, content_type="application/json", REMOTE_ADDR="10.9.8.8"
    )
    assert other.status_code == 200


def test_api_needs_post(client):
    assert client.get("/api/v1/assess").status_code == 405


def test_as_of_before_any_rules_is_a_clear_error(client):
    response = client.post(
        "/api/v1/assess",
        GOOD | {"as_of": "2001-01-01", "date_of_birth": "1970-01-01", "work_experience": []},
        content_type="application/json",
    )
    assert response.status_code == 422  # the caller's day, not a server fault (503)
    error = response.json()["error"]
    assert error["field"] == "as_of"
    assert "No rules cover as_of 2001-01-01" in error["message"]


def test_today_is_used_when_as_of_is_missing():
    without = {k: v for k, v in GOOD.items() if k != "as_of"}
    result = score_json(json.dumps(without), rules_by_day=RulesByDay(), today=date(2026, 6, 1))
    assert result["as_of"] == "2026-06-01"


def test_assess_without_suggestions_leaves_them_out():
    (with_them,), _ = run_assess(json.dumps(GOOD).encode())
    (without,), _ = run_assess(json.dumps(GOOD).encode(), "--no-suggestions")
    assert with_them["suggestions"]
    assert "suggestions" not in without
    assert without["crs"] == with_them["crs"]
