"""The answers of the wizard's benchmarks: one valid walk per path, as a browser posts them.

Shared by the load test's applicants (benchmarks/locustfile.py) and the CPU benchmark
(benchmarks/wizard_cpu.py), so both walk the same steps with the same answers.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

PREFIX = "assessment"
LANG = "en"
TODAY = date.today()

ANSWERS: dict[str, dict[str, str]] = {
    "about": {
        "date_of_birth": "1993-03-14",
        "citizenship": "IN",
        "country_of_residence": "IN",
        "marital_status": "never_married",
        "intended_province": "ON",
        "has_job_offer": "no",
    },
    "spouse": {
        "is_canadian_citizen_or_pr": "no",
        "accompanying": "yes",
        "education": "bachelors",
        "canadian_education": "none",
        "spouse_test": "celpip_general",
        "spouse_date": (TODAY - timedelta(days=100)).isoformat(),
        "spouse_listening": "9",
        "spouse_reading": "8",
        "spouse_writing": "8",
        "spouse_speaking": "9",
    },
    "education": {"level": "masters", "canadian": "none", "has_eca": "yes"},
    "languages": {
        "first_test": "ielts_general",
        "first_date": (TODAY - timedelta(days=60)).isoformat(),
        "first_listening": "8",
        "first_reading": "7",
        "first_writing": "6.5",
        "first_speaking": "7",
    },
    "work": {
        "TOTAL_FORMS": "1",
        "INITIAL_FORMS": "0",
        "MIN_NUM_FORMS": "0",
        "MAX_NUM_FORMS": "30",
        "0-noc": "21231",
        "0-title": "Software engineer",
        "0-country": "IN",
        "0-start": "2019-01-01",
        "0-current": "on",
        "0-hours_per_week": "40",
    },
    "job_offer": {"noc": "21231", "province": "QC", "full_time": "yes", "lmia_or_exempt": "yes"},
    "connections": {"dependent_children": "0", "settlement_funds_cad": "30000"},
    "quebec": {
        "intends_to_live_in_quebec": "yes",
        "quebec_diploma": "none",
        "holds_quebec_job_offer": "yes",
        "francization_agreement": "yes",
    },
    "contact": {
        "name": "Load Test",
        "email": "load@example.com",
        "language": "en",
        "consent": "on",
    },
    "review": {},
}
SINGLE = ["about", "education", "languages", "work", "connections", "contact", "review"]
MARRIED = ["about", "spouse", "education", "languages", "work", "job_offer", "connections"]
MARRIED += ["quebec", "contact", "review"]
MARRIED_ABOUT = ANSWERS["about"] | {
    "marital_status": "married",
    "has_job_offer": "yes",
    "intended_province": "QC",
}


def step_url(step: str) -> str:
    return f"/{LANG}/assessment/{step}/"


def post_data(step: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The POST body of a step: its answers under the step's prefix, and the wizard's own field."""
    data = {f"{step}-{key}": value for key, value in answers.items()}
    data[f"{PREFIX}-current_step"] = step
    return data


def walk(married: bool) -> list[tuple[str, dict[str, str]]]:
    """The steps of one applicant's walk and the answers posted on each."""
    steps = MARRIED if married else SINGLE
    return [
        (step, MARRIED_ABOUT if married and step == "about" else ANSWERS[step]) for step in steps
    ]
