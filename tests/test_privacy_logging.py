"""Personal data never reaches the logs or error reports, whatever a developer logs."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest
from django.db.models.signals import post_save
from django.test import RequestFactory
from django.views.debug import SafeExceptionReporterFilter

from assessments.models import Assessment
from assessments.wizard.views import CONSENT_TEXT_VERSION, AssessmentWizard
from config.logging import JsonFormatter, PersonalDataFilter, scrub
from tests.test_wizard import ANSWERS, SINGLE, submit, walk

pytestmark = pytest.mark.django_db

NAME = "Priya Sharma"
EMAIL = "priya.sharma@example.com"
PHONE = "+91 98765 43210"
logger = logging.getLogger("assessments.careless")


@pytest.fixture
def console():
    """What the configured console handler writes (the production handler, its filters)."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def careless_logging(sender, instance, **kwargs):
    logger.warning("saved %s: %s, %s, %s", instance, instance.name, instance.email, instance.phone)
    logger.info("contact %(who)s", {"who": instance.name})
    try:
        raise ValueError(f"cannot reach {instance.email} ({instance.name})")
    except ValueError:
        logger.exception("while saving")


def test_a_submission_logs_no_name_email_or_phone(client, console):
    answers = {"contact": ANSWERS["contact"] | {"name": NAME, "email": EMAIL, "phone": PHONE}}
    walk(client, "en", SINGLE[:-1], answers)
    post_save.connect(careless_logging, sender=Assessment, dispatch_uid="careless")
    try:
        submit(client, "en")
    finally:
        post_save.disconnect(sender=Assessment, dispatch_uid="careless")

    assessment = Assessment.objects.get()
    assert assessment.name == NAME and assessment.consent_text_version == CONSENT_TEXT_VERSION
    output = console.getvalue()
    assert "saved <assessments.Assessment" in output  # the lines were written...
    assert "while saving" in output and "ValueError" in output
    for secret in (NAME, "Priya", "Sharma", EMAIL, PHONE, "98765"):
        assert secret not in output  # ...without the personal data


def test_json_lines_are_scrubbed_too():
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "mail to %s failed", ("ada@example.org",), None
    )
    try:
        raise RuntimeError("SMTP 550 ada@example.org")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    PersonalDataFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert "ada@example.org" not in json.dumps(line)
    assert line["message"] == "mail to [redacted] failed" and "RuntimeError" in line["exception"]


def test_the_api_body_values_are_scrubbed(client, console):
    def log_during(sender, instance, **kwargs):
        logger.warning("api lead %s from %s", instance.pk, instance.name)

    from tests.test_assessments_services import PROFILE

    body = {"profile": PROFILE, "contact": {"name": "Zora Neale", "email": "z@n.org"}}
    post_save.connect(log_during, sender=Assessment, dispatch_uid="api-careless")
    try:
        response = client.post(
            "/api/v1/assessments",
            json.dumps(body | {"consent": True}),
            content_type="application/json",
        )
    finally:
        post_save.disconnect(sender=Assessment, dispatch_uid="api-careless")
    assert response.status_code == 201
    output = console.getvalue()
    assert "api lead" in output and "Zora" not in output


def test_scrub_keeps_ids_dates_and_durations():
    text = "assessment 42 scored 2026-11-25 in 0.0135s (task 8a9c5f35-0533-4e98-8827-2d5a9129f199)"
    assert scrub(text) == text
    assert scrub("call 514-555-0199 or +44 20 7946 0958") == "call [redacted] or [redacted]"


def test_wizard_posts_are_hidden_from_error_reports(client):
    walk(client, "en", SINGLE[: SINGLE.index("contact")])
    request = RequestFactory().post(
        "/en/assessment/contact/",
        {f"contact-{k}": v for k, v in ANSWERS["contact"].items()},
    )
    request.session = client.session
    AssessmentWizard.as_view(url_name="assessments:wizard_step")(request, step="contact")
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleansed["contact-email"] != ANSWERS["contact"]["email"]
    assert set(cleansed.values()) == {SafeExceptionReporterFilter.cleansed_substitute}
