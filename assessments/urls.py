"""Public URLs of the assessment, mounted under /<language>/assessment/ (i18n_patterns)."""

from django.urls import path

from . import privacy_views, views
from .wizard import views as wizard

app_name = "assessments"

wizard_view = wizard.AssessmentWizard.as_view(
    url_name="assessments:wizard_step", done_step_name="finished"
)

urlpatterns = [
    path("", wizard_view, name="wizard"),
    path("save/", wizard.save_draft, name="save"),
    path("resume/<str:token>/", wizard.resume, name="resume"),
    path("occupations/", wizard.occupation_search, name="occupations"),
    path("result/<str:token>/", views.result, name="result"),
    path("privacy-notice/", privacy_views.privacy_notice, name="privacy_notice"),
    path("privacy/<str:token>/", privacy_views.privacy_request, name="privacy_request"),
    path("privacy/<str:token>/export/", privacy_views.privacy_export, name="privacy_export"),
    path("privacy/<str:token>/erase/", privacy_views.privacy_erase, name="privacy_erase"),
    path("<slug:step>/", wizard_view, name="wizard_step"),
]
