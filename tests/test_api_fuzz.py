"""Random and hostile bodies on the scoring API: an answer or a clear error, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import profiles

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
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


def post(client, body: bytes):
    return client.post("/api/v1/assess", body, content_type="application/json")


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
