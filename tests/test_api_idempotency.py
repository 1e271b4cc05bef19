"""`Idempotency-Key` on POST /api/v1/assessments, as payment APIs do it: a key is bound to the
request it first came with, replays that answer for 24 hours, and never hands a caller with
another request someone else's assessment."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from assessments.models import Assessment
from assessments.privacy import erase_personal_data
from tests.profiles import engineer_abroad

pytestmark = pytest.mark.django_db

PROFILE = engineer_abroad()
ADA = {
    "profile": PROFILE,
    "contact": {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "+1 555 0100"},
    "consent": True,
}
MALLORY = ADA | {"contact": {"name": "Mallory", "email": "mallory@example.org"}}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def post(client, body, key):
    return client.post(
        "/api/v1/assessments",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_the_same_key_with_another_body_gets_422_and_nobody_elses_data(client):
    first = post(client, ADA, "order-1")
    assert first.status_code == 201
    ada = first.json()

    response = post(client, MALLORY, "order-1")

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "Idempotency-Key"
    assert "different request" in error["message"]
    text = response.content.decode()
    for secret in (ada["id"], ada["result_url"], ada["status_url"], "Ada", "ada@example.org"):
        assert secret not in text
    assert set(response.json()) == {"error"}
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"profile": PROFILE | {"settlement_funds_cad": 1}},
        {"contact": ADA["contact"] | {"phone": ""}},
        {"contact": ADA["contact"] | {"language": "fr"}},
    ],
)
def test_any_change_of_the_request_is_another_request(client, change):
    assert post(client, ADA, "k").status_code == 201
    assert post(client, ADA | change, "k").status_code == 422


def test_the_same_key_and_body_replays_the_first_answer(client):
    first = post(client, ADA, "retry-me").json()
    # The same request, keys in another order and spaced differently: the same fingerprint.
    reordered = {"consent": True, "contact": ADA["contact"], "profile": PROFILE}
    second = client.post(
        "/api/v1/assessments",
        json.dumps(reordered, indent=2),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="retry-me",
    )
    assert second.status_code == 201
    assert second.json() == first
    assert Assessment.objects.count() == 1


def test_a_key_expires_after_24_hours(client):
    first = post(client, ADA, "daily").json()
    Assessment.objects.update(submitted_at=timezone.now() - timedelta(hours=24, seconds=1))

    again = post(client, MALLORY, "daily")

    assert again.status_code == 201
    assert again.json()["id"] != first["id"]
    assert Assessment.objects.get(public_id=first["id"]).idempotency_key is None
    assert Assessment.objects.get(public_id=again.json()["id"]).name == "Mallory"


def test_a_key_is_still_bound_just_before_24_hours(client):
    post(client, ADA, "daily")
    Assessment.objects.update(submitted_at=timezone.now() - timedelta(hours=23, minutes=59))
    assert post(client, MALLORY, "daily").status_code == 422


def test_erasure_releases_the_key(client):
    first = post(client, ADA, "gone").json()
    assessment = Assessment.objects.get(public_id=first["id"])
    erase_personal_data(assessment_id=assessment.pk, by=None, reason="asked")
    assessment.refresh_from_db()
    assert (assessment.idempotency_key, assessment.idempotency_fingerprint) == (None, "")
    assert post(client, ADA, "gone").json()["id"] != first["id"]


def test_a_key_longer_than_64_characters_is_refused_not_cut_short(client):
    assert post(client, ADA, "k" * 64).status_code == 201
    response = post(client, ADA, "k" * 64 + "x")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "Idempotency-Key"
    assert Assessment.objects.count() == 1
