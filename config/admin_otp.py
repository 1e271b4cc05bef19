"""Optional two-factor sign-in for staff (django-otp, TOTP): a user with a confirmed TOTP device
must give the current code from their authenticator app with the password; users without a
device sign in with the password alone. Wired in config/urls.py on the default admin site.

django-otp throttles a device after failed codes (growing delays), so the six digits cannot be
guessed quickly; django-axes still locks the password after repeated failures.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN_TEMPLATE = "admin/login_otp.html"


class AdminOTPAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, plus a code field required only from users with a device."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app (if you set one up)"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "otp_required": _("Enter the code from your authenticator app."),
        "otp_invalid": _("This code is not valid. Wait for the next code and try again."),
    }

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        super().confirm_login_allowed(user)
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return
        token = "".join((self.cleaned_data.get("otp_token") or "").split())
        if not token:
            raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
        device = match_token(user, token)
        if device is None:
            raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
        # django-otp's user_logged_in handler keeps the device in the session (is_verified()).
        user.otp_device = device
