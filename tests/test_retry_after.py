"""Every 429 the site gives says when to come back (`Retry-After`, in seconds), as the README
promises: each per-client limit, on the API and the public pages, and the admin lockout."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.profiles import engineer_abroad

pytestmark = pytest.mark.django_db

PROFILE = engineer_abroad()
API_BODY = {"profile": PROFILE, "contact": {"name": "A", "email": "a@example.org"}, "consent": True}
LIMITED = {
    "/api/v1/assess": (
        "ASSESS_API_RATE",
        lambda c: c.post("/api/v1/assess", PROFILE, content_type="application/json"),
    ),
    "/api/v1/assessments": (
        "SUBMIT_API_RATE",
        lambda c: c.post("/api/v1/assessments", API_BODY, content_type="application/json"),
    ),
    "wizard step": (
        "WIZARD_POST_RATE",
        lambda c: c.post("/en/assessment/about/", {"assessment-current_step": "about"}),
    ),
    "resume link": ("RESUME_RATE", lambda c: c.get("/en/assessment/resume/x/")),
    "save for later": ("SAVE_DRAFT_RATE", lambda c: c.post("/en/assessment/save/")),
    "privacy page": ("PRIVACY_RATE", lambda c: c.get("/en/assessment/privacy/x/")),
    "privacy export": ("PRIVACY_RATE", lambda c: c.get("/en/assessment/privacy/x/export/")),
    "privacy erasure": ("PRIVACY_RATE", lambda c: c.post("/en/assessment/privacy/x/erase/")),
}


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("name", LIMITED)
def test_every_rate_limit_429_has_retry_after(client, settings, name):
    rate, call = LIMITED[name]
    setattr(settings, rate, "2/m")
    responses = [call(client) for _ in range(3)]
    assert [r.status_code == 429 for r in responses] == [False, False, True]
    assert 0 < int(responses[-1]["Retry-After"]) <= 60


def test_the_admin_lockout_429_has_retry_after(client, admin_user, settings):
    login = reverse("admin:login")
    data = {"username": admin_user.username, "password": "wrong", "next": "/admin/"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(login, data).status_code == 200
    response = client.post(login, data)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME * 3600
    assert "try again in 60 minutes" in response.content.decode()
