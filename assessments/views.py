"""Public pages of the assessments app: the result page (the wizard is in assessments.wizard)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from programs.engine import ProfileError, RuleError
from programs.scoring import RulesByDay

from .models import Assessment
from .outlook import describe_change, outlook_chart, outlook_for_profile
from .presentation import result_layout
from .selectors import DrawsComparison, draws_comparison, result_in_language
from .wizard.results import public_id_from_token

logger = logging.getLogger(__name__)

TOP_ACTIONS = 3  # the actions worth the most, on the result's first screen
ROUND_LABELS = {
    "general": _("General round (no program specified)"),
    "pnp": _("Provincial Nominee Program"),
    "express-entry-cec": _("Canadian Experience Class"),
    "express-entry-fsw": _("Federal Skilled Worker Program"),
    "express-entry-fst": _("Federal Skilled Trades Program"),
}


def _outlook(assessment: Assessment, as_of: date, rules_by_day: RulesByDay) -> dict[str, Any]:
    """The score over the next 24 months, or nothing when the profile or the rules of a future
    day cannot be scored (the rest of the page does not depend on it)."""
    try:
        outlook = outlook_for_profile(
            profile=assessment.profile, as_of=as_of, rules_by_day=rules_by_day
        )
    except (ProfileError, RuleError) as error:
        logger.warning("No outlook for assessment %s: %s", assessment.pk, error)
        return {}
    return {
        "outlook": outlook,
        "outlook_chart": outlook_chart(outlook),
        "outlook_changes": [describe_change(change) for change in outlook.changes],
    }


def _draw_rows(comparison: DrawsComparison, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rounds the applicant could have been invited in, labelled in the page's language."""
    language = (get_language() or "en")[:2]
    category_names = {c["slug"]: c["name"] for c in data.get("categories", [])}
    rows = []
    for row in comparison.rows:
        if row.kind == "category":
            names = row.draw.category_name or {}
            label = names.get(language) or category_names.get(row.key) or row.draw.draw_name
        else:
            label = ROUND_LABELS[row.key or row.kind]
        rows.append(
            {
                "day": row.draw.day,
                "label": label,
                "cutoff": row.draw.cutoff,
                "within": row.within,
                "to_confirm": row.to_confirm,
            }
        )
    return rows


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
        as_of = assessment.scored_as_of or date.fromisoformat(data["as_of"])
        rules_by_day = RulesByDay()  # the rules of a day are read once for the whole page
        data = result_in_language(
            profile=assessment.profile,
            stored=data,
            language=(get_language() or "en")[:2],
            as_of=as_of,
            rules_by_day=rules_by_day,
        )
        draws = draws_comparison(
            result=data,
            crs=data["crs"]["total"],
            as_of=as_of,
            nominated=bool(assessment.profile.get("provincial_nomination")),
        )
        suggestions = data.get("suggestions") or []
        context.update(
            _outlook(assessment, as_of, rules_by_day),
            open_programs=[p for p in data["programs"] if p["outcome"] == "eligible"],
            top_actions=suggestions[:TOP_ACTIONS],  # best first (the engine sorts them)
            more_actions=suggestions[TOP_ACTIONS:],
            draws=draws,
            draw_rows=_draw_rows(draws, data),
            **result_layout(data),
        )
    return render(request, "assessments/result.html", context)
