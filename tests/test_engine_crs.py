"""The worked examples of section 7 of the Express Entry reference notes (the notes that
programs/data/grids.json cites as its sources), group by group."""

from __future__ import annotations

import json
from datetime import date

import pytest

from programs.engine import assess, parse_profile
from tests.profiles import AS_OF, born_aged, clb, job, profile
from tests.rulesets import rules_for

CDN = "21231"  # Software engineers and designers, TEER 1
TWO_YEARS_AGO = 2 * 365 + 10


def score(data: dict) -> dict:
    return assess(parse_profile(json.dumps(data)), rules_for(AS_OF), suggestions=False)


EXAMPLES = {
    "1-single-masters-clb9-foreign3": (
        profile(
            date_of_birth=born_aged(29),
            education={"level": "masters"},
            languages={"first": clb(9)},
            work_experience=[job(CDN, 3, country="IN")],
        ),
        (369, 0, 100, 0, 469),
    ),
    "2-spouse-bachelors-clb10": (
        profile(
            date_of_birth=born_aged(30),
            marital_status="married",
            spouse={
                "accompanying": True,
                "education": "bachelors",
                "language": clb(7),
                "work_experience": [],
            },
            education={"level": "bachelors"},
            languages={"first": clb(10)},
            work_experience=[job(CDN, 1)],
        ),
        (370, 20, 38, 0, 428),
    ),
    "3-ielts-7": (
        profile(
            education={"level": "bachelors"},
            languages={"first": clb(7.0, test="ielts_general")},
        ),
        (340, 0, 13, 0, 353),
    ),
    "4-clb8-bachelors": (
        profile(education={"level": "bachelors"}, languages={"first": clb(8)}),
        (322, 0, 13, 0, 335),
    ),
    "5-masters-clb10-cdn3": (
        profile(
            date_of_birth=born_aged(28),
            education={"level": "masters"},
            languages={"first": clb(10)},
            work_experience=[job(CDN, 3)],
        ),
        (445, 0, 50, 0, 495),
    ),
    "6-diploma-pnp": (
        profile(
            date_of_birth=born_aged(35),
            education={"level": "two_year"},
            languages={"first": clb(9)},
            work_experience=[job(CDN, 2), job(CDN, 3, country="FR", ended_days_ago=TWO_YEARS_AGO)],
            provincial_nomination=True,
        ),
        (352, 0, 100, 600, 1052),
    ),
    "7-phd-capped": (
        profile(
            date_of_birth=born_aged(27),
            education={"level": "doctoral", "canadian": "three_year_or_more"},
            languages={"first": clb(10)},
            work_experience=[
                job(CDN, 3),
                job(CDN, 3, country="US", ended_days_ago=3 * 365 + 10),
            ],
            certificate_of_qualification=True,
            provincial_nomination=True,
            sibling_in_canada=True,
        ),
        (460, 0, 100, 600, 1160),
    ),
    "8-spouse-french-bonus": (
        profile(
            date_of_birth=born_aged(33),
            marital_status="common_law",
            spouse={
                "accompanying": True,
                "education": "masters",
                "language": clb(9, 9, 5, 4),
                "work_experience": [job(CDN, 1)],
            },
            education={"level": "two_or_more", "canadian": "one_or_two_year"},
            languages={"first": clb(8, 8, 7, 9), "second": clb(7, test="nclc")},
            work_experience=[
                job(CDN, 2),
                job(CDN, 2, country="MA", ended_days_ago=TWO_YEARS_AGO),
            ],
            sibling_in_canada=True,
        ),
        (346, 26, 88, 80, 540),
    ),
}


@pytest.mark.parametrize("name", EXAMPLES)
def test_worked_example(name: str) -> None:
    data, (core, spouse, transfer, additional, total) = EXAMPLES[name]
    crs = score(data)["crs"]
    assert crs["core"]["subtotal"] == core
    assert crs["spouse"]["subtotal"] == spouse
    assert crs["skill_transferability"]["subtotal"] == transfer
    assert crs["additional"]["subtotal"] == additional
    assert crs["total"] == total


def test_example_8_lines() -> None:
    crs = score(EXAMPLES["8-spouse-french-bonus"][0])["crs"]
    assert crs["with_spouse"] is True
    assert crs["core"] == {
        "age": 80,
        "education": 119,
        "first_language": 89,
        "second_language": 12,
        "canadian_work": 46,
        "subtotal": 346,
    }
    assert crs["spouse"] == {"education": 10, "language": 11, "canadian_work": 5, "subtotal": 26}
    assert crs["skill_transferability"] == {
        "education": 50,
        "foreign_work": 38,
        "certificate": 0,
        "subtotal": 88,
    }
    assert crs["additional"]["french"] == 50
    assert crs["additional"]["sibling"] == 15
    assert crs["additional"]["canadian_education"] == 15


def test_canadian_spouse_scores_as_single() -> None:
    data = EXAMPLES["2-spouse-bachelors-clb10"][0]
    data = data | {"spouse": data["spouse"] | {"is_canadian_citizen_or_pr": True}}
    crs = score(data)["crs"]
    assert crs["with_spouse"] is False
    assert crs["spouse"]["subtotal"] == 0
    assert crs["core"]["age"] == 105  # the single column at 30


JOB_OFFER = {"noc": "21231", "province": "ON", "lmia_or_exempt": True}
SENIOR_OFFER = {"noc": "00012", "province": "ON", "lmia_or_exempt": True}


@pytest.mark.parametrize(("offer", "points"), [(JOB_OFFER, 50), (SENIOR_OFFER, 200)])
def test_job_offer_points_end_on_2025_03_25(offer: dict, points: int) -> None:
    def total_on(day: date) -> int:
        data = profile(as_of=day.isoformat(), date_of_birth=born_aged(29, day), job_offer=offer)
        without = data | {"job_offer": None}
        rules = rules_for(day)
        with_offer = assess(parse_profile(json.dumps(data)), rules, suggestions=False)
        plain = assess(parse_profile(json.dumps(without)), rules, suggestions=False)
        return with_offer["crs"]["total"] - plain["crs"]["total"]

    assert total_on(date(2025, 3, 24)) == points
    assert total_on(date(2025, 3, 25)) == 0
