"""The wizard's answers -> the contract profile (programs/contracts/profile.schema.json).

A pure function of the cleaned data of each step (the `work` step is a list of rows), so it is
tested without a request, a session or a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .choices import WITH_SPOUSE

ABILITIES = ("listening", "reading", "writing", "speaking")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _language(data: Mapping[str, Any], slot: str) -> dict[str, Any] | None:
    test = data.get(f"{slot}_test")
    if not test:
        return None
    result: dict[str, Any] = {"test": test}
    if data.get(f"{slot}_date"):
        result["test_date"] = _iso(data[f"{slot}_date"])
    for ability in ABILITIES:
        result[ability] = _number(data[f"{slot}_{ability}"])
    return result


def _job(row: Mapping[str, Any]) -> dict[str, Any]:
    job: dict[str, Any] = {
        "noc": row["noc"].strip(),
        "country": row["country"],
        "start": _iso(row["start"]),
        "end": None if row.get("current") else _iso(row.get("end")),
        "hours_per_week": _number(row["hours_per_week"]),
        "self_employed": bool(row.get("self_employed")),
        "while_full_time_student": bool(row.get("while_full_time_student")),
    }
    if row.get("title"):
        job["title"] = row["title"]
    if row.get("country") == "CA" and row.get("province"):
        job["province"] = row["province"]
    return job


def _spouse(data: Mapping[str, Any]) -> dict[str, Any]:
    spouse: dict[str, Any] = {
        "is_canadian_citizen_or_pr": bool(data["is_canadian_citizen_or_pr"]),
        "accompanying": bool(data["accompanying"]),
        "canadian_education": data.get("canadian_education") or "none",
        "language": _language(data, "spouse"),
        "work_experience": [],
    }
    if data.get("education"):
        spouse["education"] = data["education"]
    if data.get("canadian_work_noc"):
        spouse["work_experience"].append(
            {
                "noc": data["canadian_work_noc"].strip(),
                "country": "CA",
                "start": _iso(data["canadian_work_start"]),
                "end": _iso(data.get("canadian_work_end")),
                "hours_per_week": _number(data["canadian_work_hours"]),
            }
        )
    return spouse


def family_size(marital_status: str, connections: Mapping[str, Any]) -> int:
    """The applicant, a spouse or partner (counted even if a citizen or staying behind, as
    IRCC's proof of funds does) and the dependent children."""
    spouse = 1 if marital_status in WITH_SPOUSE else 0
    return 1 + spouse + (connections.get("dependent_children") or 0)


def build_profile(steps: Mapping[str, Any]) -> dict[str, Any]:
    """The contract profile from each step's cleaned data (steps skipped by a condition absent).

    `steps["work"]` is the list of the work rows' cleaned data; empty rows and rows marked for
    removal (`DELETE`) are left out. `as_of` is not set: scoring uses the day it runs.
    """
    about = steps["about"]
    education = steps["education"]
    languages = steps.get("languages") or {}
    connections = steps.get("connections") or {}

    profile: dict[str, Any] = {
        "date_of_birth": _iso(about["date_of_birth"]),
        "marital_status": about["marital_status"],
        "education": {
            "level": education["level"],
            "canadian": education.get("canadian") or "none",
            "has_eca": bool(education.get("has_eca")),
        },
        "languages": {
            "first": _language(languages, "first"),
            "second": _language(languages, "second"),
        },
        "work_experience": [
            _job(row) for row in steps.get("work") or [] if row and not row.get("DELETE")
        ],
    }
    if education.get("field_of_study"):
        profile["education"]["field_of_study"] = education["field_of_study"]
    for key in ("citizenship", "country_of_residence", "intended_province"):
        if about.get(key):
            profile[key] = about[key]

    if about["marital_status"] in WITH_SPOUSE and steps.get("spouse"):
        profile["spouse"] = _spouse(steps["spouse"])

    offer = steps.get("job_offer")
    if about.get("has_job_offer") and offer:
        profile["job_offer"] = {
            "noc": offer["noc"].strip(),
            "province": offer["province"],
            "full_time": bool(offer["full_time"]),
            "duration_months": offer.get("duration_months"),
            "lmia_or_exempt": bool(offer["lmia_or_exempt"]),
        }
    else:
        profile["job_offer"] = None

    for key in (
        "sibling_in_canada",
        "relative_in_canada",
        "provincial_nomination",
        "certificate_of_qualification",
    ):
        profile[key] = bool(connections.get(key))
    profile["family_size"] = family_size(about["marital_status"], connections)
    if connections.get("settlement_funds_cad") is not None:
        profile["settlement_funds_cad"] = connections["settlement_funds_cad"]

    quebec = steps.get("quebec")
    if about.get("intended_province") == "QC" and quebec:
        profile["quebec"] = {
            "intends_to_live_in_quebec": bool(quebec["intends_to_live_in_quebec"]),
            "quebec_diploma": quebec.get("quebec_diploma") or "none",
            "holds_quebec_job_offer": bool(quebec["holds_quebec_job_offer"]),
            "francization_agreement": bool(quebec["francization_agreement"]),
        }
    return profile
