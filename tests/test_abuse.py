"""Abuse protection of the public endpoints: honeypot, per-IP rate limits with a 429 page,
request size limits, and no account enumeration through save-for-later."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.core.cache import cache

from assessments.models import Assessment
from assessments.wizard.forms import ContactForm
from tests.test_wizard import ANSWERS, SINGLE, post, step_url, submit, walk

pytestmark = pytest.mark.django_db

API = "/api/v1/assessments"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def api_body(**changes) -> dict:
    from tests.test_assessments_services import PROFILE

    body = {
        "profile": PROFILE,
        "contact": {"name": "Ada Lovelace", "email": "ada@example.org"},
        "consent": True,
    }
    return body | changes


def api_post(client, body: dict | bytes):
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(API, data=data, content_type="application/json")


# --- honeypot ---


def test_the_honeypot_is_hidden_from_people(client):
    walk(client, "en", SINGLE[: SINGLE.index("contact")])
    page = client.get(step_url("en", "contact")).content.decode()
    wrapper = re.search(r'<div[^>]*class="hp-field"[^>]*>', page)
    assert wrapper and 'aria-hidden="true"' in wrapper.group(0)
    assert "position:absolute" in wrapper.group(0)
    field = re.search(r'<input[^>]*name="contact-website"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field


def test_a_filled_honeypot_rejects_the_contact_step_without_saying_why(client):
    walk(client, "en", SINGLE[: SINGLE.index("contact")])
    response = post(client, "en", "contact", ANSWERS["contact"] | {"website": "http://spam"})
    assert response.status_code == 200  # the same step again, not the review
    page = response.content.decode()
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert "We could not accept this form" in summary.group(0)
    assert "website" not in summary.group(0) and "empty" not in summary.group(0)
    assert not Assessment.objects.exists()


def test_a_filled_honeypot_is_caught_again_at_submit(client):
    """Posting the contact step clean and the review with a tampered session is not enough:
    done() re-validates every step, so the bot's answers never become a lead."""
    walk(client, "en", SINGLE[:-1])
    session = client.session
    storage = session["wizard_assessment"]
    storage["step_data"]["contact"]["contact-website"] = ["spam"]
    session["wizard_assessment"] = storage
    session.save()
    response = post(client, "en", "review")
    assert response["Location"] == step_url("en", "finished")
    client.get(response["Location"])  # where formtools re-validates every step and calls done()
    assert not Assessment.objects.exists()


def test_an_empty_honeypot_lets_people_through(client):
    walk(client, "en", SINGLE[:-1])
    assert submit(client, "en").status_code == 302
    assert Assessment.objects.count() == 1
    assert not ContactForm.base_fields["website"].required


def test_the_api_honeypot_rejects_without_saying_why(client):
    response = api_post(client, api_body(website="http://spam"))
    assert response.status_code == 400
    assert response.json() == {"error": {"field": "", "message": "The request was refused."}}
    assert not Assessment.objects.exists()
    assert api_post(client, api_body(website="")).status_code == 201


# --- rate limits ---


@pytest.mark.parametrize(("lang", "text"), [("en", "try again in"), ("fr", "<h1>")])
def test_wizard_posts_are_limited_per_ip_with_a_429_page(client, settings, lang, text):
    settings.WIZARD_POST_RATE = "3/h"
    walk(client, lang, ["about", "education", "languages"])
    response = post(client, lang, "work")
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 3600
    page = response.content.decode()
    minutes = -(-retry_after // 60)
    assert str(minutes) in page
    assert text in page
    assert f'lang="{lang}"' in page
    # Another address is not affected.
    payload = {"assessment-current_step": "about"}
    payload |= {f"about-{k}": v for k, v in ANSWERS["about"].items()}
    other = client.post(step_url(lang, "about"), payload, REMOTE_ADDR="198.51.100.77")
    assert other.status_code == 302


def test_wizard_pages_are_not_counted_on_get(client, settings):
    settings.WIZARD_POST_RATE = "2/h"
    for _ in range(5):
        assert client.get(step_url("en", "about")).status_code == 200


def test_resume_links_are_limited_per_ip(client, settings):
    settings.RESUME_RATE = "2/h"
    codes = [client.get("/en/assessment/resume/nonsense/").status_code for _ in range(3)]
    assert codes == [410, 410, 429]


def test_save_for_later_is_limited_per_ip(client, settings, django_capture_on_commit_callbacks):
    settings.SAVE_DRAFT_RATE = "10/h"
    walk(client, "en", ["about"])
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(11):
            response = client.post("/en/assessment/save/", {"email": f"a{index}@example.org"})
    assert len(mail.outbox) == 10  # the eleventh link is not sent
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600


def test_privacy_links_are_limited_per_ip(client, settings):
    settings.PRIVACY_RATE = "2/h"
    codes = [client.get("/en/assessment/privacy/nonsense/").status_code for _ in range(3)]
    assert codes == [404, 404, 429]


def test_the_api_is_limited_per_ip_with_retry_after(client, settings):
    settings.SUBMIT_API_RATE = "2/h"
    codes = [api_post(client, api_body(contact={"name": "x"})).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    response = api_post(client, api_body())
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["message"].startswith("Too many requests - try again in")


# --- request size ---


def test_a_huge_wizard_post_gets_a_friendly_413(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 10_000
    walk(client, "en", ["about"])
    response = post(client, "en", "education", extra_field="x" * 20_000)
    assert response.status_code == 413
    assert "larger than" in response.content.decode()


def test_a_huge_api_body_gets_a_json_413(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 10_000
    response = api_post(client, b"{" + b" " * 20_000 + b"}")
    assert response.status_code == 413
    assert response.json()["error"]["message"].startswith("The request is larger than")


def test_too_many_fields_get_a_friendly_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    walk(client, "en", ["about"])
    response = post(client, "en", "education", **{f"junk{i}": "1" for i in range(100)})
    assert response.status_code == 400
    assert "We could not read what was sent" in response.content.decode()


def test_the_admin_is_left_to_djangos_limits(admin_client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1_000
    response = admin_client.post("/admin/logout/", {"x": "y" * 2_000})
    assert response.status_code != 413


# --- no enumeration ---


def test_save_for_later_answers_the_same_for_a_known_and_an_unknown_email(
    client, django_capture_on_commit_callbacks
):
    walk(client, "en", SINGLE[:-1])
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, "en")
    known = ANSWERS["contact"]["email"]
    assert Assessment.objects.filter(email=known).exists()

    def save(email: str) -> tuple[int, str]:
        walk(client, "en", ["about"])
        response = client.post("/en/assessment/save/", {"email": email})
        page = CSRF.sub("", response.content.decode().replace(email, "EMAIL"))
        return response.status_code, page

    unknown = "nobody@example.org"
    assert save(known) == save(unknown)
