"""Security headers on every page: a CSP without inline script, and framing refused by default."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("url", ["/admin/login/", "/healthz"])
def test_csp_allows_no_inline_script_and_no_framing(client, url):
    response = client.get(url)
    policy = directives(response)
    assert policy["script-src"] == "script-src 'self'"
    assert "unsafe-inline" not in policy["script-src"]
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_admin_pages_carry_the_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
