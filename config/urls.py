"""URL configuration."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from assessments import api as assessments_api
from assessments.wizard.views import start as wizard_start
from config.admin_otp import LOGIN_TEMPLATE, AdminOTPAuthenticationForm
from config.health import healthz, readyz
from config.openapi import openapi_json
from programs.views import assess_api

# Staff with a confirmed TOTP device give its code at sign-in (config/admin_otp.py).
admin.site.login_form = AdminOTPAuthenticationForm
admin.site.login_template = LOGIN_TEMPLATE

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/assess", assess_api, name="api-assess"),
    path("api/v1/assessments", assessments_api.submit, name="api-assessments"),
    path(
        "api/v1/assessments/<str:token>",
        assessments_api.status,
        name="api-assessment-status",
    ),
    path("api/v1/openapi.json", openapi_json, name="api-openapi"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", wizard_start, name="home"),  # in the browser's language
]
urlpatterns += i18n_patterns(path("assessment/", include("assessments.urls")))
