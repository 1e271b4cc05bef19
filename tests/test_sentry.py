"""Error reports to Sentry: off by default; with SENTRY_DSN, every event goes through the same
scrubbing as the logs (config.logging.scrub_event) before it leaves the process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sentry_sdk
from django.test import RequestFactory
from sentry_sdk.transport import Transport
from sentry_sdk.utils import event_from_exception

from config.logging import current_request, scrub_event

ROOT = Path(__file__).resolve().parent.parent
NAME, EMAIL, PHONE = "Zebulon Quist", "zebulon.quist@example.org", "+1 514 555 0199"


class Captured(Transport):
    """Keeps the events the client would send (Sentry's own transport would post them)."""

    events: list[dict] = []

    def capture_envelope(self, envelope) -> None:
        Captured.events.append(envelope.get_event())


def test_off_without_a_dsn():
    assert not sentry_sdk.get_client().is_active()


def test_a_dsn_turns_it_on_with_the_scrubber():
    env = {**os.environ, "SENTRY_DSN": "https://key@example.invalid/1"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    code = (
        "import django; django.setup(); import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['before_send'].__module__, "
        "c.options['before_send'].__name__, c.options['send_default_pii'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["True", "config.logging", "scrub_event", "False"], done.stderr


def test_the_scrubber_runs_on_an_event_before_it_is_sent():
    request = RequestFactory().post(
        "/en/assessment/contact/",
        {"contact-name": NAME, "contact-email": EMAIL, "contact-phone": PHONE, "step": "contact"},
    )
    request.POST  # noqa: B018 (read, as the view had, so the filter sees the values)
    client = sentry_sdk.Client(
        dsn="https://key@example.invalid/1",
        transport=Captured,
        before_send=scrub_event,
        default_integrations=False,
    )
    Captured.events.clear()
    token = current_request.set(request)
    try:
        try:
            raise ValueError(f"lead 42: cannot email {NAME} <{EMAIL}> or call {PHONE}")
        except ValueError:
            event, hint = event_from_exception(sys.exc_info(), client_options=client.options)
        event["request"] = {
            "url": f"https://assess.example.com/en/assessment/contact/?email={EMAIL}",
            "data": {"contact-name": NAME, "contact-email": EMAIL, "step": "contact"},
        }
        event["breadcrumbs"] = {"values": [{"message": f"saved draft for {NAME}"}]}
        event["logentry"] = {"message": "scoring failed for %s", "params": [EMAIL]}
        client.capture_event(event, hint)
        client.flush()
    finally:
        current_request.reset(token)
        client.close()

    [sent] = Captured.events
    text = json.dumps(sent)
    for personal in (NAME, EMAIL, PHONE):
        assert personal not in text
    assert sent["exception"]["values"][0]["type"] == "ValueError"
    assert sent["exception"]["values"][0]["value"].startswith("lead 42: cannot email [redacted]")
    assert sent["request"]["data"] == {
        "contact-name": "[redacted]",
        "contact-email": "[redacted]",
        "step": "contact",
    }
    assert sent["breadcrumbs"]["values"][0]["message"] == "saved draft for [redacted]"
