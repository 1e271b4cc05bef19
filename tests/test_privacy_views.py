"""The applicant's own data through the signed privacy link, and the privacy notice."""

from __future__ import annotations

import hashlib
import json
import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment, SiteSettings
from assessments.privacy import (
    PRIVACY_LINK_LIFETIME,
    assessment_from_privacy_token,
    privacy_token,
)
from assessments.services import Consent, Contact, assessment_submit
from assessments.wizard.forms import ContactForm
from assessments.wizard.views import CONSENT_TEXT_VERSION
from tests.profiles import engineer_abroad

pytestmark = pytest.mark.django_db

PROFILE = engineer_abroad()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


def lead(django_capture_on_commit_callbacks, name: str, email: str) -> Assessment:
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_submit(
            profile=PROFILE,
            contact=Contact(name=name, email=email, phone="+1 438 555 0101"),
            consent=Consent("2026-11-wizard-v1", "198.51.100.4"),
        )
    assessment.refresh_from_db()
    return assessment


def url(name: str, assessment: Assessment, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"assessments:{name}", kwargs={"token": privacy_token(assessment)})


def test_export_holds_the_applicants_data_and_nothing_of_others(
    client, django_capture_on_commit_callbacks
):
    mine = lead(django_capture_on_commit_callbacks, "Ada Lovelace", "ada@example.org")
    other = lead(django_capture_on_commit_callbacks, "Grace Hopper", "grace@example.org")

    response = client.get(url("privacy_export", mine))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["contact"]["name"] == "Ada Lovelace"
    assert data["contact"]["email"] == "ada@example.org"
    assert data["consent"]["text_version"] == "2026-11-wizard-v1"
    assert data["consent"]["ip_address"] == "198.51.100.4"
    assert data["answers"] == mine.profile
    assert data["result"]["crs_total"] == mine.crs_total and data["result"]["details"]
    assert data["assessment"]["id"] == str(mine.public_id)
    text = response.content.decode()
    assert "Grace" not in text and "grace@example.org" not in text
    assert str(other.public_id) not in text


def test_request_page_offers_download_and_erasure(client, django_capture_on_commit_callbacks):
    mine = lead(django_capture_on_commit_callbacks, "Ada Lovelace", "ada@example.org")
    response = client.get(url("privacy_request", mine, "fr"))
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("privacy_export", "privacy_erase"):
        # The token carries its signing time: compare what it names, not its text.
        prefix = url(name, mine, "fr").split("/privacy/")[0] + "/privacy/"
        found = re.search(re.escape(prefix) + r"([^/\"]+)/" + name.split("_")[1] + "/", page)
        assert found, name
        assert assessment_from_privacy_token(found[1]).pk == mine.pk
    # No clickjacking of the erase button: this page is never framed.
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_erasure_needs_the_confirmation_then_erases(client, django_capture_on_commit_callbacks):
    mine = lead(django_capture_on_commit_callbacks, "Ada Lovelace", "ada@example.org")
    other = lead(django_capture_on_commit_callbacks, "Grace Hopper", "grace@example.org")

    unconfirmed = client.post(url("privacy_erase", mine), {})
    assert unconfirmed.status_code == 400
    mine.refresh_from_db()
    assert mine.erased_at is None and mine.email == "ada@example.org"

    response = client.post(url("privacy_erase", mine), {"confirm": "on"})
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.erased_at is not None and (mine.name, mine.email) == ("", "")
    assert mine.crs_total is not None
    other.refresh_from_db()
    assert other.erased_at is None and other.email == "grace@example.org"
    # Afterwards the link says so, and there is nothing left to download.
    again = client.get(url("privacy_request", mine))
    assert again.status_code == 200 and "erased" in again.content.decode()
    assert client.get(url("privacy_export", mine)).status_code == 302


def test_erasure_by_get_is_refused(client, django_capture_on_commit_callbacks):
    mine = lead(django_capture_on_commit_callbacks, "Ada Lovelace", "ada@example.org")
    assert client.get(url("privacy_erase", mine)).status_code == 405
    mine.refresh_from_db()
    assert mine.erased_at is None


@pytest.mark.parametrize("name", ["privacy_request", "privacy_export"])
def test_tampered_or_unknown_links_get_a_friendly_404(client, name):
    for token in ["nonsense", "a" * 500, "x:y:z", signing.dumps("not-a-uuid", salt="other")]:
        response = client.get(reverse(f"assessments:{name}", kwargs={"token": token}))
        assert response.status_code == 404
        assert "This link cannot be used" in response.content.decode()
    unknown = Assessment(pk=1)  # a valid signature of an id that does not exist
    assert client.get(url(name, unknown)).status_code == 404


def test_an_expired_privacy_link_is_refused(client, django_capture_on_commit_callbacks):
    mine = lead(django_capture_on_commit_callbacks, "Ada Lovelace", "ada@example.org")
    made_at = time.time() - PRIVACY_LINK_LIFETIME.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=made_at):
        old = url("privacy_export", mine)
    with mock.patch("django.core.signing.time.time", return_value=made_at + 3600):
        assert client.get(old).status_code == 200  # it worked when it was new
    response = client.get(old)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert client.post(old.replace("/export/", "/erase/"), {"confirm": "on"}).status_code == 400
    mine.refresh_from_db()
    assert mine.erased_at is None


def test_privacy_token_reveals_nothing_personal(django_capture_on_commit_callbacks):
    mine = lead(django_capture_on_commit_callbacks, "Ada Lovelace", "ada@example.org")
    token = privacy_token(mine)
    payload = signing.b64_decode(token.split(":")[0].encode()).decode()
    assert payload == f'"{mine.public_id}"'  # the random public id only: no pk, name or email


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Privacy notice"), ("fr", "Avis de confidentialité")]
)
def test_privacy_notice_in_both_languages_with_the_firms_details(client, lang, heading):
    SiteSettings.objects.create(
        domain="", firm_name="Érable Conseil", privacy_contact="vie.privee@erable.example"
    )
    with translation.override(lang):
        notice = reverse("assessments:privacy_notice")
    response = client.get(notice)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in page
    assert "Érable Conseil" in page and "vie.privee@erable.example" in page
    assert CONSENT_TEXT_VERSION in page


def test_the_consent_step_links_to_the_notice(client):
    from tests.test_wizard import SINGLE, step_url, walk

    walk(client, "en", SINGLE[: SINGLE.index("contact")])
    page = client.get(step_url("en", "contact")).content.decode()
    assert reverse("assessments:privacy_notice") in page


# The consent text shown on the contact step, by version. Changing the wording without a new
# CONSENT_TEXT_VERSION would store a version that does not say what the applicant saw.
CONSENT_TEXTS = {
    "2026-11-wizard-v1": "15ab22f6f30c95164293787945f48a18c537b15bca951bf54bbebd429c2448be",
}


def test_the_stored_consent_version_matches_the_text_shown():
    with translation.override("en"):
        field = ContactForm().fields["consent"]
        shown = f"{field.label}\n{field.help_text}"
    digest = hashlib.sha256(shown.encode()).hexdigest()
    assert CONSENT_TEXTS.get(CONSENT_TEXT_VERSION) == digest, (
        "The consent text changed: give it a new CONSENT_TEXT_VERSION and record its digest "
        f"{digest} here."
    )
