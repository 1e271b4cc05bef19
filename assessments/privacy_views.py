"""The applicant's own data, reached by the signed link in their emails (privacy_token): a page
to download it as JSON or erase it, and the public privacy notice. Thin: the rules are in
assessments.privacy."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from config.security import limit_per_ip

from .branding import site_settings_for
from .models import Assessment
from .privacy import PRIVACY_LINK_LIFETIME, assessment_from_privacy_token, erase_personal_data
from .wizard.views import CONSENT_TEXT_VERSION

ERASURE_REASON = "applicant's request (privacy link)"


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, erase my name, contact details and answers. This cannot be undone.")
    )


def _link_problem(request: HttpRequest, *, expired: bool) -> HttpResponse:
    context = {"expired": expired, "days": PRIVACY_LINK_LIFETIME.days}
    context["site"] = site_settings_for(request)
    status = 400 if expired else 404
    return render(request, "assessments/privacy/link_invalid.html", context, status=status)


def _assessment_or_problem(request: HttpRequest, token: str) -> Assessment | HttpResponse:
    try:
        return assessment_from_privacy_token(token)
    except signing.SignatureExpired:
        return _link_problem(request, expired=True)
    except (signing.BadSignature, Assessment.DoesNotExist):
        return _link_problem(request, expired=False)


@never_cache
@require_GET
@limit_per_ip(group="privacy", rate_setting="PRIVACY_RATE")
def privacy_request(request: HttpRequest, token: str) -> HttpResponse:
    """What we hold, with a download button and the erasure form."""
    assessment = _assessment_or_problem(request, token)
    if isinstance(assessment, HttpResponse):
        return assessment
    context = {
        "assessment": assessment,
        "token": token,
        "form": ErasureForm(),
        "site": site_settings_for(request),
    }
    return render(request, "assessments/privacy/request.html", context)


@never_cache
@require_GET
@limit_per_ip(group="privacy", rate_setting="PRIVACY_RATE")
@sensitive_variables("assessment", "data")
def privacy_export(request: HttpRequest, token: str) -> HttpResponse:
    """A JSON file of this applicant's answers, contact, consent and result, and nothing else."""
    assessment = _assessment_or_problem(request, token)
    if isinstance(assessment, HttpResponse):
        return assessment
    if assessment.erased_at:
        return redirect("assessments:privacy_request", token=token)
    data = applicant_data(assessment)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"assessment-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_http_methods(["POST"])
@limit_per_ip(group="privacy", rate_setting="PRIVACY_RATE")
def privacy_erase(request: HttpRequest, token: str) -> HttpResponse:
    """Erase on a confirmed POST; without the confirmation, the page again with the error."""
    assessment = _assessment_or_problem(request, token)
    if isinstance(assessment, HttpResponse):
        return assessment
    form = ErasureForm(request.POST)
    site = site_settings_for(request)
    if assessment.erased_at is None and not form.is_valid():
        context = {"assessment": assessment, "token": token, "form": form, "site": site}
        return render(request, "assessments/privacy/request.html", context, status=400)
    if assessment.erased_at is None:
        assessment = erase_personal_data(
            assessment_id=assessment.pk, by=None, reason=ERASURE_REASON
        )
    return render(request, "assessments/privacy/erased.html", {"site": site})


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice in the page's language, with the consultancy's name and contact."""
    language = "fr" if translation.get_language() == "fr" else "en"
    context = {
        "site": site_settings_for(request),
        "notice_template": f"assessments/privacy/notice_{language}.html",
        "consent_text_version": CONSENT_TEXT_VERSION,
    }
    return render(request, "assessments/privacy/notice.html", context)


def applicant_data(assessment: Assessment) -> dict[str, Any]:
    """What the applicant gave us and what we computed for them. Not the consultants' notes,
    assignments or emails: those hold other people's data and the firm's own work."""
    programs = assessment.eligible_programs.order_by("slug").values_list("slug", "name_en")
    return {
        "assessment": {
            "id": str(assessment.public_id),
            "submitted_at": assessment.submitted_at,
            "language": assessment.language,
            "source": assessment.source,
        },
        "contact": {
            "name": assessment.name,
            "email": assessment.email,
            "phone": assessment.phone,
            "preferred_language": assessment.language,
            "newsletter_opt_in": assessment.newsletter_opt_in,
        },
        "consent": {
            "given_at": assessment.consent_given_at,
            "text_version": assessment.consent_text_version,
            "ip_address": assessment.consent_ip,
        },
        "answers": assessment.profile,
        "result": {
            "status": assessment.status,
            "scored_at": assessment.scored_at,
            "crs_total": assessment.crs_total,
            "best_outcome": assessment.best_outcome,
            "eligible_programs": [{"slug": slug, "name": name} for slug, name in programs],
            "details": assessment.result,
        },
    }
