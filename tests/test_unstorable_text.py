"""NUL and lone surrogates in every text field of the profile, the contact and the wizard: a
400 naming the field or a field error, never a 500. On PostgreSQL, which refuses NUL in text and
jsonb, and where a lone surrogate cannot be encoded for the insert (both were 500s)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache

from assessments.models import Assessment
from assessments.wizard.views import SESSION_KEY
from tests.profiles import engineer_abroad, job
from tests.test_wizard import ANSWERS, SINGLE, step_url, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_required")]

BAD = {"nul": "Ada\x00", "surrogate": "Ada\ud800"}
PROFILE = engineer_abroad(
    marital_status="married",
    spouse={"accompanying": True, "work_experience": [job("21231", 1, title="Engineer")]},
    job_offer={"noc": "21231", "province": "ON", "employer_sector": "Software"},
)
PROFILE["education"] |= {"field_of_study": "Computer science"}
PROFILE["work_experience"][0]["title"] = "Developer"
BODY = {
    "profile": PROFILE,
    "contact": {"name": "Ada", "email": "ada@example.org", "phone": "+1 555", "language": "en"},
    "consent": True,
}
PROFILE_TEXT = [
    "education.field_of_study",
    "work_experience.0.title",
    "job_offer.employer_sector",
    "spouse.work_experience.0.title",
]
CONTACT_TEXT = ["contact.name", "contact.email", "contact.phone", "contact.language"]


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.SUBMIT_API_RATE = settings.ASSESS_API_RATE = settings.WIZARD_POST_RATE = "10000/m"
    cache.clear()


def with_text(document: dict, path: str, text: str) -> dict:
    """A deep copy of `document` with the string at the dotted `path` replaced by `text`."""
    copy = json.loads(json.dumps(document))
    *parents, last = path.split(".")
    node = copy
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = text
    return copy


def test_the_body_is_valid_as_it_is(client):
    response = client.post("/api/v1/assessments", BODY, content_type="application/json")
    assert response.status_code == 201, response.json()
    response = client.post("/api/v1/assess", PROFILE, content_type="application/json")
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("path", CONTACT_TEXT + [f"profile.{p}" for p in PROFILE_TEXT])
def test_the_submission_api_refuses_them_in_every_text_field(client, path, kind):
    body = with_text(BODY, path, BAD[kind])
    response = client.post("/api/v1/assessments", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == path
    assert "NUL" in response.json()["error"]["message"]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("kind", BAD)
def test_the_submission_api_refuses_them_in_keys(client, kind):
    body = with_text(BODY, "profile.education", {"level": "masters", BAD[kind]: "x"})
    response = client.post("/api/v1/assessments", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "profile.education"


@pytest.mark.parametrize("path", PROFILE_TEXT)
def test_the_scoring_api_names_the_field_with_a_nul(client, path):
    body = json.dumps(with_text(PROFILE, path, BAD["nul"]))
    response = client.post("/api/v1/assess", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == path


@pytest.mark.parametrize("path", PROFILE_TEXT)
def test_the_scoring_api_refuses_a_lone_surrogate(client, path):
    body = json.dumps(with_text(PROFILE, path, BAD["surrogate"]))  # "\ud800" in the JSON
    response = client.post("/api/v1/assess", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["message"]


# --- the wizard: each text field of each step ---

WIZARD_TEXT = {
    "education": ["field_of_study"],
    "work": ["0-title", "0-noc"],
    "contact": ["name", "email", "phone", "website"],
}
ERROR = "Remove the invisible or invalid characters from this answer."


def _post_raw(client, step: str, answers: dict[str, str]):
    """POST the step urlencoded by hand, so that a lone surrogate goes out as the bytes a
    client could send (ED A0 80), which the test client's encoder would refuse."""
    payload = {"assessment-current_step": step} | {f"{step}-{k}": v for k, v in answers.items()}
    body = urlencode(payload, encoding="utf-8", errors="surrogatepass")
    return client.post(step_url("en", step), body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize(
    ("step", "field"), [(step, field) for step, fields in WIZARD_TEXT.items() for field in fields]
)
def test_the_wizard_gives_a_field_error_for_a_nul(client, step, field):
    walk(client, "en", SINGLE[: SINGLE.index(step)])
    response = _post_raw(client, step, ANSWERS[step] | {field: "Ada\x00"})
    assert response.status_code == 200
    page = response.content.decode()
    assert ERROR in page  # next to the field (the honeypot's is hidden, as the field is)
    name = f"{step}-{field}"
    assert re.search(rf'<input[^>]*name="{name}"[^>]*aria-invalid="true"', page) or re.search(
        rf'<input[^>]*aria-invalid="true"[^>]*name="{name}"', page
    )


@pytest.mark.parametrize(
    ("step", "field"), [(step, field) for step, fields in WIZARD_TEXT.items() for field in fields]
)
def test_a_lone_surrogate_never_reaches_the_wizard(client, step, field):
    """Django decodes the bytes of a surrogate as replacement characters: no 500, and nothing
    unstorable is kept."""
    walk(client, "en", SINGLE[: SINGLE.index(step)])
    response = _post_raw(client, step, ANSWERS[step] | {field: "Ada\ud800"})
    assert response.status_code < 500
    stored = json.dumps(client.session.get(SESSION_KEY, {}), ensure_ascii=False)
    assert "\ud800" not in stored
