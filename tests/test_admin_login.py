"""Admin sign-in is locked after repeated failures (django-axes), and a good login still works."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")


def attempt(client, user, password):
    return client.post(LOGIN, {"username": user.username, "password": password, "next": "/admin/"})


def test_admin_login_locks_after_five_failures(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, admin_user, "wrong").status_code == 200  # the form again
    assert attempt(client, admin_user, "wrong").status_code == 429
    # Locked: even the right password is refused for now.
    assert attempt(client, admin_user, "password").status_code == 429


def test_a_good_login_still_works(client, admin_user):
    assert attempt(client, admin_user, "wrong").status_code == 200
    response = attempt(client, admin_user, "password")
    assert response.status_code == 302
