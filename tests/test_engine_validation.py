"""Bad input gets one clear error object naming the field, never an exception escaping."""

from __future__ import annotations

import json

import pytest

from programs.engine import ProfileError, assess, parse_profile
from tests.profiles import AS_OF, clb, job, profile
from tests.rulesets import rules_for


def error_of(data: dict | str) -> dict:
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(ProfileError) as caught:
        assess(parse_profile(text), rules_for(AS_OF))
    return caught.value.as_dict()["error"]


def test_a_valid_profile_scores() -> None:
    result = assess(parse_profile(json.dumps(profile())), rules_for(AS_OF))
    assert result["crs"]["total"] > 0


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"date_of_birth": 1990}, "date_of_birth", "date"),
        ({"marital_status": "single"}, "marital_status", "Input should be"),
        (
            {"languages": {"first": clb(9) | {"test": "toefl"}}},
            "languages.first.test",
            "Input should be",
        ),
        (
            {"languages": {"first": clb(9.5, test="ielts_general")}},
            "languages.first.listening",
            "half bands",
        ),
        (
            {"languages": {"first": clb(7, 7, 7.3, test="ielts_general")}},
            "languages.first.writing",
            "7.3",
        ),
        ({"languages": {"first": clb(8, 8, "8", 8)}}, "languages.first.writing", "number"),
        (
            {"languages": {"first": clb(95, test="pte_core")}},
            "languages.first.listening",
            "10 to 90",
        ),
        (
            {"languages": {"first": clb(400, 400, 21, 10, test="tcf_canada")}},
            "languages.first.writing",
            "0 to 20",
        ),
        ({"languages": {"first": clb(13)}}, "languages.first.listening", "0 to 12"),
        ({"date_of_birth": "2030-01-01"}, "date_of_birth", "future"),
        (
            {"languages": {"first": clb(9) | {"test_date": "2027-01-01"}}},
            "languages.first.test_date",
            "future",
        ),
        (
            {"work_experience": [job("21231", 1) | {"start": "2027-01-01"}]},
            "work_experience.0.start",
            "future",
        ),
        (
            {"work_experience": [job("21231", 1) | {"end": "2000-01-01"}]},
            "work_experience.0.end",
            "before the start",
        ),
        ({"work_experience": [job("21231", 1)] * 40}, "work_experience", "at most 30"),
        ({"work_experience": [job("99999", 1)]}, "work_experience.0.noc", "not a known NOC"),
        (
            {"work_experience": [job("21231", 1) | {"hours_per_week": 0}]},
            "work_experience.0.hours_per_week",
            "greater than 0",
        ),
        ({"marital_status": "married"}, "spouse", "spouse"),
        ({"favourite_colour": "red"}, "favourite_colour", "not part of the profile"),
    ],
)
def test_bad_input_names_the_field(change: dict, field: str, words: str) -> None:
    error = error_of(profile(**change))
    assert error["field"] == field
    assert words in error["message"]


def test_missing_field() -> None:
    data = profile()
    del data["education"]
    assert error_of(data) == {"field": "education", "message": "This field is required."}


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", "null", '{"date_of_birth": '])
def test_not_a_profile(text: str) -> None:
    error = error_of(text)
    assert error["message"]


def test_two_megabytes_of_json_is_refused_before_parsing() -> None:
    data = profile(work_experience=[job("21231", 1) | {"title": "x" * 200}])
    text = json.dumps(data | {"padding": "y" * 2_000_000})
    error = error_of(text)
    assert "larger than" in error["message"]


def test_an_expired_test_counts_as_absent_and_says_so() -> None:
    expired = clb(10) | {"test_date": "2024-05-31"}  # more than two years before 2026-06-01
    result = assess(
        parse_profile(json.dumps(profile(languages={"first": expired}))), rules_for(AS_OF)
    )
    assert result["clb"]["first"] is None
    assert result["crs"]["core"]["first_language"] == 0
    assert any("two years" in note for note in result["notes"])
    still_valid = clb(10) | {"test_date": "2024-06-01"}
    result = assess(
        parse_profile(json.dumps(profile(languages={"first": still_valid}))), rules_for(AS_OF)
    )
    assert result["clb"]["first"] == {"listening": 10, "reading": 10, "writing": 10, "speaking": 10}
