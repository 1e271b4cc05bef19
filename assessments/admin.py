"""Leads in the admin: the list consultants triage, with the filters they sort by."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment

CRS_RANGES = [(0, 349), (350, 449), (450, 499), (500, 599), (600, 1200)]


class CrsRangeFilter(admin.SimpleListFilter):
    title = _("CRS")
    parameter_name = "crs"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(f"{low}-{high}", f"{low} to {high}") for low, high in CRS_RANGES]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if not value:
            return queryset
        try:
            low, high = (int(part) for part in value.split("-"))
        except ValueError:
            return queryset.none()  # a hand-edited URL: show nothing rather than fail
        return queryset.filter(crs_total__gte=low, crs_total__lte=high)


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "email",
        "submitted_at",
        "language",
        "crs_total",
        "best_outcome",
        "eligible",
        "status",
    ]
    list_filter = [
        "status",
        "best_outcome",
        "eligible_programs",
        CrsRangeFilter,
        "intended_province",
        "language",
    ]
    search_fields = ["name", "email", "phone"]
    date_hierarchy = "submitted_at"
    list_per_page = 50
    readonly_fields = [
        "public_id",
        "source",
        "status",
        "submitted_at",
        "profile",
        "language",
        "consent_given_at",
        "consent_text_version",
        "consent_ip",
        "result",
        "scored_at",
        "scored_as_of",
        "crs_total",
        "best_outcome",
        "eligible_programs",
        "scoring_error",
    ]
    fieldsets = [
        (_("Contact"), {"fields": ["name", "email", "phone", "language", "newsletter_opt_in"]}),
        (
            _("Consent"),
            {"fields": ["consent_given_at", "consent_text_version", "consent_ip"]},
        ),
        (
            _("Result"),
            {
                "fields": [
                    "status",
                    "crs_total",
                    "best_outcome",
                    "eligible_programs",
                    "scored_at",
                    "scored_as_of",
                    "scoring_error",
                ]
            },
        ),
        (_("Answers and raw result"), {"fields": ["profile", "result"], "classes": ["collapse"]}),
        (_("Record"), {"fields": ["public_id", "source", "submitted_at", "intended_province"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("eligible_programs")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # leads come from applicants, never typed in by staff

    @admin.display(description=_("eligible for"))
    def eligible(self, assessment: Assessment) -> str:
        programs = assessment.eligible_programs.all()
        return format_html_join(", ", "{}", ((p.name_en,) for p in programs)) or "-"
