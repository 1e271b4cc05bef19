"""The engine, through its public interfaces, agrees with an independent implementation.

tests/oracle.py computes the contract's figures from the contract and the reference alone;
here every figure both give (age, CLB levels, years of experience, each CRS line, subtotal and
total, the FSW factors and total) is compared on Hypothesis profiles, on every score of every
language test, and on the benchmark generator's profiles. The engine runs as the API runs it
(`score_json`, suggestions included) and as `manage.py assess --jsonl` (what outside checks
call), on the rules loaded from the seeded test database.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from programs.scoring import RulesByDay, score_json
from tests import oracle
from tests.strategies import AS_OF, fit_tef_scale, varied_profiles
from tests.test_assess_interfaces import run_assess

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
RULES_BY_DAY = RulesByDay()  # each day's rules are read from the database once
CRS_GROUPS = {
    "core": ("age", "education", "first_language", "second_language", "canadian_work"),
    "spouse": ("education", "language", "canadian_work"),
    "skill_transferability": ("education", "foreign_work", "certificate"),
    "additional": ("provincial_nomination", "job_offer", "sibling", "french", "canadian_education"),
}
FSW_FACTORS = ("language", "education", "experience", "age", "arranged_employment", "adaptability")


def compared_figures(result: dict[str, Any]) -> dict[str, Any]:
    """The figures of a result (the engine's or the oracle's) that are compared, by path."""
    figures: dict[str, Any] = {"age": result["age"]}
    for slot in ("first", "second", "spouse"):
        figures[f"clb.{slot}"] = result["clb"][slot]
    for kind in ("canadian", "foreign", "fsw", "spouse_canadian"):
        figures[f"experience_years.{kind}"] = result["experience_years"][kind]
    crs = result["crs"]
    figures["crs.total"] = crs["total"]
    figures["crs.with_spouse"] = crs["with_spouse"]
    for group, lines in CRS_GROUPS.items():
        for line in (*lines, "subtotal"):
            figures[f"crs.{group}.{line}"] = crs[group][line]
    figures["fsw.total"] = result["fsw"]["total"]
    figures["fsw.pass_mark"] = result["fsw"]["pass_mark"]
    for factor in FSW_FACTORS:
        figures[f"fsw.factors.{factor}"] = result["fsw"]["factors"][factor]
    return figures


def differences(profile: dict[str, Any], result: dict[str, Any]) -> dict[str, tuple]:
    """{path: (engine, oracle)} for every compared figure on which the two disagree."""
    engine = compared_figures(result)
    expected = compared_figures(oracle.score(profile))
    return {
        path: (engine[path], expected[path]) for path in engine if engine[path] != expected[path]
    }


def engine_differences(profile: dict[str, Any]) -> dict[str, tuple]:
    """Score the profile as the API does and compare it with the oracle."""
    return differences(profile, score_json(json.dumps(profile), rules_by_day=RULES_BY_DAY))


def a_profile(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "as_of": "2025-06-01",
        "date_of_birth": "1995-01-01",
        "marital_status": "never_married",
        "education": {"level": "bachelors"},
        "languages": {"first": {"test": "clb", **dict.fromkeys(oracle.ABILITIES, 9)}},
        "work_experience": [],
    }
    return base | fields


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(varied_profiles())
def test_engine_agrees_with_the_oracle_on_varied_profiles(profile: dict[str, Any]) -> None:
    assert engine_differences(profile) == {}, json.dumps(profile)


def test_assess_jsonl_agrees_with_the_oracle_on_generated_profiles() -> None:
    generated = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate_profiles.py"), "2000"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    profiles = [json.loads(line) for line in generated.splitlines()]
    results, status = run_assess(generated.encode(), "--jsonl")
    assert status == 0
    assert len(results) == len(profiles) == 2000
    disagreements = [
        (found, profile)
        for profile, result in zip(profiles, results, strict=True)
        if (found := differences(profile, result))
    ]
    assert disagreements == [], f"{len(disagreements)} profiles disagree, e.g. {disagreements[:3]}"


def scores_of(test: str) -> list[dict[str, float]]:
    """Every valid score of a test, in all four abilities at once (TCF writing and speaking
    are out of 20: they take the score modulo 21)."""
    if test in ("clb", "nclc", "celpip_general"):
        values: list[float] = list(range(13))
    elif test == "ielts_general":
        values = [half / 2 for half in range(19)]
    elif test == "pte_core":
        values = list(range(10, 91))
    else:
        values = list(range(700))
    out_of_20 = test == "tcf_canada"
    return [
        {
            "listening": value,
            "reading": value,
            "writing": value % 21 if out_of_20 else value,
            "speaking": value % 21 if out_of_20 else value,
        }
        for value in values
    ]


@pytest.mark.parametrize(
    ("test", "test_date"),
    [
        ("ielts_general", "2025-01-10"),
        ("celpip_general", "2025-01-10"),
        ("pte_core", "2024-01-30"),  # its scale's first day (none is dated before)
        ("tef_canada", "2023-12-10"),  # the 2019 scale's last day
        ("tef_canada", "2023-12-11"),  # the current scale's first
        ("tcf_canada", "2025-01-10"),
        ("clb", "2025-01-10"),
        ("nclc", "2025-01-10"),
    ],
)
def test_every_score_converts_as_the_reference_says(test: str, test_date: str) -> None:
    for scores in scores_of(test):
        result = fit_tef_scale({"test": test, "test_date": test_date, **scores}, AS_OF)
        assert engine_differences(a_profile(languages={"first": result})) == {}, result


def test_years_are_whole_years_of_exact_hours() -> None:
    """364 days at 29.999999999 h/week are 1,559.99999995 hours: rule 6 floors them to 0 years."""
    job = {"noc": "21231", "country": "CA", "start": "2024-06-02", "hours_per_week": 29.999999999}
    profile = a_profile(work_experience=[job])
    assert oracle.score(profile)["experience_years"]["canadian"] == 0
    assert engine_differences(profile) == {}
