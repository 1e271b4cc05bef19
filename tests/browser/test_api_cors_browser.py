"""The JSON API from another site's page, in Chromium: a consultancy's page on a configured
origin calls /api/v1/assess and reads the result; a page on any other origin cannot read it nor
submit a lead, whether it asks as JSON (the preflight fails) or sends text/plain, which needs no
preflight (415, nothing stored)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest
from django.core.cache import cache

from assessments.models import Assessment
from tests.profiles import engineer_abroad

PROFILE = engineer_abroad()
SUBMISSION = {
    "profile": PROFILE,
    "contact": {"name": "Ada Lovelace", "email": "ada@example.org"},
    "consent": True,
}
FETCH = """async ([url, type, body]) => {
  try {
    const response = await fetch(url, {method: "POST", headers: {"Content-Type": type}, body});
    return [response.status, await response.text()];
  } catch (error) {
    return ["blocked", String(error)];
  }
}"""
NO_CORS = """async ([url, body]) => {
  await fetch(url, {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body});
  return "sent";
}"""


class _FirmSite(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>Firm</title><h1>Firm</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site_page(browser, base_url):
    """A page of the consultancy's own site, from a server of its own: another origin than the
    API's (a real loopback server, as Chromium's private network rules want)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FirmSite)
    Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/")
    cache.clear()
    yield page, origin, base_url
    context.close()
    server.shutdown()
    server.server_close()


def test_a_configured_origin_reads_the_scoring_api(site_page, settings):
    page, origin, api = site_page
    settings.CORS_ALLOWED_ORIGINS = [origin]
    status, text = page.evaluate(
        FETCH, [f"{api}/api/v1/assess", "application/json", json.dumps(PROFILE)]
    )
    assert status == 200
    assert json.loads(text)["crs"]["total"] > 0


def test_another_origin_can_neither_read_nor_submit(site_page, settings, django_db_blocker):
    page, _origin, api = site_page
    settings.CORS_ALLOWED_ORIGINS = ["https://someone-else.example"]
    scored = page.evaluate(FETCH, [f"{api}/api/v1/assess", "application/json", json.dumps(PROFILE)])
    assert scored[0] == "blocked"
    submitted = page.evaluate(
        FETCH, [f"{api}/api/v1/assessments", "application/json", json.dumps(SUBMISSION)]
    )
    assert submitted[0] == "blocked"
    # The "simple" request a form or a no-cors fetch sends without asking first: refused (415).
    assert page.evaluate(NO_CORS, [f"{api}/api/v1/assessments", json.dumps(SUBMISSION)]) == "sent"
    with django_db_blocker.unblock():
        assert not Assessment.objects.exists()
