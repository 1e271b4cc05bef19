"""URL configuration."""

from django.contrib import admin
from django.urls import path

from config.health import healthz, readyz
from programs.views import assess_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/assess", assess_api, name="api-assess"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]
