"""What the pipeline emails: the applicant's result summary and the consultants' new-lead notice,
rendered in the recipient's language with the consultancy's brand, and who receives the notice;
and the save-for-later link to a wizard's draft."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .branding import site_settings
from .models import Assessment, RoutingRule, SiteSettings, WizardDraft, split_emails
from .presentation import CRS_GROUPS, OUTCOMES, outcome_badge
from .privacy import privacy_token
from .wizard.results import result_token


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def absolute_url(path: str) -> str:
    """Links in emails point at the public site (PUBLIC_BASE_URL), not at the worker's host."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def result_url(assessment: Assessment) -> str:
    with translation.override(assessment.language):
        path = reverse("assessments:result", args=[result_token(assessment)])
    return absolute_url(path)


def _render(template: str, context: dict[str, Any]) -> RenderedEmail:
    subject = render_to_string(f"assessments/email/{template}_subject.txt", context)
    return RenderedEmail(
        subject=" ".join(subject.split()),
        text=render_to_string(f"assessments/email/{template}.txt", context),
        html=render_to_string(f"assessments/email/{template}.html", context),
    )


def _summary(assessment: Assessment, site: SiteSettings | None) -> dict[str, Any]:
    """The figures both emails show, from the stored result."""
    result = assessment.result or {}
    crs = result.get("crs", {})
    return {
        "assessment": assessment,
        "result": result,
        "crs_total": crs.get("total"),
        "best_outcome_label": OUTCOMES.get(assessment.best_outcome, ("-",))[0],
        "crs_groups": [
            {"title": title, "subtotal": (crs.get(key) or {}).get("subtotal", 0)}
            for key, title, _items in CRS_GROUPS
        ],
        "programs": [
            {**program, "outcome_label": outcome_badge(program["outcome"])[0]}
            for program in result.get("programs", [])
        ],
        "eligible": [p["name"] for p in result.get("programs", []) if p["outcome"] == "eligible"],
        "suggestions": result.get("suggestions", [])[:5],
        "site": site or site_settings(),
    }


def applicant_email(assessment: Assessment, site: SiteSettings | None = None) -> RenderedEmail:
    """The result summary, in the applicant's language."""
    with translation.override(assessment.language):
        context = _summary(assessment, site) | {
            "result_url": result_url(assessment),
            "privacy_url": absolute_url(reverse("assessments:privacy_notice")),
            "my_data_url": absolute_url(
                reverse("assessments:privacy_request", args=[privacy_token(assessment)])
            ),
        }
        return _render("applicant_result", context)


def consultant_email(assessment: Assessment, site: SiteSettings | None = None) -> RenderedEmail:
    """The new-lead notice, in the site's language, with a link to the lead in the admin."""
    with translation.override(settings.LANGUAGE_CODE):
        admin_path = reverse("admin:assessments_assessment_change", args=[assessment.pk])
        context = _summary(assessment, site) | {"admin_url": absolute_url(admin_path)}
        return _render("consultant_new_lead", context)


def draft_link_email(draft: WizardDraft, *, token: str, days: int) -> RenderedEmail:
    """The link back to a saved draft (its signed `token`, valid `days`), in the language it was
    saved in; plain text only."""
    with translation.override(draft.language):
        path = reverse("assessments:resume", kwargs={"token": token})
        context = {"link": absolute_url(path), "days": days}
        return RenderedEmail(
            subject=_("Your assessment: continue where you left off"),
            text=render_to_string("assessments/email/draft_link.txt", context),
            html="",
        )


def consultant_recipients(
    assessment: Assessment, site: SiteSettings | None = None, *, eligible: set[int]
) -> list[str]:
    """The assigned consultant; else the first matching routing rule; else the site's leads
    address; else LEADS_DEFAULT_EMAIL. `eligible`: the ids of the lead's eligible programs (the
    caller has just stored them)."""
    if assessment.assigned_to and assessment.assigned_to.email:
        return [assessment.assigned_to.email]
    for rule in RoutingRule.objects.filter(active=True):
        if _matches(rule, assessment, eligible):
            return split_emails(rule.recipients)
    leads_email = (site or site_settings()).leads_email
    return split_emails(leads_email) or split_emails(settings.LEADS_DEFAULT_EMAIL)


def _matches(rule: RoutingRule, assessment: Assessment, eligible: set[int]) -> bool:
    crs = assessment.crs_total
    return (
        (rule.program_id is None or rule.program_id in eligible)
        and (not rule.province or rule.province == assessment.intended_province)
        and (not rule.language or rule.language == assessment.language)
        and (rule.min_crs is None or (crs is not None and crs >= rule.min_crs))
        and (rule.max_crs is None or (crs is not None and crs <= rule.max_crs))
    )
