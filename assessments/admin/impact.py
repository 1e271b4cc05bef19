"""Impact previews in the admin: the form a rule's "Preview impact" opens, the preview's page
(progress while it runs, then the counts program by program and the leads with links), and the
step to the re-score flow that applies the change to the stored results."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments.impact import impact_preview_start
from assessments.models import ImpactChange, ImpactPreview
from assessments.rescore import rescore_start
from programs.engine import ProfileError, RuleError
from programs.impact import parse_refs, pending_versions, version_label, versions_of
from programs.models import ExpressEntryCategory, Program
from programs.scoring import check_as_of, toronto_today

from .leads import announce_rescore

LEADS_PER_PAGE = 100


class ImpactPreviewForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The leads are scored on this day, with and without the versions."),
    )
    crs_threshold = forms.IntegerField(
        label=_("List a lead when its CRS moves by more than"),
        min_value=0,
        max_value=1200,
        initial=10,
    )

    def clean_as_of(self) -> date:
        """No later than scoring accepts (5 years ahead: later rules are not known)."""
        as_of = self.cleaned_data["as_of"]
        try:
            check_as_of(as_of, toronto_today())
        except ProfileError as error:
            raise forms.ValidationError(error.message) from None
        return as_of


def _default_day(rules: list[Any], today: date) -> date:
    """Today, or the day the last of the versions starts if later: the day they all apply."""
    return max([today, *(rule.effective_from for rule in rules)])


@admin.register(ImpactPreview)
class ImpactPreviewAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "created_by", "as_of", "what", "status", "progress"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    change_list_template = "admin/assessments/impactpreview/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # started from a rule version's "Preview impact"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_start_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("assessments.add_impactpreview")

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("start/", wrap(self.start_view), name="assessments_impactpreview_start"),
            path(
                "<int:preview_id>/apply/",
                wrap(self.apply_view),
                name="assessments_impactpreview_apply",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("versions"))
    def what(self, preview: ImpactPreview) -> str:
        labels = [version["label"] for version in preview.versions]
        return "; ".join(labels[:3]) + (" …" if len(labels) > 3 else "")

    @admin.display(description=_("progress"))
    def progress(self, preview: ImpactPreview) -> str:
        return format_html(
            '<progress value="{}" max="{}"></progress> {} / {}',
            preview.done,
            preview.total or 1,
            preview.done,
            preview.total,
        )

    def start_view(self, request: HttpRequest) -> HttpResponse:
        """The versions chosen (`?v=criterion:12&v=...`, or `?pending=1`: every version that
        starts after today), the day and the CRS threshold; then the preview starts."""
        if not self.has_start_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        source = request.POST if request.method == "POST" else request.GET
        refs = pending_versions(today) if source.get("pending") else parse_refs(source.getlist("v"))
        rules = versions_of(refs)
        initial = {"as_of": _default_day(rules, today), "crs_threshold": 10}
        form = ImpactPreviewForm(
            request.POST if request.method == "POST" else None, initial=initial
        )
        if rules and form.is_bound and form.is_valid():
            try:
                preview = impact_preview_start(
                    refs=[(rule._meta.model_name, rule.pk) for rule in rules],
                    as_of=form.cleaned_data["as_of"],
                    crs_threshold=form.cleaned_data["crs_threshold"],
                    user=request.user,
                )
            except RuleError as error:
                form.add_error(None, str(error))
            else:
                return redirect("admin:assessments_impactpreview_change", preview.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Preview the impact of rule versions"),
            "versions": [(rule._meta.model_name, rule.pk, version_label(rule)) for rule in rules],
            "pending": bool(source.get("pending")),
            "form": form,
        }
        return TemplateResponse(request, "admin/assessments/impactpreview/start.html", context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The preview: a progress bar while it runs (the page refreshes itself, no script
        needed), then its counts and the leads whose outcome changes."""
        preview = get_object_or_404(ImpactPreview, pk=object_id)
        if not self.has_view_permission(request, preview):
            raise PermissionDenied
        running = preview.status in (ImpactPreview.Status.PENDING, ImpactPreview.Status.RUNNING)
        changes = preview.changes.select_related("assessment").order_by("assessment_id")
        page = Paginator(changes, LEADS_PER_PAGE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(preview),
            "preview": preview,
            "running": running,
            "percent": 100 * preview.done // preview.total if preview.total else 100,
            "programs": _program_rows(preview.summary.get("programs", {})),
            "categories": _category_rows(preview.summary.get("categories", {})),
            "page": page,
            "leads": [_lead_row(change) for change in page.object_list],
            "future": preview.as_of > timezone.localdate(),
            "can_rescore": request.user.has_perm("assessments.add_rescorerun"),
        }
        response = TemplateResponse(
            request, "admin/assessments/impactpreview/preview.html", context
        )
        if running:
            response["Refresh"] = "2"
        return response

    def apply_view(self, request: HttpRequest, preview_id: int) -> HttpResponse:
        """Re-score the leads the preview lists with the rules in force (the re-score flow
        writes; the preview never does)."""
        if request.method != "POST" or not request.user.has_perm("assessments.add_rescorerun"):
            raise PermissionDenied
        preview = get_object_or_404(ImpactPreview, pk=preview_id)
        ids = preview.changes.values_list("assessment_id", flat=True)
        run = rescore_start(
            assessment_ids=ids, user=request.user, reason=f"Impact preview #{preview.pk}"
        )
        announce_rescore(self, request, run)
        return redirect("admin:assessments_rescorerun_change", run.pk)


def _program_rows(counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """One row a program with changes, in the programs' own order."""
    name = "name_fr" if translation.get_language() == "fr" else "name_en"
    programs = Program.objects.filter(slug__in=counts).order_by("position", "slug")
    return [{"name": getattr(program, name), "slug": program.slug, **counts[program.slug]}
            for program in programs]  # fmt: skip


def _category_rows(counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    name = "name_fr" if translation.get_language() == "fr" else "name_en"
    names = dict(ExpressEntryCategory.objects.filter(slug__in=counts).values_list("slug", name))
    return [{"name": names.get(slug, slug), "slug": slug, **row}
            for slug, row in sorted(counts.items())]  # fmt: skip


def _lead_row(change: ImpactChange) -> dict[str, Any]:
    lead = change.assessment
    return {
        "url": reverse("admin:assessments_assessment_change", args=[lead.pk]),
        "name": lead.name or f"#{lead.pk}",
        "programs": [
            (slug, was or "-", now or "-") for slug, (was, now) in change.programs.items()
        ],
        "categories": [
            (slug, _qualifies(was), _qualifies(now))
            for slug, (was, now) in change.categories.items()
        ],
        "crs_before": change.crs_before,
        "crs_after": change.crs_after,
    }


def _qualifies(value: bool | None) -> str:
    return {True: str(_("qualifies")), False: str(_("does not qualify"))}.get(
        value, str(_("not settled"))
    )
