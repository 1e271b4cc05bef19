"""The scored result in words, as the applicant's results page lays it out: the CRS groups, the
FSW factors and the outcome badges. The results page, the emails and the lead's admin page all
show it, so a consultant reads what the applicant read."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

CRS_GROUPS = [
    (
        "core",
        _("Core: you"),
        [
            ("age", _("Age")),
            ("education", _("Education")),
            ("first_language", _("First official language")),
            ("second_language", _("Second official language")),
            ("canadian_work", _("Canadian work experience")),
        ],
    ),
    (
        "spouse",
        _("Spouse or partner"),
        [
            ("education", _("Education")),
            ("language", _("First official language")),
            ("canadian_work", _("Canadian work experience")),
        ],
    ),
    (
        "skill_transferability",
        _("Skill transferability"),
        [
            ("education", _("Education")),
            ("foreign_work", _("Foreign work experience")),
            ("certificate", _("Certificate of qualification")),
        ],
    ),
    (
        "additional",
        _("Additional points"),
        [
            ("provincial_nomination", _("Provincial nomination")),
            ("job_offer", _("Job offer")),
            ("sibling", _("Sibling in Canada")),
            ("french", _("French-language skills")),
            ("canadian_education", _("Canadian education")),
        ],
    ),
]
FSW_FACTORS = [
    ("language", _("Language")),
    ("education", _("Education")),
    ("experience", _("Experience")),
    ("age", _("Age")),
    ("arranged_employment", _("Arranged employment")),
    ("adaptability", _("Adaptability")),
]
OUTCOMES = {
    "eligible": (_("Eligible"), "success"),
    "needs_review": (_("To review with an advisor"), "warning"),
    "not_eligible": (_("Not eligible yet"), "secondary"),
    "closed": (_("Closed"), "dark"),
}


def crs_groups(crs: dict[str, Any]) -> list[dict[str, Any]]:
    groups = []
    for key, title, items in CRS_GROUPS:
        values = crs.get(key) or {}
        subtotal = values.get("subtotal", 0)
        groups.append(
            {
                "title": title,
                "subtotal": subtotal,
                "percent": round(100 * subtotal / max(crs.get("total") or 1, 1)),
                "rows": [(label, values.get(name, 0)) for name, label in items],
            }
        )
    return groups


def outcome_badge(outcome: str, default_colour: str = "") -> tuple[Any, str]:
    """(label, colour class) of an outcome; an unknown one is shown as it is."""
    return OUTCOMES.get(outcome, (outcome, default_colour))


def result_layout(result: dict[str, Any]) -> dict[str, Any]:
    """What the results page and the lead's admin page show of a stored result."""
    return {
        "result": result,
        "as_of": date.fromisoformat(result["as_of"]),
        "crs_groups": crs_groups(result["crs"]),
        "fsw_factors": [(label, result["fsw"]["factors"].get(k, 0)) for k, label in FSW_FACTORS],
        "programs": [
            {**program, "badge": outcome_badge(program["outcome"])}
            for program in result["programs"]
        ],
    }
