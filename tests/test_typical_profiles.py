"""Three typical applicants scored with the seeded database rules: every program's outcome, with reasons.

These pin down what a consultant would expect to read for each program; a change of the seed data
or the engine that alters one of them must be deliberate.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from programs.engine import assess, parse_profile
from programs.loader import load_rules
from tests.profiles import born_aged, clb, job, profile

pytestmark = pytest.mark.django_db

DAY_2026 = date(2026, 6, 1)
DAY_2025 = date(2025, 6, 1)  # before the Quebec pilot closed and the 2026 category changes


def software_engineer_abroad(as_of: date) -> dict:
    """Master's with an ECA, CLB 9, five years as a software engineer in India, wants Ontario."""
    return profile(
        as_of=as_of.isoformat(),
        date_of_birth=born_aged(31, as_of),
        education={"level": "masters", "has_eca": True},
        languages={"first": clb(9)},
        work_experience=[job("21231", 5, country="IN", as_of=as_of)],
        settlement_funds_cad=30000,
        family_size=1,
        intended_province="ON",
    )


def developer_in_ontario(as_of: date) -> dict:
    """Two years as a developer in Toronto on a work permit, two before in India, CLB 8, little money."""
    return profile(
        as_of=as_of.isoformat(),
        date_of_birth=born_aged(28, as_of),
        education={"level": "bachelors", "has_eca": True},
        languages={"first": clb(8)},
        work_experience=[
            job("21232", 2, province="ON", as_of=as_of),
            job("21232", 2, country="IN", ended_days_ago=800, as_of=as_of),
        ],
        settlement_funds_cad=12000,
        family_size=1,
        intended_province="ON",
    )


def vfx_artist_in_montreal(as_of: date) -> dict:
    """French first (NCLC 8), some English, three years in Montreal and three in France, Quebec offer."""
    return profile(
        as_of=as_of.isoformat(),
        date_of_birth=born_aged(33, as_of),
        education={"level": "bachelors", "has_eca": True},
        languages={"first": clb(8, test="nclc"), "second": clb(6)},
        work_experience=[
            job("52120", 3, province="QC", as_of=as_of),
            job("52120", 3, country="FR", ended_days_ago=1100, as_of=as_of),
        ],
        job_offer={"noc": "52120", "province": "QC", "full_time": True, "duration_months": None},
        settlement_funds_cad=20000,
        family_size=1,
        intended_province="QC",
        quebec={
            "intends_to_live_in_quebec": True,
            "quebec_diploma": "none",
            "holds_quebec_job_offer": True,
            "francization_agreement": False,
        },
    )


def score(data: dict, language: str = "en") -> dict:
    rules = load_rules(date.fromisoformat(data["as_of"]))
    return assess(parse_profile(json.dumps(data)), rules, language=language)


def outcomes(result: dict) -> dict[str, str]:
    return {p["slug"]: p["outcome"] for p in result["programs"]}


def unmet(result: dict, slug: str) -> list[str]:
    program = next(p for p in result["programs"] if p["slug"] == slug)
    return [c["message"] for c in program["criteria"] if c["met"] is False]


def test_every_criterion_of_every_program_explains_itself():
    for build in (software_engineer_abroad, developer_in_ontario, vfx_artist_in_montreal):
        for language in ("en", "fr"):
            result = score(build(DAY_2026), language)
            assert len(result["programs"]) == 8
            for program in result["programs"]:
                assert program["criteria"], program["slug"]
                for criterion in program["criteria"]:
                    assert criterion["message"].strip(), (program["slug"], criterion["code"])
                    assert "{" not in criterion["message"]
                    assert "  " not in criterion["message"]


