"""The headless API, for consultancies with their own front end: the same submission service as
the wizard. POST /api/v1/assessments, then GET the status URL it returns."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic import ValidationError as PydanticValidationError

from config.security import client_ip, limit_per_ip, require_json
from programs.engine.profile import (
    MAX_PROFILE_BYTES,
    UNSTORABLE_MESSAGE,
    Profile,
    has_unstorable_characters,
)

from .emails import absolute_url, result_url
from .errors import AssessmentError
from .models import Assessment
from .services import Consent, Contact, assessment_submit
from .wizard.results import public_id_from_token, result_token

API_CONSENT_TEXT_VERSION = "api-v1"
IDEMPOTENCY_KEY_MAX_LENGTH = Assessment._meta.get_field("idempotency_key").max_length
# Where the OpenAPI document (config/openapi.py) keeps each model's schema.
COMPONENT_REF = "#/components/schemas/{model}"
RESULT_REF = COMPONENT_REF.format(model="Result")


def _error(status: int, field: str, message: str) -> JsonResponse:
    return JsonResponse(AssessmentError(field, message).as_dict(), status=status)


def _name(value: str) -> str:
    # NUL and lone surrogates are refused before (_unstorable_text), for every field at once.
    if not value.strip():
        raise ValueError("blank")
    return value.strip()


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise ValueError("not an email address") from None
    return value


def _phone(value: str | None) -> str:
    return (value or "").strip()


class ContactIn(BaseModel):
    """The applicant's contact details: the new-lead email and the applicant's summary use them."""

    model_config = ConfigDict(strict=True)
    name: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_name)]
    email: Annotated[
        str, Field(max_length=254, json_schema_extra={"format": "email"}), AfterValidator(_email)
    ]
    phone: Annotated[str | None, Field(max_length=40), AfterValidator(_phone)] = None
    language: Annotated[
        Literal["en", "fr"] | None,
        Field(description="The language of the applicant's emails and result page (default en)."),
    ] = None


def _an_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("not an object")
    return value


def _consented(value: bool) -> bool:
    if value is not True:
        raise ValueError("consent is not true")
    return value


class SubmissionIn(BaseModel):
    """POST /api/v1/assessments. Fields are checked in this order; the first bad one is named."""

    model_config = ConfigDict(strict=True)
    consent: Annotated[
        bool,
        Field(
            json_schema_extra={"const": True},
            description="The applicant agreed to the privacy notice (must be true).",
        ),
        AfterValidator(_consented),
    ]
    website: Annotated[
        Literal[""] | None, Field(description="Leave out or empty (a field only bots fill in).")
    ] = None
    # The engine's Profile model validates the profile in assessment_submit (then a bad field is
    # named by its path in the profile); the document shows that model here.
    profile: Annotated[dict[str, Any], PlainValidator(_an_object, json_schema_input_type=Profile)]
    contact: ContactIn


class SubmissionOut(BaseModel):
    """201 of POST /api/v1/assessments: where to follow the assessment."""

    id: str = Field(description="The assessment's public id.")
    status: Assessment.Status
    result_url: str = Field(description="The applicant's result page (absolute URL).")
    status_url: str = Field(description="GET it for the status and, once scored, the result.")


class StatusOut(SubmissionOut):
    """GET status_url: the status and, once scored, the result."""

    # Present once the status is scored (left out before: never null).
    result: Annotated[
        dict[str, Any] | None,
        WithJsonSchema({"allOf": [{"$ref": RESULT_REF}]}),
        Field(json_schema_extra=lambda schema: schema.pop("default")),
    ] = None


# The contract's message for each field of the envelope (pydantic's own would name its types).
_MESSAGES = {
    "consent": "The applicant's consent (true) is required.",
    "website": "The request was refused.",  # the honeypot: no hint of why
    "profile": "Give the applicant's profile as an object.",
    "contact": "Give the contact as an object with name and email.",
    "contact.name": "Give a name of 1 to 200 characters.",
    "contact.email": "Give a valid email address.",
    "contact.phone": "Give a phone number of at most 40 characters.",
    "contact.language": "The language is 'en' or 'fr'.",
}


def _envelope_error(exc: PydanticValidationError) -> AssessmentError:
    loc = exc.errors(include_url=False)[0]["loc"]
    field = ".".join(str(part) for part in loc[:2])
    field = field if field in _MESSAGES else str(loc[0])
    return AssessmentError("" if field == "website" else field, _MESSAGES[field])


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
    try:
        body = SubmissionIn.model_validate(data)
    except PydanticValidationError as exc:
        raise _envelope_error(exc) from None
    contact = body.contact
    return body.profile, Contact(
        name=contact.name,
        email=contact.email,
        phone=contact.phone or "",
        language=contact.language or "en",
    )


def _idempotency_key(request: HttpRequest) -> str | None:
    """The header's key; refused when longer than the column (cut short, two keys were one)."""
    key = request.headers.get("Idempotency-Key") or ""
    if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise AssessmentError(
            "Idempotency-Key", f"Give a key of at most {IDEMPOTENCY_KEY_MAX_LENGTH} characters."
        )
    return key or None


def _submission_out(assessment: Assessment) -> SubmissionOut:
    token = result_token(assessment)
    return SubmissionOut(
        id=str(assessment.public_id),
        status=assessment.status,
        result_url=result_url(assessment),
        status_url=absolute_url(reverse("api-assessment-status", args=[token])),
    )


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
    return JsonResponse(_submission_out(assessment).model_dump(mode="json"), status=201)


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
    scored = assessment.status == Assessment.Status.SCORED
    body = StatusOut(
        **dict(_submission_out(assessment)), result=assessment.result if scored else None
    )
    return JsonResponse(body.model_dump(mode="json", exclude_none=True))
