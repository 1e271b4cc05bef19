"""Random and hostile bodies on the scoring API: an answer or a clear error, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from programs.engine.profile import has_unstorable_characters
from tests.profiles import profile
from tests.strategies import hostile_text, profiles, profiles_with_an_extreme_date

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = [
    "date_of_birth",
    "marital_status",
    "education",
    "languages",
    "work_experience",
    "job_offer",
    "spouse",
    "as_of",
]


def mangle(data: dict, field: str, value: object) -> dict:
    return {**data, field: value}


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# CONTENT_TYPE: the test client leaves the header out of an empty body (a 415 then).
JSON = {"content_type": "application/json", "CONTENT_TYPE": "application/json"}


def post(client, body: bytes):
    return client.post("/api/v1/assess", body, **JSON)


@override_settings(ASSESS_API_RATE="100000/m")
@FUZZ
@given(body=json_values)
def test_any_json_gets_a_clear_answer(client, body):
    response = post(client, json.dumps(body).encode())
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]["message"]


@override_settings(ASSESS_API_RATE="100000/m")
@FUZZ
@given(data=profiles(), field=st.sampled_from(FIELDS), value=json_values)
def test_a_valid_profile_with_one_field_broken(client, data, field, value):
    response = post(client, json.dumps(mangle(data, field, value)).encode())
    assert response.status_code in (200, 400)


@override_settings(ASSESS_API_RATE="100000/m")
@FUZZ
@given(raw=st.binary(max_size=300))
def test_raw_bytes(client, raw):
    assert post(client, raw).status_code == 400


# --- POST /api/v1/assessments: the headless submission API ---

PROFILE = profile()
CONTACT = {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "", "language": "en"}
SUBMIT_FIELDS = ["profile", "contact", "consent"]
hostile_strings = st.sampled_from(["\x00", "a\x00b", "<script>alert(1)</script>", "x" * 5000])
# Every free-text field of the contract's profile, as (path to its object, key); jobs by index.
PROFILE_TEXT = [
    (("education",), "field_of_study"),
    (("work_experience", 0), "title"),
    (("job_offer",), "employer_sector"),
    (("spouse", "work_experience", 0), "title"),
]


def submit(client, body: bytes, key: str = ""):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/assessments", body, **JSON, **headers)


@override_settings(SUBMIT_API_RATE="100000/m")
@FUZZ
@given(body=json_values, key=st.text(max_size=80).filter(lambda s: s.isprintable()))
def test_submit_any_json_gets_a_clear_answer(client, body, key):
    response = submit(client, json.dumps(body).encode(), key)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


@override_settings(SUBMIT_API_RATE="100000/m")
@FUZZ
@given(
    data=profiles(),
    part=st.sampled_from(SUBMIT_FIELDS),
    field=st.sampled_from([*FIELDS, *CONTACT]),
    value=json_values | hostile_strings,
)
@example(data=PROFILE, part="contact", field="name", value="Ada\x00")  # was a 500
@example(data=PROFILE, part="contact", field="phone", value="\x00")
@example(data=PROFILE, part="contact", field="language", value=[None])  # was a 500
@example(data=PROFILE, part="profile", field="spouse", value={"x": "\x00"})
def test_submit_a_valid_body_with_one_part_broken(client, data, part, field, value):
    body = {"profile": data, "contact": dict(CONTACT), "consent": True}
    if part == "consent":
        body["consent"] = value
    else:
        body[part] = {**body[part], field: value}
    response = submit(client, json.dumps(body).encode())
    assert response.status_code in (201, 400)


@override_settings(SUBMIT_API_RATE="100000/m")
@FUZZ
@given(raw=st.binary(max_size=300))
def test_submit_raw_bytes(client, raw):
    assert submit(client, raw).status_code == 400


# --- Extreme dates in every date field (tests/strategies.py: extreme_dates, DATE_PATHS) ---


@override_settings(ASSESS_API_RATE="100000/m")
@FUZZ
@given(data=profiles_with_an_extreme_date())
@example(data=profile(as_of="9999-12-31", date_of_birth="9999-12-31"))  # was scored
@example(data=profile(as_of="0001-01-01", date_of_birth="0001-01-01"))  # was a 503
def test_extreme_dates_get_a_result_or_a_clear_error(client, data):
    response = post(client, json.dumps(data).encode())
    assert response.status_code in (200, 400, 422)
    if response.status_code != 200:
        assert response.json()["error"]["field"] and response.json()["error"]["message"]


@override_settings(SUBMIT_API_RATE="100000/m")
@FUZZ
@given(data=profiles_with_an_extreme_date())
def test_submit_extreme_dates_gets_201_or_a_clear_400(client, data):
    body = {"profile": data, "contact": dict(CONTACT), "consent": True}
    response = submit(client, json.dumps(body).encode())
    assert response.status_code in (201, 400)
    if response.status_code == 400:
        assert response.json()["error"]["field"].startswith(
            ("as_of", "date_of_birth", "languages", "work_experience", "spouse")
        )


def _set_text(data: dict, parents: tuple, key: str, value: str) -> bool:
    """Put `value` at data[parents...][key] when that object exists; True if it was put."""
    node: object = data
    for part in parents:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return False
    if not isinstance(node, dict):
        return False
    node[key] = value
    return True


@st.composite
def bodies_with_hostile_text(draw: st.DrawFn) -> dict:
    """A valid submission whose every text field (contact and profile) holds hostile text."""
    data = json.loads(json.dumps(draw(profiles())))
    for parents, key in PROFILE_TEXT:
        _set_text(data, parents, key, draw(hostile_text))
    contact = {field: draw(hostile_text) for field in ("name", "email", "phone", "language")}
    return {"profile": data, "contact": contact, "consent": True}


def _unstorable(document: object) -> bool:
    """True when a string anywhere in the document holds NUL or a lone surrogate."""
    return has_unstorable_characters(json.dumps(document, ensure_ascii=False))


@override_settings(SUBMIT_API_RATE="100000/m", ASSESS_API_RATE="100000/m")
@FUZZ
@given(body=bodies_with_hostile_text())
@example(body={"profile": PROFILE, "contact": CONTACT | {"name": "\ud800"}, "consent": True})
@example(
    body={"profile": PROFILE, "contact": CONTACT | {"email": "a@b\ud800.org"}, "consent": True}
)
def test_hostile_text_in_every_text_field(client, body):
    """Lone surrogates and NUL in any text field: a 400, never a 500 (PostgreSQL in CI)."""
    response = submit(client, json.dumps(body).encode())
    assert response.status_code in (201, 400)
    if _unstorable(body):
        assert response.status_code == 400
    scored = post(client, json.dumps(body["profile"]).encode())
    assert scored.status_code in (200, 400)
    if _unstorable(body["profile"]):
        assert scored.status_code == 400
