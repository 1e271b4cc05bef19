"""Admin for programs and their dated rules: criteria, occupation lists, grids, EE categories."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Criterion,
    ExpressEntryCategory,
    ExpressEntryDraw,
    OccupationList,
    Program,
    ProgramStatus,
    ScoringGrid,
)
from .selectors import rules_to_check


class PrettyJSONField(forms.JSONField):
    """Shows stored JSON indented, so staff can read and edit a grid or parameters."""

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


URL_FIELD = {models.URLField: {"assume_scheme": "https"}}
JSON_EDITOR = {
    models.JSONField: {
        "form_class": PrettyJSONField,
        "widget": forms.Textarea(attrs={"rows": 12, "cols": 90, "class": "vLargeTextField"}),
    },
    **URL_FIELD,
}


class InForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        return [("today", _("Today")), ("ended", _("Ended")), ("future", _("Not yet"))]

    def queryset(self, request: Any, queryset: Any) -> Any:
        today = timezone.localdate()
        if self.value() == "today":
            return queryset.in_force(today)
        if self.value() == "ended":
            return queryset.filter(effective_to__lt=today)
        if self.value() == "future":
            return queryset.filter(effective_from__gt=today)
        return queryset


class ProgramStatusInline(admin.StackedInline):
    model = ProgramStatus
    extra = 0
    formfield_overrides = URL_FIELD
    fields = [
        ("status", "effective_from"),
        ("note_en", "note_fr"),
        ("source_url", "checked_on", "unconfirmed"),
        "staff_note",
    ]


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    formfield_overrides = JSON_EDITOR
    fields = [
        ("code", "kind", "position"),
        ("effective_from", "effective_to"),
        "params",
        ("message_en", "message_fr"),
        ("source_url", "checked_on", "unconfirmed"),
        "staff_note",
    ]
    show_change_link = True


class OccupationListInline(admin.TabularInline):
    model = OccupationList
    extra = 0
    fields = ["slug", "name_en", "noc_version", "effective_from", "effective_to"]
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "jurisdiction", "kind", "status_today", "rules_verified_on"]
    list_filter = ["jurisdiction", "kind"]
    search_fields = ["slug", "name_en", "name_fr"]
    prepopulated_fields = {"slug": ["name_en"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ProgramStatusInline, CriterionInline, OccupationListInline]
    fieldsets = [
        (None, {"fields": ["slug", ("name_en", "name_fr"), ("jurisdiction", "kind"), "position"]}),
        (_("Description"), {"fields": [("summary_en", "summary_fr"), "official_url"]}),
        (_("Verification"), {"fields": ["rules_verified_on", "source"]}),
    ]

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).prefetch_related("statuses")

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.rules_to_check_view)
        return [
            path("rules-to-check/", view, name="programs_rules_to_check"),
            *super().get_urls(),
        ]

    def rules_to_check_view(self, request: HttpRequest) -> HttpResponse:
        """Rule versions with no source, marked unconfirmed, or not checked for 6 months."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Rules to check"),
            "rows": rules_to_check(timezone.localdate()),
        }
        return TemplateResponse(request, "admin/programs/rules_to_check.html", context)

    @admin.display(description=_("status today"))
    def status_today(self, program: Program) -> str:
        today = timezone.localdate()
        current = [s for s in program.statuses.all() if s.effective_from <= today]
        return current[-1].get_status_display() if current else "-"


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "program", "kind", "effective_from", "effective_to"]
    list_filter = ["program", "kind", InForceFilter]
    list_select_related = ["program"]
    search_fields = ["code", "message_en", "message_fr", "staff_note"]
    formfield_overrides = JSON_EDITOR


@admin.register(OccupationList)
class OccupationListAdmin(SimpleHistoryAdmin):
    list_display = [
        "slug",
        "name_en",
        "program",
        "noc_version",
        "effective_from",
        "effective_to",
        "size",
    ]
    list_filter = ["program", "noc_version", InForceFilter]
    list_select_related = ["program"]
    search_fields = ["slug", "name_en", "name_fr", "occupations__code", "occupations_2016__code"]
    autocomplete_fields = ["occupations", "occupations_2016"]
    formfield_overrides = URL_FIELD

    def get_queryset(self, request: Any) -> Any:
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_2021=models.Count("occupations", distinct=True),
                n_2016=models.Count("occupations_2016", distinct=True),
            )
        )

    @admin.display(description=_("occupations"))
    def size(self, occupation_list: OccupationList) -> int:
        return occupation_list.n_2021 + occupation_list.n_2016


@admin.register(ScoringGrid)
class ScoringGridAdmin(SimpleHistoryAdmin):
    list_display = ["key", "effective_from", "effective_to"]
    list_filter = ["key", InForceFilter]
    search_fields = ["key", "source", "notes"]
    formfield_overrides = {
        models.JSONField: {
            "form_class": PrettyJSONField,
            "widget": forms.Textarea(attrs={"rows": 30, "cols": 90, "class": "vLargeTextField"}),
        },
        **URL_FIELD,
    }


@admin.register(ExpressEntryCategory)
class ExpressEntryCategoryAdmin(SimpleHistoryAdmin):
    list_display = [
        "name_en",
        "kind",
        "occupation_list",
        "min_experience_months",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["kind", "in_canada_only", InForceFilter]
    search_fields = ["slug", "name_en", "name_fr", "draw_name"]
    formfield_overrides = URL_FIELD


@admin.register(ExpressEntryDraw)
class ExpressEntryDrawAdmin(SimpleHistoryAdmin):
    list_display = ["round", "date", "draw_name", "invitations", "crs_cutoff"]
    list_filter = ["category"]
    search_fields = ["draw_name", "category"]
    date_hierarchy = "date"
