"""The API's OpenAPI document, the examples in docs/examples/ and the shape v1 keeps."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from assessments.models import Assessment

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
# Each example body and the endpoint it is posted to.
EXAMPLE_PATHS = {"assess.json": "/api/v1/assess", "assessments.json": "/api/v1/assessments"}

# /api/v1/ stays stable: adding a top-level key is a choice made here, removing one breaks clients.
SUBMISSION_KEYS = {"id", "status", "result_url", "status_url"}
RESULT_KEYS = {
    "as_of",
    "rules",
    "language",
    "age",
    "clb",
    "experience_years",
    "crs",
    "fsw",
    "programs",
    "categories",
    "notes",
    "suggestions",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def document(client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def schema_of(document: dict[str, Any], name: str) -> Draft202012Validator:
    """A validator of one component, its $refs resolved in the document's components."""
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    )


def assert_matches(document: dict[str, Any], name: str, data: Any) -> None:
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in schema_of(document, name).iter_errors(data)
    ]
    assert not errors, errors


def api_routes() -> set[str]:
    """Every route of the URLconf under /api/v1/, written as OpenAPI paths ({name} parameters)."""

    def walk(patterns: list, prefix: str) -> Any:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    routes = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route in walk(get_resolver().url_patterns, "")
    }
    return {route for route in routes if route.startswith("/api/v1/")}


def post(client, path: str, body: bytes, **headers):
    return client.post(path, body, content_type="application/json", **headers)


def test_the_document_is_valid_openapi_3_1(document):
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_api_route_is_documented_and_nothing_else(document):
    routes = api_routes()
    assert {"/api/v1/assess", "/api/v1/assessments", "/api/v1/assessments/{token}"} <= routes
    assert set(document["paths"]) == routes


def test_it_documents_the_errors_and_the_idempotency_key(document):
    submit = document["paths"]["/api/v1/assessments"]["post"]
    assert {"201", "400", "413", "415", "422", "429"} <= set(submit["responses"])
    header = document["components"]["parameters"]["IdempotencyKey"]
    assert (header["name"], header["in"]) == ("Idempotency-Key", "header")
    assert {"$ref": "#/components/parameters/IdempotencyKey"} in submit["parameters"]
    too_many = document["components"]["responses"]["TooManyRequests"]
    assert "Retry-After" in too_many["headers"]
    # The error object is the pydantic model's: {"error": {"field", "message"}}.
    error = document["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"field", "message"}


def test_the_request_schemas_come_from_the_validating_models(document):
    from assessments.api import SubmissionIn
    from programs.engine.profile import Profile

    schemas = document["components"]["schemas"]
    assert set(schemas["Profile"]["properties"]) == set(Profile.model_fields)
    assert set(schemas["SubmissionIn"]["properties"]) == set(SubmissionIn.model_fields)
    assert schemas["SubmissionIn"]["properties"]["profile"] == {
        "$ref": "#/components/schemas/Profile"
    }


def test_every_post_has_an_example_that_the_schema_accepts(document):
    posts = {path for path, item in document["paths"].items() if "post" in item}
    assert set(EXAMPLE_PATHS.values()) == posts
    assert {p.name for p in EXAMPLES.glob("*.json")} == set(EXAMPLE_PATHS)
    for name, path in EXAMPLE_PATHS.items():
        body = json.loads((EXAMPLES / name).read_text())
        schema = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        assert_matches(document, schema["schema"]["$ref"].rsplit("/", 1)[1], body)


def test_the_assess_example_is_scored_with_the_documented_shape(client, document):
    response = post(client, "/api/v1/assess", (EXAMPLES / "assess.json").read_bytes())
    assert response.status_code == 200, response.content
    result = response.json()
    assert set(result) == RESULT_KEYS
    assert result["as_of"] == "2026-06-01"
    assert result["crs"]["total"] > 0
    assert_matches(document, "Result", result)


def test_the_submission_example_is_stored_scored_and_followed(
    client, document, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/api/v1/assessments", (EXAMPLES / "assessments.json").read_bytes())
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == SUBMISSION_KEYS
    assert_matches(document, "SubmissionOut", body)
    assert Assessment.objects.get(public_id=body["id"]).name == "Priya Sharma"

    status = client.get(body["status_url"]).json()
    assert set(status) == SUBMISSION_KEYS | {"result"}
    assert status["status"] == "scored"
    assert set(status["result"]) == RESULT_KEYS
    assert_matches(document, "StatusOut", status)


def test_a_status_before_scoring_has_no_result_key(client, document, monkeypatch):
    # Scored in the request as a rule; an engine fault leaves it to the worker (not run here).
    monkeypatch.setattr("assessments.services.score_best_language_order", _engine_fault)
    body = post(client, "/api/v1/assessments", (EXAMPLES / "assessments.json").read_bytes()).json()
    status = client.get(body["status_url"]).json()
    assert set(status) == SUBMISSION_KEYS
    assert_matches(document, "StatusOut", status)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/assess", b"{}"),
        ("/api/v1/assessments", b'{"consent": true}'),
        ("/api/v1/assessments", b"not json"),
    ],
)
def test_errors_have_the_documented_shape(client, document, path, body):
    response = post(client, path, body)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    assert set(response.json()["error"]) == {"field", "message"}
    assert_matches(document, "ApiError", response.json())


def test_the_readme_shows_each_example_with_curl():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## API\n", 1)[1].split("\n## ", 1)[0]
    for name, path in EXAMPLE_PATHS.items():
        assert f"docs/examples/{name}" in section
        assert path in section
    assert "/api/v1/openapi.json" in section


def _engine_fault(*args, **kwargs):
    raise RuntimeError("engine bug")
