"""The shapes outside checks rely on: programs/contracts/*.schema.json, the shared contract.

Profiles the project makes up (demo leads and benchmarks, property tests, the typical applicants)
must be valid contract profiles, and whatever the engine answers must be a valid result in both
languages, suggestions included; a bad profile's answer is the contract's error object.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from assessments.demo import random_profile
from programs.engine import ProfileError, assess, parse_profile
from programs.loader import load_rules
from tests.profiles import clb, engineer_abroad, job, profile
from tests.strategies import AS_OF, profiles

pytestmark = pytest.mark.django_db

CONTRACTS = Path(__file__).resolve().parent.parent / "programs" / "contracts"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((CONTRACTS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


PROFILE = validator("profile.schema.json")
RESULT = validator("result.schema.json")


def problems(schema: Draft202012Validator, document: Any) -> list[str]:
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in schema.iter_errors(document)
    ]


def assert_valid_result(data: dict[str, Any]) -> None:
    rules = load_rules(date.fromisoformat(data["as_of"]))
    for language in ("en", "fr"):
        result = assess(parse_profile(json.dumps(data)), rules, language=language)
        assert problems(RESULT, json.loads(json.dumps(result))) == []
        assert len(result["programs"]) == len(rules.programs) >= 8 and result["categories"]


TYPICAL = {
    "engineer abroad": engineer_abroad(),
    "married with a job offer": profile(
        marital_status="married",
        spouse={"accompanying": True, "education": "bachelors", "language": clb(7)},
        job_offer={"noc": "21231", "province": "ON", "lmia_or_exempt": True},
        work_experience=[job("21231", 2, country="CA"), job("2174", 4, country="IN")],
    ),
    "no test yet": profile(languages={"first": None}),
}


@pytest.mark.parametrize("name", TYPICAL)
def test_typical_profiles_and_their_results_follow_the_contract(name: str) -> None:
    data = TYPICAL[name]
    assert problems(PROFILE, data) == []
    assert_valid_result(data)


def test_demo_and_benchmark_profiles_follow_the_contract() -> None:
    rng = random.Random(7)
    for _ in range(150):
        data = random_profile(rng, AS_OF)
        assert problems(PROFILE, data) == [], data
        assert_valid_result(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_generated_profiles_and_their_results_follow_the_contract(data: dict) -> None:
    assert problems(PROFILE, data) == []
    assert_valid_result(data)


def test_a_profile_the_schema_refuses_gets_the_error_object() -> None:
    data = profile(languages={"first": clb(9) | {"test": "toefl"}})
    assert problems(PROFILE, data) != []
    with pytest.raises(ProfileError) as raised:
        assess(parse_profile(json.dumps(data)), load_rules(AS_OF))
    error = raised.value.as_dict()
    assert set(error) == {"error"} and set(error["error"]) == {"field", "message"}
    assert error["error"]["field"] == "languages.first.test"
