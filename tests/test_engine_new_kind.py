"""A criterion kind is one class: defined here, in the test file only, it scores like the others.

The kind below (the spouse's lowest CLB level) exists only while a test uses the fixture, which
unregisters it afterwards so that no other test sees it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import ClassVar

import pytest
from pydantic import BaseModel, ConfigDict, Field

from programs.engine import assess, parse_profile
from programs.engine.criteria import KINDS, Kind, Reading, UndeclaredRead, Verdict, unregister
from programs.engine.criteria_params import CRITERION_PARAMS, parse_params
from programs.engine.i18n import gettext_noop, translate
from programs.engine.rules import CriterionRule, ProgramRules
from tests.profiles import AS_OF, clb, profile
from tests.test_seed_data import seed_rules

RULES = seed_rules(AS_OF)


class SpouseLevel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    level: int = Field(ge=0, le=12)


@pytest.fixture
def spouse_kind() -> Iterator[type[Kind]]:
    class SpouseLanguage(Kind):
        name = "spouse_language_min"
        Params = SpouseLevel
        reads = frozenset({"with_spouse", "spouse_levels"})
        messages: ClassVar[dict[str, str]] = {
            "spouse_language.met": gettext_noop("Your spouse's lowest CLB is {actual}."),
            "spouse_language.low": gettext_noop(
                "Your spouse's lowest CLB is {actual}; this needs {level}."
            ),
            "spouse_language.none": gettext_noop("This needs an accompanying spouse's test."),
        }

        def evaluate(self, facts: Reading, params: SpouseLevel) -> Verdict:
            if not facts.with_spouse or facts.spouse_levels is None:
                return Verdict(False, "spouse_language.none", {})
            lowest = facts.spouse_levels.lowest
            met = lowest >= params.level
            key = "spouse_language.met" if met else "spouse_language.low"
            return Verdict(met, key, {"actual": lowest, "level": params.level})

        def requirement(self, params: SpouseLevel, rules: object, language: str) -> str:
            template = gettext_noop("Your spouse needs CLB {level} in each ability.")
            return translate(template, language).format(level=params.level)

    try:
        yield SpouseLanguage
    finally:
        unregister("spouse_language_min")


def _rules_with(kind: str, params: object, code: str = "spouse-language"):
    program = ProgramRules(
        slug="spouse-test",
        name={"en": "Spouse test", "fr": "Test du conjoint"},
        kind="pnp",
        jurisdiction="ON",
        status="open",
        status_note={},
        criteria=(CriterionRule(code=code, kind=kind, params=params, requirement={}),),
    )
    return dataclasses.replace(RULES, programs=(*RULES.programs, program))


def _married(spouse_level: int) -> dict:
    return profile(
        marital_status="married",
        spouse={
            "accompanying": True,
            "is_canadian_citizen_or_pr": False,
            "education": "bachelors",
            "language": clb(spouse_level),
            "work_experience": [],
        },
    )


def _criterion(result: dict) -> dict:
    (program,) = [p for p in result["programs"] if p["slug"] == "spouse-test"]
    (criterion,) = program["criteria"]
    return criterion


def test_a_kind_defined_in_a_test_scores_with_its_own_messages(spouse_kind) -> None:
    assert "spouse_language_min" in KINDS and CRITERION_PARAMS["spouse_language_min"] is SpouseLevel
    params = parse_params("spouse_language_min", {"level": 7})
    rules = _rules_with("spouse_language_min", params)

    low = assess(parse_profile(json.dumps(_married(5))), rules, suggestions=False)
    assert _criterion(low) == {
        "code": "spouse-language",
        "kind": "spouse_language_min",
        "met": False,
        "message": "Your spouse's lowest CLB is 5; this needs 7.",
        "requirement": "Your spouse needs CLB 7 in each ability.",
    }
    assert next(p for p in low["programs"] if p["slug"] == "spouse-test")["outcome"] == (
        "not_eligible"
    )
    high = assess(parse_profile(json.dumps(_married(9))), rules)
    assert _criterion(high)["met"] is True
    assert _criterion(high)["message"] == "Your spouse's lowest CLB is 9."
    single = assess(parse_profile(json.dumps(profile())), rules, suggestions=False)
    assert _criterion(single)["message"] == "This needs an accompanying spouse's test."


def test_the_kind_is_gone_after_the_test() -> None:
    assert "spouse_language_min" not in KINDS
    assert "spouse_language_min" not in CRITERION_PARAMS


def test_a_kind_reading_a_fact_it_did_not_declare_is_refused(spouse_kind) -> None:
    class Careless(Kind):
        name = "careless"
        Params = SpouseLevel
        reads = frozenset({"with_spouse"})  # forgets spouse_levels

        def evaluate(self, facts: Reading, params: SpouseLevel) -> Verdict:
            return spouse_kind.evaluate(self, facts, params)

    try:
        rules = _rules_with("careless", SpouseLevel(level=7))
        with pytest.raises(UndeclaredRead, match="spouse_levels"):
            assess(parse_profile(json.dumps(_married(9))), rules, suggestions=False)
    finally:
        unregister("careless")


def test_a_second_kind_with_a_taken_name_is_refused(spouse_kind) -> None:
    with pytest.raises(ValueError, match="already registered"):

        class Again(Kind):
            name = "spouse_language_min"
            Params = SpouseLevel
