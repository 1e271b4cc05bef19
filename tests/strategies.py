"""Hypothesis strategies for valid contract profiles (dicts), used by property tests and benchmarks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from programs.engine.grids import EDUCATION_LEVELS

AS_OF = date(2026, 6, 1)
LEVELS = EDUCATION_LEVELS
NOCS = ("21231", "21232", "20012", "00012", "72400", "13110", "65200", "2174", "2173", "0213")
COUNTRIES = ("CA", "CA", "IN", "US", "FR", "PH")
ABILITIES = ("listening", "reading", "writing", "speaking")

SCALES = {
    "clb": st.integers(0, 12),
    "nclc": st.integers(0, 12),
    "ielts_general": st.integers(0, 18).map(lambda half: half / 2),
    "celpip_general": st.integers(0, 12),
    "pte_core": st.integers(10, 90),
    "tef_canada": st.integers(0, 699),
}


@st.composite
def language_result(draw: st.DrawFn, tests: tuple[str, ...] | None = None) -> dict[str, Any]:
    test = draw(st.sampled_from(tests or (*SCALES, "tcf_canada")))
    result: dict[str, Any] = {"test": test}
    for ability in ABILITIES:
        if test == "tcf_canada":
            scale = (
                st.integers(0, 20) if ability in ("writing", "speaking") else st.integers(0, 699)
            )
        else:
            scale = SCALES[test]
        result[ability] = draw(scale)
    if draw(st.booleans()):
        result["test_date"] = (AS_OF - timedelta(days=draw(st.integers(0, 1000)))).isoformat()
    return result


@st.composite
def a_job(draw: st.DrawFn) -> dict[str, Any]:
    start = AS_OF - timedelta(days=draw(st.integers(1, 12 * 365)))
    end = None if draw(st.booleans()) else start + timedelta(days=draw(st.integers(0, 5 * 365)))
    if end is not None and end >= AS_OF:
        end = None
    return {
        "noc": draw(st.sampled_from(NOCS)),
        "country": draw(st.sampled_from(COUNTRIES)),
        "start": start.isoformat(),
        "end": end.isoformat() if end else None,
        "hours_per_week": draw(st.sampled_from((10, 20, 25.5, 30, 37.5, 40, 60))),
        "self_employed": draw(st.booleans()),
        "while_full_time_student": draw(st.booleans()),
    }


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    age_days = draw(st.integers(17 * 365, 60 * 365))
    marital = draw(st.sampled_from(("never_married", "married", "common_law", "divorced")))
    profile: dict[str, Any] = {
        "as_of": AS_OF.isoformat(),
        "date_of_birth": (AS_OF - timedelta(days=age_days)).isoformat(),
        "marital_status": marital,
        "education": {
            "level": draw(st.sampled_from(LEVELS)),
            "canadian": draw(st.sampled_from(("none", "one_or_two_year", "three_year_or_more"))),
            "has_eca": draw(st.booleans()),
        },
        "languages": {
            "first": draw(st.none() | language_result()),
            "second": draw(st.none() | language_result()),
        },
        "work_experience": draw(st.lists(a_job(), max_size=5)),
        "certificate_of_qualification": draw(st.booleans()),
        "provincial_nomination": draw(st.booleans()),
        "sibling_in_canada": draw(st.booleans()),
        "relative_in_canada": draw(st.booleans()),
        "family_size": draw(st.integers(1, 9)),
        "settlement_funds_cad": draw(st.integers(0, 60000)),
        "intended_province": draw(st.sampled_from(("ON", "BC", "AB", "QC", "NS"))),
    }
    if draw(st.booleans()):
        profile["job_offer"] = {
            "noc": draw(st.sampled_from(NOCS)),
            "province": draw(st.sampled_from(("ON", "BC", "AB", "QC"))),
            "lmia_or_exempt": draw(st.booleans()),
            "duration_months": draw(st.none() | st.integers(0, 36)),
        }
    if marital in ("married", "common_law"):
        profile["spouse"] = {
            "accompanying": draw(st.booleans()),
            "is_canadian_citizen_or_pr": draw(st.booleans()),
            "education": draw(st.sampled_from(LEVELS)),
            "language": draw(st.none() | language_result()),
            "work_experience": draw(st.lists(a_job(), max_size=2)),
        }
    return profile
