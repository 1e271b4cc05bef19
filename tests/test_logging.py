"""Request ids in responses and in JSON log lines."""

import json
import logging

import pytest

from config.logging import JsonFormatter, RequestIdFilter, request_id


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.parametrize(
    ("given", "kept"), [("abc-123.def", True), ("bad id\nX-Evil: 1", False), ("x" * 65, False)]
)
def test_a_proxy_request_id_is_reused_only_when_safe(client, given, kept):
    answered = client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert (answered == given) is kept


def test_json_log_line_has_the_request_id():
    record = logging.LogRecord("assessments", logging.INFO, __file__, 1, "scored %s", (42,), None)
    token = request_id.set("req-7")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line == line | {"level": "INFO", "message": "scored 42", "request_id": "req-7"}
