"""The small faults of the security pass: plain-text email subjects, a bounded overview period,
the admin login's fallback after a refused `next=`, HSTS scope as settings, and a Secure
language cookie in production."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.cache import cache

from assessments.models import OutboxMessage, SiteSettings
from tests.profiles import engineer_abroad
from tests.test_production_settings import STRONG_KEY, manage

OVERVIEW = "/admin/assessments/assessment/overview/"


@pytest.mark.django_db
def test_email_subjects_are_plain_text(client, django_capture_on_commit_callbacks):
    cache.clear()
    SiteSettings.objects.create(domain="", firm_name="Smith & Sons <Immigration>")
    body = {
        "profile": engineer_abroad(),
        "contact": {"name": 'O\'Brien & "Co"', "email": "ob@example.org"},
        "consent": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/assessments", json.dumps(body), content_type="application/json"
        )
    assert response.status_code == 201
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["leads@localhost"].startswith('New lead: O\'Brien & "Co", CRS ')
    assert subjects["ob@example.org"].endswith(" - Smith & Sons <Immigration>")
    stored = set(OutboxMessage.objects.values_list("subject", flat=True))
    assert stored == set(subjects.values())
    assert not any("&amp;" in s or "&#x27;" in s or "&quot;" in s or "&lt;" in s for s in stored)


# --- the managers' overview ---


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("from=0001-01-01&to=9999-12-31", "Choose days from 2000-01-01 to 2099-12-31."),
        ("from=0001-01-01", "Choose days from 2000-01-01 to 2099-12-31."),
        ("to=9999-12-31", "Choose days from 2000-01-01 to 2099-12-31."),
        ("from=2010-01-01&to=2020-01-01", "Choose a period of at most 5 years."),
        ("from=nonsense", "Enter a valid date."),
    ],
)
def test_the_overview_refuses_an_absurd_period_with_a_form_error(admin_client, query, error):
    response = admin_client.get(f"{OVERVIEW}?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert len(page) < 200_000  # the last 26 weeks instead, not 500,000 weeks of rows
    # The CSV is not given for a refused period (it would be of another period).
    csv = admin_client.get(f"{OVERVIEW}?{query}&format=csv")
    assert csv["Content-Type"].startswith("text/html")
    assert error in csv.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["from=2020-01-01&to=2024-12-31", "from=2024-12-31&to=2020-01-01", ""]
)
def test_the_overview_takes_a_period_of_up_to_five_years(admin_client, query):
    response = admin_client.get(f"{OVERVIEW}?{query}")
    assert response.status_code == 200
    assert 'class="errorlist' not in response.content.decode()
    csv = admin_client.get(f"{OVERVIEW}?{query}&format=csv")
    assert csv["Content-Type"].startswith("text/csv")


# --- the admin login ---


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example", ""])
def test_a_login_with_a_refused_next_lands_on_the_admin_index(client, admin_user, next_url):
    cache.clear()
    data = {"username": admin_user.username, "password": "password", "next": next_url}
    response = client.post("/admin/login/", data)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


# --- production settings ---

PRODUCTION_VALUES = (
    "from django.conf import settings as s; "
    "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.LANGUAGE_COOKIE_SECURE)"
)


def test_hsts_binds_no_subdomain_and_no_preload_list_unless_asked():
    result = manage("shell", "-v", "0", "-c", PRODUCTION_VALUES, SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["False", "False"]
    asked = manage(
        "shell",
        "-v",
        "0",
        "-c",
        PRODUCTION_VALUES,
        SECRET_KEY=STRONG_KEY,
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    assert asked.stdout.split()[:2] == ["True", "True"]


def test_the_language_cookie_is_secure_in_production():
    code = (
        "from django.test import Client; "
        "r = Client().post('/i18n/setlang/', {'language': 'fr', 'next': '/'}, secure=True, "
        "HTTP_HOST='assess.example.com'); "
        "print(r.status_code, bool(r.cookies['django_language']['secure']))"
    )
    result = manage("shell", "-v", "0", "-c", code, SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["302", "True"]
