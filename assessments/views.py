"""Public pages of the assessments app: the result page (the wizard is in assessments.wizard)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .models import Assessment
from .wizard.results import public_id_from_token

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
CRS_MAX = 1200


def _crs_groups(crs: dict[str, Any]) -> list[dict[str, Any]]:
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


def result(request: HttpRequest, token: str) -> HttpResponse:
    """The signed result page: 'computing' while scoring, then the scored result."""
    public_id = public_id_from_token(token)
    assessment = (
        Assessment.objects.filter(public_id=public_id).first() if public_id is not None else None
    )
    if assessment is None:
        return render(request, "assessments/result_not_found.html", status=404)
    context: dict[str, Any] = {"assessment": assessment}
    data = assessment.result if assessment.status == Assessment.Status.SCORED else None
    if data:
        context.update(
            result=data,
            as_of=date.fromisoformat(data["as_of"]),
            crs_groups=_crs_groups(data["crs"]),
            fsw_factors=[(label, data["fsw"]["factors"].get(k, 0)) for k, label in FSW_FACTORS],
            programs=[
                {**program, "badge": OUTCOMES.get(program["outcome"], (program["outcome"], ""))}
                for program in data["programs"]
            ],
        )
    return render(request, "assessments/result.html", context)
