"""Properties that hold for every valid profile (Hypothesis)."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.engine import assess, parse_profile
from tests.rulesets import rules_for
from tests.strategies import AS_OF, LEVELS, a_job, profiles, working_from

RULES = rules_for(AS_OF)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def crs_of(data: dict) -> dict:
    return assess(parse_profile(json.dumps(data)), RULES, suggestions=False)["crs"]


@SETTINGS
@given(profiles())
def test_total_is_the_sum_of_capped_groups(data: dict) -> None:
    crs = crs_of(data)
    groups = ("core", "spouse", "skill_transferability", "additional")
    assert crs["total"] == min(1200, sum(crs[g]["subtotal"] for g in groups))
    for group in groups:
        lines = {k: v for k, v in crs[group].items() if k != "subtotal"}
        assert crs[group]["subtotal"] <= sum(lines.values())


@SETTINGS
@given(profiles())
def test_caps_hold(data: dict) -> None:
    crs = crs_of(data)
    core, spouse = crs["core"], crs["spouse"]
    assert core["subtotal"] + spouse["subtotal"] <= 500
    assert core["second_language"] <= (22 if crs["with_spouse"] else 24)
    assert spouse["language"] <= 20
    assert spouse["subtotal"] <= 40
    if not crs["with_spouse"]:
        assert spouse["subtotal"] == 0
    transfer = crs["skill_transferability"]
    assert max(transfer["education"], transfer["foreign_work"], transfer["certificate"]) <= 50
    assert transfer["subtotal"] <= 100
    assert crs["additional"]["subtotal"] <= 600
    assert 0 <= crs["total"] <= 1200


@SETTINGS
@given(profiles(), st.sampled_from(("listening", "reading", "writing", "speaking")))
def test_a_higher_clb_never_lowers_the_score(data: dict, ability: str) -> None:
    first = data["languages"]["first"] or {
        "test": "clb",
        "listening": 4,
        "reading": 4,
        "writing": 4,
        "speaking": 4,
    }
    first = {k: v for k, v in first.items() if k != "test_date"}
    as_clb = first | {"test": "clb"} if first["test"] != "clb" else first
    as_clb = {
        k: (min(12, int(v)) if k in ("listening", "reading", "writing", "speaking") else v)
        for k, v in as_clb.items()
    }
    lower = data | {"languages": data["languages"] | {"first": as_clb}}
    higher_first = as_clb | {ability: min(12, as_clb[ability] + 1)}
    higher = data | {"languages": data["languages"] | {"first": higher_first}}
    assert crs_of(higher)["total"] >= crs_of(lower)["total"]


@SETTINGS
@given(profiles(), st.data())
def test_more_experience_never_lowers_the_score(data: dict, draws: st.DataObject) -> None:
    born = date.fromisoformat(data["date_of_birth"])
    extra = draws.draw(a_job(working_from(born)))
    more = data | {"work_experience": [*data["work_experience"], extra]}
    assert crs_of(more)["total"] >= crs_of(data)["total"]


@SETTINGS
@given(profiles(), st.integers(0, len(LEVELS) - 2))
def test_a_higher_education_never_lowers_the_score(data: dict, index: int) -> None:
    lower = data | {"education": data["education"] | {"level": LEVELS[index]}}
    higher = data | {"education": data["education"] | {"level": LEVELS[index + 1]}}
    assert crs_of(higher)["total"] >= crs_of(lower)["total"]


@SETTINGS
@given(profiles())
def test_profile_and_result_round_trip_through_json(data: dict) -> None:
    profile = parse_profile(json.dumps(data))
    again = parse_profile(profile.model_dump_json())
    assert again == profile
    result = assess(profile, RULES)
    assert json.loads(json.dumps(result)) == result
    assert result["as_of"] == date(2026, 6, 1).isoformat()
