"""The headless API, for consultancies with their own front end: the same submission service as
the wizard. POST /api/v1/assessments, then GET the status URL it returns."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from config.security import client_ip, limit_per_ip, require_json
from programs.engine.profile import MAX_PROFILE_BYTES, UNSTORABLE_MESSAGE, has_unstorable_characters

from .emails import absolute_url, result_url
from .models import Assessment
from .services import AssessmentError, Consent, Contact, assessment_submit
from .wizard.results import public_id_from_token, result_token

API_CONSENT_TEXT_VERSION = "api-v1"
IDEMPOTENCY_KEY_MAX_LENGTH = Assessment._meta.get_field("idempotency_key").max_length


def _error(status: int, field: str, message: str) -> JsonResponse:
    return JsonResponse(AssessmentError(field, message).as_dict(), status=status)


def _contact(data: Any) -> Contact:
    if not isinstance(data, dict):
        raise AssessmentError("contact", "Give the contact as an object with name and email.")
    name, email = data.get("name"), data.get("email")
    phone, language = data.get("phone") or "", data.get("language") or "en"
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise AssessmentError("contact.name", "Give a name of 1 to 200 characters.")
    try:
        validate_email(email if isinstance(email, str) else "")
    except ValidationError:
        raise AssessmentError("contact.email", "Give a valid email address.") from None
    if not isinstance(phone, str) or len(phone) > 40:
        raise AssessmentError("contact.phone", "Give a phone number of at most 40 characters.")
    if not isinstance(language, str) or language not in dict(settings.LANGUAGES):
        raise AssessmentError("contact.language", "The language is 'en' or 'fr'.")
    return Contact(name=name.strip(), email=email, phone=phone.strip(), language=language)


def _unstorable_text(data: Any) -> str | None:
    """The dotted path of a text in the body (a value, or a key: then its object's
    path) that no database can store, or None. JSON lets a body carry NUL and lone surrogates
    anywhere; this refuses them once for every field of the contact and the profile."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if has_unstorable_characters(value):
                return path
            continue
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        for key, item in items:
            if isinstance(key, str) and has_unstorable_characters(key):
                return path
            stack.append((f"{path}.{key}" if path else str(key), item))
    return None


def _parse(request: HttpRequest) -> tuple[dict[str, Any], Contact]:
    if len(request.body) > MAX_PROFILE_BYTES:
        raise AssessmentError("", f"The request is larger than {MAX_PROFILE_BYTES // 1024} KB.")
    try:
        data = json.loads(request.body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise AssessmentError("", "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise AssessmentError("", "The body is a JSON object with profile, contact and consent.")
    unstorable = _unstorable_text(data)
    if unstorable is not None:
        raise AssessmentError(unstorable, UNSTORABLE_MESSAGE)
    if data.get("consent") is not True:
        raise AssessmentError("consent", "The applicant's consent (true) is required.")
    if data.get("website"):  # the honeypot a form-filling bot fills in; no hint of why
        raise AssessmentError("", "The request was refused.")
    if not isinstance(data.get("profile"), dict):
        raise AssessmentError("profile", "Give the applicant's profile as an object.")
    return data["profile"], _contact(data.get("contact"))


def _idempotency_key(request: HttpRequest) -> str | None:
    """The header's key; refused when longer than the column (cut short, two keys were one)."""
    key = request.headers.get("Idempotency-Key") or ""
    if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise AssessmentError(
            "Idempotency-Key", f"Give a key of at most {IDEMPOTENCY_KEY_MAX_LENGTH} characters."
        )
    return key or None


def _status_body(assessment: Assessment) -> dict[str, Any]:
    token = result_token(assessment)
    body: dict[str, Any] = {
        "id": str(assessment.public_id),
        "status": assessment.status,
        "result_url": result_url(assessment),
        "status_url": absolute_url(reverse("api-assessment-status", args=[token])),
    }
    if assessment.status == Assessment.Status.SCORED:
        body["result"] = assessment.result
    return body


@csrf_exempt
@require_POST
@require_json
@sensitive_post_parameters()
@limit_per_ip(group="api-submit", rate_setting="SUBMIT_API_RATE", method="POST")
def submit(request: HttpRequest) -> HttpResponse:
    """201 with the ids and URLs; 400 with the contract's error object; 415 for a body that is
    not JSON; 429 with Retry-After when rate limited (config.security). An `Idempotency-Key`
    header makes a retried POST return the first assessment for 24 hours; the same key with
    another body gets 422."""
    try:
        profile, contact = _parse(request)
        assessment = assessment_submit(
            profile=profile,
            contact=contact,
            consent=Consent(text_version=API_CONSENT_TEXT_VERSION, ip=client_ip(request) or None),
            source=Assessment.Source.API,
            idempotency_key=_idempotency_key(request),
        )
    except AssessmentError as error:
        return JsonResponse(error.as_dict(), status=error.http_status)
    body = _status_body(assessment)
    body.pop("result", None)
    return JsonResponse(body, status=201)


@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The status and, once scored, the result; the token is the signed result token."""
    public_id = public_id_from_token(token)
    assessment = (
        Assessment.objects.filter(public_id=public_id, erased_at__isnull=True).first()
        if public_id
        else None
    )
    if assessment is None:
        return _error(404, "token", "No assessment has this token.")
    return JsonResponse(_status_body(assessment))
