"""Structured logs: one JSON object a line in production, each with the id of its request.

The request id comes from the proxy's X-Request-ID header when it sends one (so logs join up across
services) or is made here, and is sent back in the response. Log messages carry ids, never an
applicant's name, email or answers; PersonalDataFilter scrubs what slips through anyway (emails,
phone numbers, the request's own name/email/phone values, model instances, exception texts).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("request_id", default="-")
current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)
SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        token = request_id.set(given if SAFE_ID.match(given) else uuid.uuid4().hex)
        request_token = current_request.set(request)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            return response
        finally:
            current_request.reset(request_token)
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info or record.exc_text:
            # exc_text first: PersonalDataFilter leaves the scrubbed traceback there.
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: "+" and 8+ digits with separators, or a North American 10 digits; not a
# decimal, a date or part of an id (the look-arounds).
PHONE = re.compile(
    r"(?<![\w.:/-])(?:\+\d[\d ().-]{6,}\d|\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4})(?![\w]|[.:/-]\d)"
)
# Form fields (and JSON keys) whose values are personal: contact-name, email, phone, password...
SENSITIVE_KEY = re.compile(r"(?:^|[-_])(?:name|email|phone|password)$", re.IGNORECASE)
SCRUBBED = "[redacted]"


class PersonalDataFilter(logging.Filter):
    """Scrubs personal data from every record a handler emits: the message is formatted, then
    emails, phone numbers and the current request's personal values (what the applicant typed,
    in the POST, the JSON body or the wizard's session) are replaced, model instances in the
    arguments are logged as "<label pk>", and so is the exception's text. Attach it to handlers
    (config.settings.base.LOGGING), since filters on a logger do not see propagated records."""

    def filter(self, record: logging.LogRecord) -> bool:
        values = sorted(set(_request_values(current_request.get())), key=len, reverse=True)
        if record.args:
            record.args = _safe_args(record.args)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = scrub(message, values), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, values)
        return True


def scrub(text: str, values: list[str] | None = None) -> str:
    for value in values or ():
        text = text.replace(value, SCRUBBED)
    return PHONE.sub(SCRUBBED, EMAIL.sub(SCRUBBED, text))


def _safe_args(args: Any) -> Any:
    def safe(value: Any) -> Any:
        if isinstance(value, models.Model):
            return f"<{value._meta.label} {value.pk}>"
        return value

    if isinstance(args, dict):
        return {key: safe(value) for key, value in args.items()}
    return tuple(safe(value) for value in args)


def _request_values(request: HttpRequest | None) -> Iterator[str]:
    """What this request carries under personal keys, without reading anything not yet read."""
    if request is None:
        return
    post = getattr(request, "_post", None)
    if post is not None:
        for key, items in post.lists():
            if SENSITIVE_KEY.search(key):
                yield from (item for item in items if len(item) >= 3)
    body = getattr(request, "_body", None)
    if body and getattr(request, "content_type", "") == "application/json":
        try:
            data = json.loads(body) if len(body) < 512 * 1024 else None
        except ValueError:
            data = None
        yield from _sensitive_in(data)
    session = getattr(request, "session", None)
    cache = getattr(session, "_session_cache", None)  # only a session already loaded
    if isinstance(cache, dict):
        yield from _sensitive_in(cache)


def _sensitive_in(data: Any, depth: int = 0) -> Iterator[str]:
    """Strings under personal keys in nested dicts and lists (the wizard keeps [value] lists)."""
    if depth > 6:
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and SENSITIVE_KEY.search(key):
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str) and len(item) >= 3:
                        yield item
            elif isinstance(value, dict | list):
                yield from _sensitive_in(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _sensitive_in(value, depth + 1)


# Sentry's own fields about the SDK, the runtime and the machine: no personal data, kept as sent.
_EVENT_METADATA = frozenset({"sdk", "contexts", "modules", "server_name", "release", "platform"})


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's `before_send` (config.settings.base, when SENTRY_DSN is set): the scrubbing of
    PersonalDataFilter applied to a whole error event. Every string (message, exception values,
    breadcrumbs, request URL and headers...) loses emails, phone numbers and the current request's
    personal values, and values under personal keys (contact-name, email, ...) are replaced."""
    values = sorted(set(_request_values(current_request.get())), key=len, reverse=True)
    return {
        key: value if key in _EVENT_METADATA else _scrub_data(value, values)
        for key, value in event.items()
    }


def _scrub_data(data: Any, values: list[str], depth: int = 0) -> Any:
    if isinstance(data, str):
        return scrub(data, values)
    if depth > 20:
        return data
    if isinstance(data, dict):
        return {
            key: SCRUBBED
            if isinstance(key, str) and SENSITIVE_KEY.search(key) and value
            else _scrub_data(value, values, depth + 1)
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [_scrub_data(value, values, depth + 1) for value in data]
    return data
