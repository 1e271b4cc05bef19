"""URL configuration."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.health import healthz, readyz
from programs.views import assess_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/assess", assess_api, name="api-assess"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(url="/en/assessment/", permanent=False), name="home"),
]
urlpatterns += i18n_patterns(path("assessment/", include("assessments.urls")))
