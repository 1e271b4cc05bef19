"""Admin for programs and their dated rules: criteria, occupation lists, grids, EE categories."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_impact import ImpactPreviewMixin
from .criterion_forms import ChooseKindForm, criterion_form, criterion_spec, option_kinds_of
from .draws_feed import FeedError, import_draws_from_file
from .engine.errors import RuleError
from .models import (
    Criterion,
    ExpressEntryCategory,
    ExpressEntryDraw,
    OccupationList,
    Program,
    ProgramStatus,
    RuleCase,
    RuleCaseFailure,
    ScoringGrid,
)
from .selectors import rules_left_without_list, rules_naming_programs, rules_to_check
from .tasks import run_rule_cases
from .versions import supersede_versions


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


class SupersedeForm(forms.Form):
    from_day = forms.DateField(
        label=_("New version from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The current version ends the day before."),
    )


class RuleCasesAdminMixin:
    """Every save of a rule runs the rule cases in the background; the change page and the list
    show the cases that this rule's save made fail."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        queue_rule_cases(form.instance)

    def get_queryset(self, request: HttpRequest) -> Any:
        failures = (
            RuleCaseFailure.objects.filter(
                broken_by_type=ContentType.objects.get_for_model(self.model),  # type: ignore[attr-defined]
                broken_by_id=OuterRef("pk"),
            )
            .order_by()
            .values("broken_by_id")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return queryset.annotate(n_failing_cases=Coalesce(Subquery(failures), 0))

    @admin.display(description=_("failing rule cases"), ordering="n_failing_cases")
    def failing_cases_count(self, rule: Any) -> str:
        return str(rule.n_failing_cases or "")

    @admin.display(description=_("rule cases this change made fail"))
    def failing_cases(self, rule: Any) -> str:
        if rule.pk is None:
            return "-"
        failures = RuleCaseFailure.objects.filter(
            broken_by_type=ContentType.objects.get_for_model(rule), broken_by_id=rule.pk
        )
        items = format_html_join(
            "",
            "<li><strong>{}</strong> ({}): {}</li>",
            ((f.case_name, f.origin, f.message) for f in failures),
        )
        return format_html("<ul>{}</ul>", items) if failures else _("None")


def queue_rule_cases(rule: models.Model) -> None:
    content_type = ContentType.objects.get_for_model(rule)
    run_rule_cases.delay_on_commit(content_type.pk, rule.pk)


class DatedRuleAdmin(ImpactPreviewMixin, RuleCasesAdminMixin, SimpleHistoryAdmin):
    """Admin of a dated rule: adds "Supersede from a date" (asks the date, then one transaction)
    and "Preview impact" (programs.admin_impact)."""

    actions = ["supersede", "preview_impact"]
    readonly_fields = ["failing_cases"]

    @admin.action(description=_("Supersede from a date"), permissions=["add"])
    def supersede(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        form = SupersedeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                copies = supersede_versions(
                    rules=list(queryset), from_day=form.cleaned_data["from_day"]
                )
            except RuleError as error:
                form.add_error("from_day", str(error))
            else:
                for copy in copies:
                    queue_rule_cases(copy)
                self.message_user(
                    request,
                    _("%(count)d new version(s) from %(day)s: edit what changes.")
                    % {"count": len(copies), "day": form.cleaned_data["from_day"]},
                    messages.SUCCESS,
                )
                if len(copies) == 1:
                    opts = self.model._meta
                    return redirect(
                        f"admin:{opts.app_label}_{opts.model_name}_change", copies[0].pk
                    )
                return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Supersede from a date"),
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/programs/supersede.html", context)


def _rule_label(rule: Criterion | ExpressEntryCategory) -> str:
    if isinstance(rule, Criterion):
        where = _("criterion %(code)s of %(program)s") % {
            "code": rule.code,
            "program": rule.program.slug,
        }
    else:
        where = _("Express Entry category %(slug)s") % {"slug": rule.slug}
    end = rule.effective_to.isoformat() if rule.effective_to else "-"
    return f"{where} ({rule.effective_from.isoformat()} to {end})"


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
    show_change_link = True  # its own page has "Preview impact"


class CriterionInline(admin.TabularInline):
    """Read-only here: a criterion is edited (or deleted) on its own page, with its kind's form."""

    model = Criterion
    extra = 0
    can_delete = False
    fields = ["code", "kind", "effective_from", "effective_to", "position"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OccupationListInline(admin.TabularInline):
    model = OccupationList
    extra = 0
    fields = ["slug", "name_en", "noc_version", "effective_from", "effective_to"]
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(RuleCasesAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "name_en",
        "jurisdiction",
        "kind",
        "status_today",
        "rules_verified_on",
        "failing_cases_count",
    ]
    readonly_fields = ["failing_cases"]
    list_filter = ["jurisdiction", "kind"]
    search_fields = ["slug", "name_en", "name_fr"]
    prepopulated_fields = {"slug": ["name_en"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ProgramStatusInline, CriterionInline, OccupationListInline]
    fieldsets = [
        (None, {"fields": ["slug", ("name_en", "name_fr"), ("jurisdiction", "kind"), "position"]}),
        (_("Description"), {"fields": [("summary_en", "summary_fr"), "official_url"]}),
        (_("Verification"), {"fields": ["rules_verified_on", "source", "failing_cases"]}),
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

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """Refused while a rule of another program names it: the page lists those rules."""
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        naming = rules_naming_programs(program.slug for program in objs)
        return deleted, counts, perms, [*protected, *map(_rule_label, naming)]

    @admin.display(description=_("status today"))
    def status_today(self, program: Program) -> str:
        today = timezone.localdate()
        current = [s for s in program.statuses.all() if s.effective_from <= today]
        return current[-1].get_status_display() if current else "-"


@admin.register(ProgramStatus)
class ProgramStatusAdmin(ImpactPreviewMixin, RuleCasesAdminMixin, SimpleHistoryAdmin):
    """Statuses are edited in their program's page too; this page adds "Preview impact"."""

    list_display = ["program", "status", "effective_from", "failing_cases_count"]
    list_filter = ["program", "status"]
    list_select_related = ["program"]
    readonly_fields = ["failing_cases"]
    formfield_overrides = URL_FIELD
    actions = ["preview_impact"]


@admin.register(Criterion)
class CriterionAdmin(DatedRuleAdmin):
    """Adding one asks its kind first; its parameters are then edited with the form generated
    from the kind's parameter model (`programs.criterion_forms`), never typed as JSON."""

    list_display = [
        "code",
        "program",
        "kind",
        "effective_from",
        "effective_to",
        "failing_cases_count",
    ]
    list_filter = ["program", "kind", InForceFilter]
    list_select_related = ["program"]
    search_fields = ["code", "message_en", "message_fr", "staff_note"]
    formfield_overrides = URL_FIELD
    readonly_fields = ["raw_params", "failing_cases"]

    class Media:
        css = {"all": ["admin-rules/criterion.css"]}

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        chooser = ChooseKindForm(request.GET if "kind" in request.GET else None)
        if not chooser.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Add criterion: choose its kind"),
                "form": chooser,
                "kept": [(k, v) for k, v in request.GET.items() if k not in chooser.fields],
            }
            return TemplateResponse(request, "admin/programs/criterion/choose_kind.html", context)
        return super().add_view(request, form_url, extra_context)

    def get_form(
        self, request: HttpRequest, obj: Criterion | None = None, change: bool = False, **kwargs
    ) -> Any:
        kwargs["form"] = criterion_form(*self._kind_of(request, obj))
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Criterion | None = None) -> Any:
        spec = criterion_spec(*self._kind_of(request, obj))
        return [
            (
                None,
                {
                    "fields": [
                        "program",
                        ("code", "kind"),
                        ("effective_from", "effective_to"),
                        "position",
                    ]
                },
            ),
            *spec.fieldsets(),
            (_("Requirement text"), {"fields": [("message_en", "message_fr")]}),
            (_("Source"), {"fields": [("source_url", "checked_on", "unconfirmed"), "staff_note"]}),
            (_("Rule cases"), {"fields": ["failing_cases"]}),
            (_("For developers"), {"fields": ["raw_params"], "classes": ["collapse"]}),
        ]

    @staticmethod
    def _kind_of(request: HttpRequest, obj: Criterion | None) -> tuple[str, tuple, dict]:
        """The kind (and options' kinds) the form is for: the stored one, or the one chosen."""
        if obj is not None:
            return obj.kind, option_kinds_of(obj.params or {}), obj.params or {}
        chooser = ChooseKindForm(request.GET)
        if not chooser.is_valid():
            raise PermissionDenied  # add_view asks the kind before any form is built
        return chooser.cleaned_data["kind"], chooser.option_kinds(), {}

    @admin.display(description=_("parameters as stored (JSON)"))
    def raw_params(self, rule: Criterion) -> str:
        return format_html(
            '<pre class="raw-params">{}</pre>',
            json.dumps(rule.params, ensure_ascii=False, indent=2),
        )


@admin.register(OccupationList)
class OccupationListAdmin(DatedRuleAdmin):
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

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """Refused while a rule names the list on a day no other version covers: the page
        lists those rules."""
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        naming = rules_left_without_list(objs)
        return deleted, counts, perms, [*protected, *map(_rule_label, naming)]

    @admin.display(description=_("occupations"))
    def size(self, occupation_list: OccupationList) -> int:
        return occupation_list.n_2021 + occupation_list.n_2016


@admin.register(ScoringGrid)
class ScoringGridAdmin(DatedRuleAdmin):
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
class ExpressEntryCategoryAdmin(DatedRuleAdmin):
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
    change_list_template = "admin/programs/expressentrydraw/change_list.html"

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="programs_expressentrydraw_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Staff upload IRCC's rounds feed file; the rounds not stored yet are added."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DrawsFeedForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["feed"]
            try:
                report = import_draws_from_file(upload.read(), source=f"upload: {upload.name}")
            except FeedError as error:
                form.add_error("feed", str(error))
            else:
                self.message_user(request, str(report))
                return redirect("admin:programs_expressentrydraw_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import Express Entry rounds"),
            "form": form,
        }
        return TemplateResponse(request, "admin/programs/expressentrydraw/import.html", context)


class DrawsFeedForm(forms.Form):
    feed = forms.FileField(
        label=_("Feed file"), help_text=_("IRCC's ee_rounds_123_en.json, as downloaded.")
    )


@admin.register(RuleCase)
class RuleCaseAdmin(SimpleHistoryAdmin):
    """Cases staff add; they run, with the shipped ones, after every rule saved in the admin."""

    list_display = ["name", "as_of", "status"]
    search_fields = ["name", "notes"]
    formfield_overrides = JSON_EDITOR
    actions = ["run_now"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        run_rule_cases.delay_on_commit()

    @admin.display(description=_("status"))
    def status(self, case: RuleCase) -> str:
        failure = RuleCaseFailure.objects.filter(case_name=case.name).first()
        return _("fails: %(why)s") % {"why": failure.message} if failure else _("passes")

    @admin.action(description=_("Run every rule case now"))
    def run_now(self, request: HttpRequest, queryset: Any) -> None:
        run_rule_cases.delay_on_commit()
        self.message_user(request, _("The rule cases are running in the background."))


@admin.register(RuleCaseFailure)
class RuleCaseFailureAdmin(admin.ModelAdmin):
    """Read-only: the cases the rules in force fail, and the rule whose save made each fail."""

    list_display = ["case_name", "origin", "broken_by_label", "message", "detected_at"]
    search_fields = ["case_name", "message", "broken_by_label"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
