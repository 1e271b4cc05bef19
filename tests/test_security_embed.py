"""Who may frame which page: the public form for the origins the consultancy lists (env var and
site settings), the admin and the applicant's data pages never."""

from __future__ import annotations

import pytest

from assessments.models import SiteSettings
from tests.test_security_headers import directives

pytestmark = pytest.mark.django_db

FORM_PAGES = ["/en/assessment/about/", "/fr/assessment/privacy-notice/"]


@pytest.fixture
def embedding(settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://env.example"]
    SiteSettings.objects.create(
        domain="",
        embed_origins="https://www.firm.example\nhttps://partner.example:8443\n"
        "javascript:alert(1)\nhttps://evil.example; script-src *",
    )


@pytest.mark.parametrize("url", FORM_PAGES)
def test_the_form_may_be_framed_by_the_listed_origins(client, embedding, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == (
        "frame-ancestors https://env.example https://www.firm.example https://partner.example:8443"
    )
    # X-Frame-Options cannot name origins and would block them: the CSP decides here.
    assert "X-Frame-Options" not in response.headers


def test_a_record_for_the_host_is_used_for_that_host(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    settings.ALLOWED_HOSTS = ["testserver", "assess.firm.example"]
    SiteSettings.objects.create(domain="", embed_origins="https://default.example")
    SiteSettings.objects.create(domain="assess.firm.example", embed_origins="https://firm.example")
    response = client.get("/en/assessment/about/", HTTP_HOST="assess.firm.example")
    assert directives(response)["frame-ancestors"] == "frame-ancestors https://firm.example"


@pytest.mark.parametrize("url", ["/admin/login/", "/healthz", "/en/assessment/privacy/x/"])
def test_other_pages_are_never_framed(client, embedding, url):
    response = client.get(url)
    assert directives(response)["frame-ancestors"] == "frame-ancestors 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_admin_is_never_framed_when_signed_in(admin_client, embedding):
    response = admin_client.get("/admin/")
    assert directives(response)["frame-ancestors"] == "frame-ancestors 'none'"


def test_without_origins_the_form_is_not_framed(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    response = client.get("/en/assessment/about/")
    assert directives(response)["frame-ancestors"] == "frame-ancestors 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