def test_software_engineer_abroad():
    result = score(software_engineer_abroad(DAY_2026))
    assert result["crs"]["total"] == 458
    assert result["fsw"]["total"] == 72 and result["fsw"]["passes"]
    assert outcomes(result) == {
        "express-entry-fsw": "eligible",
        "express-entry-cec": "not_eligible",  # no Canadian work
        "express-entry-fst": "not_eligible",  # not a trade
        "ontario-hcp": "eligible",  # tech occupation, Express Entry eligible, lives in Ontario
        "bc-pnp-tech": "not_eligible",  # no B.C. offer (and the stream is paused)
        "alberta-accelerated-tech": "not_eligible",  # no Alberta offer
        "quebec-pilot-ai": "closed",
        "quebec-pilot-it-vfx": "closed",
    }
    assert any(
        "0 months of qualifying work in Canada" in m for m in unmet(result, "express-entry-cec")
    )
    assert any("job offer in Alberta" in m for m in unmet(result, "alberta-accelerated-tech"))
    best = result["suggestions"][0]
    assert best["code"] == "provincial_nomination" and best["crs_gain"] == 600


def test_developer_working_in_ontario():
    result = score(developer_in_ontario(DAY_2026))
    assert result["experience_years"]["canadian"] == 2
    assert outcomes(result) == {
        "express-entry-fsw": "not_eligible",  # settlement funds short, no job offer to waive them
        "express-entry-cec": "eligible",
        "express-entry-fst": "not_eligible",
        "ontario-hcp": "eligible",
        "bc-pnp-tech": "not_eligible",
        "alberta-accelerated-tech": "not_eligible",
        "quebec-pilot-ai": "closed",
        "quebec-pilot-it-vfx": "closed",
    }
    assert unmet(result, "express-entry-fsw") == ["You have $12,000; a family of 1 needs $15,263."]


def test_developer_working_in_ontario_in_french():
    result = score(developer_in_ontario(DAY_2026), "fr")
    assert unmet(result, "express-entry-fsw") == [
        "Vous avez 12\u202f000 $; une famille de 1 personne(s) doit avoir 15\u202f263 $."
    ]


def test_french_speaking_vfx_artist_in_montreal_while_the_pilot_was_open():
    result = score(vfx_artist_in_montreal(DAY_2025))
    got = outcomes(result)
    # Express Entry is for people settling outside Quebec; Quebec selects its own.
    assert {got[s] for s in ("express-entry-fsw", "express-entry-cec", "express-entry-fst")} == {
        "not_eligible"
    }
    assert got["ontario-hcp"] == "not_eligible"
    assert (
        got["quebec-pilot-it-vfx"] == "needs_review"
    )  # all met but salary, checked by a consultant
    it_vfx = next(p for p in result["programs"] if p["slug"] == "quebec-pilot-it-vfx")
    assert all(c["met"] is not False for c in it_vfx["criteria"])
    assert [c["kind"] for c in it_vfx["criteria"] if c["met"] is None] == ["manual_review"] * len(
        [c for c in it_vfx["criteria"] if c["met"] is None]
    )
    # French NCLC 8 and English CLB 6: the 50 French points.
    assert result["crs"]["additional"]["french"] == 50


def test_french_speaking_vfx_artist_after_the_pilot_closed():
    result = score(vfx_artist_in_montreal(DAY_2026))
    assert outcomes(result)["quebec-pilot-it-vfx"] == "closed"
    assert outcomes(result)["quebec-pilot-ai"] == "closed"


def _cybersecurity_recent(as_of: date) -> dict:
    """Two years as a software engineer, then nine months as a cybersecurity specialist (STEM)."""
    data = software_engineer_abroad(as_of)
    data["work_experience"] = [
        job("21231", 2, country="IN", ended_days_ago=280, as_of=as_of),
        job("21220", 0.75, country="IN", as_of=as_of),
    ]
    return data


def test_category_rule_changes_between_2025_and_2026():
    """6 months continuous (2023-2025) versus 12 months in 3 years (from 2026-02-18)."""
    in_2025 = {c["slug"]: c for c in score(_cybersecurity_recent(DAY_2025))["categories"]}
    assert in_2025["stem"]["qualifies"] is True
    in_2026 = {c["slug"]: c for c in score(_cybersecurity_recent(DAY_2026))["categories"]}
    assert in_2026["stem"]["qualifies"] is False
    assert "12 months" in in_2026["stem"]["reason"] and "you have 9" in in_2026["stem"]["reason"]
