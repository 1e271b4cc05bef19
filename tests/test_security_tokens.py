"""Result and resume links are signed and expire; time is moved by patching the signer's clock
(an expiry cannot be waited for)."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core import signing
from django.core.cache import cache

from assessments.services import Consent, Contact, assessment_submit
from assessments.wizard.drafts import DRAFT_LIFETIME, draft_save, draft_token
from assessments.wizard.results import RESULT_LINK_LIFETIME, result_token
from tests.test_assessments_services import PROFILE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def signed_at(seconds_ago: float, make, *args):
    with mock.patch("django.core.signing.time.time", return_value=time.time() - seconds_ago):
        return make(*args)


@pytest.fixture
def assessment():
    return assessment_submit(
        profile=PROFILE,
        contact=Contact(name="Ada Lovelace", email="ada@example.org"),
        consent=Consent("2026-11-wizard-v1", "198.51.100.4"),
    )


def test_a_result_link_works_until_it_expires(client, assessment):
    lifetime = RESULT_LINK_LIFETIME.total_seconds()
    fresh = signed_at(lifetime - 3600, result_token, assessment)
    expired = signed_at(lifetime + 60, result_token, assessment)
    assert client.get(f"/en/assessment/result/{fresh}/").status_code == 200
    response = client.get(f"/en/assessment/result/{expired}/")
    assert response.status_code == 404
    assert "Ada" not in response.content.decode()
    assert client.get(f"/api/v1/assessments/{fresh}").status_code == 200
    assert client.get(f"/api/v1/assessments/{expired}").status_code == 404


def test_a_tampered_result_link_is_refused(client, assessment):
    token = result_token(assessment)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/en/assessment/result/{tampered}/").status_code == 404


def test_a_resume_link_works_until_it_expires(client):
    draft = draft_save(
        storage_data={"step": "education", "step_data": {}}, email="a@b.org", language="en"
    )
    lifetime = DRAFT_LIFETIME.total_seconds()
    fresh = signed_at(lifetime - 3600, draft_token, draft)
    expired = signed_at(lifetime + 60, draft_token, draft)
    assert client.get(f"/en/assessment/resume/{fresh}/").status_code == 302
    assert client.get(f"/en/assessment/resume/{expired}/").status_code == 410


def test_tokens_reveal_nothing_personal(assessment):
    """The signed payload is a random UUID: no id, name, email or answer."""
    draft = draft_save(storage_data={"step": "about"}, email="ada@example.org", language="en")
    for token, value in (
        (result_token(assessment), assessment.public_id),
        (draft_token(draft), draft.token),
    ):
        payload = signing.b64_decode(token.split(":")[0].encode()).decode()
        assert payload == f'"{value}"'
