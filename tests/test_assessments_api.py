"""The headless submission API: POST /api/v1/assessments, then GET its status URL."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache

from assessments.models import Assessment
from tests.profiles import engineer_abroad

pytestmark = pytest.mark.django_db

PROFILE = {k: v for k, v in engineer_abroad().items() if k != "intended_province"}
BODY = {
    "profile": PROFILE,
    "contact": {"name": "Ada Lovelace", "email": "ada@example.org", "language": "fr"},
    "consent": True,
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def post(client, body, **headers):
    return client.post(
        "/api/v1/assessments", json.dumps(body), content_type="application/json", **headers
    )


def test_submit_answers_201_and_the_status_url_gives_the_result(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, BODY)
    assert response.status_code == 201
    body = response.json()
    assessment = Assessment.objects.get(public_id=body["id"])
    assert (assessment.source, assessment.language, assessment.name) == (
        "api",
        "fr",
        "Ada Lovelace",
    )
    assert assessment.consent_text_version == "api-v1"
    assert body["status"] == "scored"  # scored in the request; the emails follow
    assert "/fr/assessment/result/" in body["result_url"]
    # Both links are absolute, on the public site (what an API client can follow as given).
    public = settings.PUBLIC_BASE_URL.rstrip("/")
    assert body["result_url"].startswith(public + "/fr/assessment/result/")
    assert body["status_url"].startswith(public + "/api/v1/assessments/")

    status = client.get(body["status_url"]).json()
    assert status["status"] == "scored"
    assert status["result"]["crs"]["total"] == assessment.crs_total > 0
    assert {m.to[0] for m in mail.outbox} == {"ada@example.org", "leads@localhost"}


def test_status_before_scoring_has_no_result(client, monkeypatch):
    # The engine fails in the request (a fault that can't be caused from outside): the
    # submission is stored and left to the worker, whose task never runs here.
    monkeypatch.setattr("assessments.services.score_best_language_order", mock_engine_fault)
    response = post(client, BODY)
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "received"
    assert "result" not in status


def mock_engine_fault(*args, **kwargs):
    raise RuntimeError("engine bug")


def test_idempotency_key_returns_the_first_assessment(client):
    first = post(client, BODY, HTTP_IDEMPOTENCY_KEY="abc-123").json()
    second = post(client, BODY, HTTP_IDEMPOTENCY_KEY="abc-123").json()
    assert first["id"] == second["id"]
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": False}, "consent"),
        ({"consent": "yes"}, "consent"),
        ({"profile": "x"}, "profile"),
        ({"contact": None}, "contact"),
        ({"contact": {"name": "", "email": "a@b.org"}}, "contact.name"),
        ({"contact": {"name": "A", "email": "nope"}}, "contact.email"),
        ({"contact": {"name": "A", "email": "a@b.org", "language": "de"}}, "contact.language"),
        ({"contact": {"name": "A", "email": "a@b.org", "phone": 5}}, "contact.phone"),
    ],
)
def test_bad_input_gets_the_contract_error_object(client, change, field):
    response = post(client, BODY | change)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    assert response.json()["error"]["message"]
    assert not Assessment.objects.exists()


def test_a_profile_breaking_the_contract_names_the_field(client):
    bad = json.loads(json.dumps(PROFILE))
    bad["languages"]["first"]["writing"] = 13
    response = post(client, BODY | {"profile": bad})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "languages.first.writing"


@pytest.mark.parametrize(
    "raw", [b"", b"not json", b"[1, 2]", b"\xff\xfe", b"{" * 5000, b"[" * 50000]
)
def test_malformed_bodies_get_400(client, raw):
    # CONTENT_TYPE also for b"": the test client leaves the header out of an empty body.
    response = client.post(
        "/api/v1/assessments", raw, content_type="application/json", CONTENT_TYPE="application/json"
    )
    assert response.status_code == 400
    assert "error" in response.json()


def test_unknown_or_tampered_status_token_is_404(client):
    assert client.get("/api/v1/assessments/not-a-token").status_code == 404
    response = post(client, BODY)
    assert client.get(response.json()["status_url"] + "x").status_code == 404


def test_get_on_the_submit_url_is_405(client):
    assert client.get("/api/v1/assessments").status_code == 405


def test_rate_limited_per_ip(client, settings):
    settings.SUBMIT_API_RATE = "2/h"
    codes = [post(client, BODY).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert post(client, BODY, REMOTE_ADDR="10.9.9.9").status_code == 201
