"""Behind the TLS proxy every request comes from the proxy's address: the per-IP limits and the
admin lockout must count the client that X-Forwarded-For names, as far as TRUSTED_PROXY_COUNT
trusts it, and never a value the client wrote itself."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments.models import Assessment
from tests.profiles import engineer_abroad

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ALICE, BOB = "203.0.113.10", "198.51.100.20"
BODY = {
    "profile": engineer_abroad(),
    "contact": {"name": "Ada Lovelace", "email": "ada@example.org"},
    "consent": True,
}


@pytest.fixture(autouse=True)
def _one_proxy(settings):
    cache.clear()
    settings.TRUSTED_PROXY_COUNT = 1
    yield
    cache.clear()


def via_proxy(client_address: str, forwarded_by_client: str = "") -> dict[str, str]:
    """What our proxy sends on: its own address, and the header with the client's appended."""
    chain = f"{forwarded_by_client}, {client_address}" if forwarded_by_client else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def submit(client, who: dict[str, str]) -> int:
    response = client.post(
        "/api/v1/assessments", json.dumps(BODY), content_type="application/json", **who
    )
    return response.status_code


def assess(client, who: dict[str, str]) -> int:
    response = client.post(
        "/api/v1/assess", BODY["profile"], content_type="application/json", **who
    )
    return response.status_code


def resume(client, who: dict[str, str]) -> int:
    return client.get("/en/assessment/resume/nonsense/", **who).status_code


def privacy(client, who: dict[str, str]) -> int:
    return client.get("/en/assessment/privacy/nonsense/", **who).status_code


def wizard(client, who: dict[str, str]) -> int:
    return client.post(
        "/en/assessment/about/", {"assessment-current_step": "about"}, **who
    ).status_code


LIMITS = [
    (submit, "SUBMIT_API_RATE"),
    (assess, "ASSESS_API_RATE"),
    (resume, "RESUME_RATE"),
    (privacy, "PRIVACY_RATE"),
    (wizard, "WIZARD_POST_RATE"),
]


@pytest.mark.parametrize(("call", "rate"), LIMITS)
def test_limits_are_per_client_behind_the_proxy(client, settings, call, rate):
    setattr(settings, rate, "2/h")
    assert [call(client, via_proxy(ALICE)) for _ in range(3)][-1] == 429
    # Bob, behind the same proxy, is not affected by Alice's requests.
    assert call(client, via_proxy(BOB)) != 429
    # Alice cannot escape by writing her own X-Forwarded-For: the proxy appends her address.
    assert call(client, via_proxy(ALICE, forwarded_by_client="192.0.2.99")) == 429


@pytest.mark.parametrize(("call", "rate"), LIMITS)
def test_without_trusted_proxies_the_header_is_never_read(client, settings, call, rate):
    settings.TRUSTED_PROXY_COUNT = 0
    setattr(settings, rate, "2/h")
    forged = [{"REMOTE_ADDR": ALICE, "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"} for n in range(3)]
    assert [call(client, who) for who in forged][-1] == 429


def test_two_proxies_take_the_second_address_from_the_right(client, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    who = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.99, {ALICE}, 10.0.0.3"}
    assert submit(client, who) == 201
    assert Assessment.objects.get().consent_ip == ALICE


@pytest.mark.parametrize(
    ("proxies", "header"),
    [(1, ""), (1, "not-an-address"), (3, f"{ALICE}, 10.0.0.3")],  # the last: too few hops
)
def test_a_header_that_did_not_come_through_our_proxies_counts_as_remote_addr(
    client, settings, proxies, header
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert submit(client, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": header}) == 201
    assert Assessment.objects.get().consent_ip == PROXY


def test_the_stored_consent_address_is_the_clients(client):
    assert submit(client, via_proxy(ALICE, forwarded_by_client="192.0.2.99")) == 201
    assert Assessment.objects.get().consent_ip == ALICE


# --- the admin lockout ---

LOGIN = reverse("admin:login")


def sign_in(client, user, password: str, who: dict[str, str]) -> int:
    data = {"username": user.username, "password": password, "next": "/admin/"}
    return client.post(LOGIN, data, **who).status_code


def test_the_lockout_is_per_username_and_client_behind_the_proxy(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, admin_user, "wrong", via_proxy(ALICE))
    assert sign_in(client, admin_user, "password", via_proxy(ALICE)) == 429
    # Alice locked herself out, not the staff member, who signs in from elsewhere.
    assert sign_in(client, admin_user, "password", via_proxy(BOB)) == 302
