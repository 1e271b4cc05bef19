"""Cross-site calls to the JSON API: only application/json is taken (415 otherwise, so that a
browser on another site must preflight), and CORS answers only the configured origins (the
CORS_ALLOWED_ORIGINS setting and the embed origins), only on /api/v1/."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from assessments.models import Assessment, SiteSettings
from tests.profiles import engineer_abroad

pytestmark = pytest.mark.django_db

PROFILE = engineer_abroad()
BODY = {
    "profile": PROFILE,
    "contact": {"name": "Ada Lovelace", "email": "ada@example.org"},
    "consent": True,
}
CONSULTANCY = "https://www.consultancy.example"
PARTNER = "https://partner.example"  # in the site settings' embed origins
OTHER = "https://evil.example"
ENDPOINTS = [("/api/v1/assessments", BODY), ("/api/v1/assess", PROFILE)]


@pytest.fixture(autouse=True)
def _configured(settings):
    cache.clear()
    settings.CORS_ALLOWED_ORIGINS = [CONSULTANCY]
    settings.EMBED_ALLOWED_ORIGINS = []
    SiteSettings.objects.create(domain="", embed_origins=PARTNER)


# --- 415 ---


@pytest.mark.parametrize(("url", "body"), ENDPOINTS)
@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""],
)
def test_a_body_that_is_not_json_gets_415(client, url, body, content_type):
    response = client.generic("POST", url, json.dumps(body), CONTENT_TYPE=content_type)
    assert response.status_code == 415
    assert "application/json" in response.json()["error"]["message"]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(("url", "body"), ENDPOINTS)
@pytest.mark.parametrize("content_type", ["application/json", "Application/JSON; charset=utf-8"])
def test_json_with_or_without_a_charset_is_taken(client, url, body, content_type):
    response = client.generic("POST", url, json.dumps(body), CONTENT_TYPE=content_type)
    assert response.status_code in (200, 201)


# --- CORS ---


def call(client, origin: str, url: str = "/api/v1/assess"):
    return client.post(url, PROFILE, content_type="application/json", HTTP_ORIGIN=origin)


def preflight(client, origin: str, url: str = "/api/v1/assessments"):
    return client.options(
        url,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, idempotency-key",
    )


@pytest.mark.parametrize("origin", [CONSULTANCY, PARTNER])
def test_a_configured_origin_may_call_the_api_from_the_browser(client, origin):
    response = call(client, origin)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == origin
    assert "Retry-After" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("origin", [CONSULTANCY, PARTNER])
def test_a_configured_origin_passes_the_preflight(client, origin):
    response = preflight(client, origin)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == origin
    assert "POST" in response["Access-Control-Allow-Methods"]
    allowed = response["Access-Control-Allow-Headers"]
    assert "content-type" in allowed and "idempotency-key" in allowed


@pytest.mark.parametrize("origin", [OTHER, "null", CONSULTANCY + ".evil.example"])
def test_another_origin_gets_no_cors_headers(client, origin):
    for response in (call(client, origin), preflight(client, origin)):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]


@pytest.mark.parametrize("origin", [CONSULTANCY, PARTNER])
def test_no_cors_outside_the_api(client, origin):
    for url in ("/en/assessment/about/", "/healthz", "/admin/login/"):
        response = client.get(url, HTTP_ORIGIN=origin)
        assert "Access-Control-Allow-Origin" not in response
