"""The JSON API's OpenAPI 3.1 document, served at /api/v1/openapi.json.

Schemas are generated from the pydantic models that validate the requests (the engine's `Profile`,
`assessments.api.SubmissionIn`) and build the answers (`SubmissionOut`, `StatusOut`, `ApiError`);
the result is the contract's own schema (programs/contracts/result.schema.json). Only the paths,
status codes and their descriptions are written here. tests/test_openapi.py validates the document
and checks that every route under /api/v1/ is in it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET
from pydantic import BaseModel, Field
from pydantic.json_schema import models_json_schema

from assessments.api import COMPONENT_REF, StatusOut, SubmissionIn, SubmissionOut
from programs.engine.profile import Profile

RESULT_SCHEMA = Path(__file__).resolve().parent.parent / "programs/contracts/result.schema.json"


class ErrorDetail(BaseModel):
    field: str = Field(
        description="Dotted path of the bad field, e.g. languages.first.writing or "
        "contact.email; empty when the request as a whole is refused."
    )
    message: str = Field(description="What is wrong, in plain English.")


class ApiError(BaseModel):
    """Every 4xx and 5xx answer of the API."""

    error: ErrorDetail


def _ref(model: str) -> dict[str, str]:
    return {"$ref": COMPONENT_REF.format(model=model)}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _error(description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": _json(_ref("ApiError")), **extra}


RESPONSES = {
    "BadRequest": _error("The body breaks the contract: `error.field` names the first bad field."),
    "TooLarge": _error("The body is larger than the server accepts (MAX_REQUEST_BODY_BYTES)."),
    "UnsupportedMediaType": _error("The body is not sent as application/json."),
    "Unprocessable": _error(
        "Well-formed but refused: the same Idempotency-Key with another body, or a day no rule "
        "covers."
    ),
    "TooManyRequests": _error(
        "Too many requests from this address.",
        headers={
            "Retry-After": {
                "description": "Seconds until a request is accepted again.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    ),
}


ERROR_CODES = {
    "400": "BadRequest",
    "413": "TooLarge",
    "415": "UnsupportedMediaType",
    "422": "Unprocessable",
    "429": "TooManyRequests",
}


def _answers(
    code: str, description: str, model: str, others: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A POST's answers: its success, every error of ERROR_CODES, and `others` by status code."""
    answers = {code: {"description": description, "content": _json(_ref(model))}}
    for status, name in ERROR_CODES.items():
        answers[status] = {"$ref": f"#/components/responses/{name}"}
    return answers | (others or {})


PATHS = {
    "/api/v1/assess": {
        "post": {
            "operationId": "assess",
            "summary": "Score a profile (nothing is stored, nobody is emailed).",
            "parameters": [
                {
                    "name": "lang",
                    "in": "query",
                    "description": "Language of the result's texts (else Accept-Language, else en).",
                    "schema": {"enum": ["en", "fr"]},
                }
            ],
            "requestBody": {"required": True, "content": _json(_ref("Profile"))},
            "responses": _answers(
                "200",
                "The result.",
                "Result",
                {"503": _error("No rules are in force on the profile's day (a setup problem).")},
            ),
        }
    },
    "/api/v1/assessments": {
        "post": {
            "operationId": "submitAssessment",
            "summary": "Submit an applicant's assessment: stored, scored in the background, "
            "emailed to the applicant and the consultancy.",
            "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
            "requestBody": {"required": True, "content": _json(_ref("SubmissionIn"))},
            "responses": _answers("201", "Stored.", "SubmissionOut"),
        }
    },
    "/api/v1/assessments/{token}": {
        "get": {
            "operationId": "assessmentStatus",
            "summary": "The status of a submission and, once scored, its result.",
            "parameters": [
                {
                    "name": "token",
                    "in": "path",
                    "required": True,
                    "description": "The signed token at the end of status_url.",
                    "schema": {"type": "string"},
                }
            ],
            "responses": {
                "200": {"description": "The status.", "content": _json(_ref("StatusOut"))},
                "404": _error("No assessment has this token (unknown, tampered or erased)."),
            },
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "operationId": "openapi",
            "summary": "This document.",
            "responses": {
                "200": {"description": "OpenAPI 3.1.", "content": _json({"type": "object"})}
            },
        }
    },
}


def _result_schemas() -> dict[str, Any]:
    """The contract's result schema as components: its $defs become Result_<name>."""
    text = RESULT_SCHEMA.read_text(encoding="utf-8").replace(
        '"#/$defs/', '"' + COMPONENT_REF.format(model="Result_")
    )
    schema = json.loads(text)
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return {"Result": schema} | {f"Result_{name}": value for name, value in defs.items()}


@cache
def openapi_document() -> dict[str, Any]:
    _, generated = models_json_schema(
        [
            (Profile, "validation"),
            (SubmissionIn, "validation"),
            (SubmissionOut, "serialization"),
            (StatusOut, "serialization"),
            (ApiError, "serialization"),
        ],
        ref_template=COMPONENT_REF,
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Maple Assess API",
            "version": "1",
            "description": "Score a profile, or submit an applicant's assessment and follow it. "
            "/api/v1/ stays stable: fields may be added, none removed or changed.",
        },
        "paths": PATHS,
        "components": {
            "schemas": generated["$defs"] | _result_schemas(),
            "responses": RESPONSES,
            "parameters": {
                "IdempotencyKey": {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "description": "Any string of up to 64 characters: a retried POST with the "
                    "same key and body answers with the first assessment.",
                    "schema": {"type": "string", "maxLength": 64},
                }
            },
        },
    }


@require_GET
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())
