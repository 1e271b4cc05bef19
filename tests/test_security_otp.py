"""Optional two-factor sign-in for staff: a user with a confirmed TOTP device needs its code."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")


def attempt(client, user, password="password", code=None):
    data = {"username": user.username, "password": password, "next": "/admin/"}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def device(admin_user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)


def test_the_login_page_asks_for_the_code(client):
    page = client.get(LOGIN).content.decode()
    assert 'name="otp_token"' in page and 'autocomplete="one-time-code"' in page


def test_a_user_with_a_device_cannot_sign_in_without_the_code(client, admin_user, device):
    response = attempt(client, admin_user)
    assert response.status_code == 200
    assert "Enter the code from your authenticator app" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still signed out


def test_a_wrong_code_is_refused(client, admin_user, device):
    wrong = f"{(int(current_code(device)) + 1) % 10**6:06d}"
    response = attempt(client, admin_user, code=wrong)
    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_right_code_signs_in_and_verifies_the_session(client, admin_user, device):
    response = attempt(client, admin_user, code=current_code(device))
    assert response.status_code == 302
    page = client.get("/admin/")
    assert page.status_code == 200
    assert page.wsgi_request.user.is_verified()


def test_a_wrong_password_with_a_good_code_is_refused(client, admin_user, device):
    assert attempt(client, admin_user, "wrong", code=current_code(device)).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_an_unconfirmed_device_does_not_lock_its_owner_out(client, admin_user):
    TOTPDevice.objects.create(user=admin_user, name="setting up", confirmed=False)
    assert attempt(client, admin_user).status_code == 302


def test_users_without_a_device_sign_in_with_the_password(client, admin_user):
    assert attempt(client, admin_user).status_code == 302


def test_the_admin_shows_a_new_devices_qr_code(admin_client, device):
    response = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
