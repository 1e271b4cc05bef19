"""Emails (outbox), routing rules and rescore runs in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import OutboxMessage, RescoreRun, RoutingRule
from assessments.outbox import outbox_retry
from assessments.rescore import rescore_all_start


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "status", "tries", "sent_at", "lead"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient", "subject"]
    list_select_related = ["assessment"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [
        "assessment",
        "kind",
        "recipient",
        "language",
        "subject",
        "status",
        "tries",
        "last_error",
        "created_at",
        "updated_at",
        "sent_at",
        "body_text",
    ]
    exclude = ["body_html"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """A save-for-later link's body is the link itself, which opens someone's unsent
        answers: staff see that it was sent, not the link."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.kind == OutboxMessage.Kind.DRAFT_LINK:
            fields.remove("body_text")
        return fields

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        hidden = obj is not None and obj.kind == OutboxMessage.Kind.DRAFT_LINK
        return [*super().get_exclude(request, obj), *(["body_text"] if hidden else [])]

    @admin.display(description=_("lead"))
    def lead(self, message: OutboxMessage) -> str:
        if message.assessment_id is None:  # a save-for-later link: no lead yet
            return "-"
        url = reverse("admin:assessments_assessment_change", args=[message.assessment_id])
        return format_html('<a href="{}">{}</a>', url, message.assessment_id)

    @admin.action(description=_("Retry the selected failed emails"), permissions=["view"])
    def retry(self, request: HttpRequest, queryset: QuerySet) -> None:
        retried = sum(outbox_retry(message_id=pk) for pk in queryset.values_list("pk", flat=True))
        skipped = queryset.count() - retried
        self.message_user(
            request,
            ngettext("%d email queued again.", "%d emails queued again.", retried) % retried,
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request, _("Only failed emails can be retried; the others were left alone.")
            )


@admin.register(RoutingRule)
class RoutingRuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "priority", "active", "program", "province", "crs_range", "language"]
    list_editable = ["priority", "active"]
    list_filter = ["active", "program", "province", "language"]
    search_fields = ["name", "recipients"]
    list_select_related = ["program"]

    @admin.display(description=_("CRS"))
    def crs_range(self, rule: RoutingRule) -> str:
        if rule.min_crs is None and rule.max_crs is None:
            return "-"
        return f"{rule.min_crs if rule.min_crs is not None else 0}-{rule.max_crs or ''}"


@admin.register(RescoreRun)
class RescoreRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "created_by", "reason", "status", "progress", "changes"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    readonly_fields = [
        "created_by",
        "created_at",
        "finished_at",
        "reason",
        "status",
        "progress",
        "changed_leads",
    ]
    exclude = ["assessment_ids", "total", "done", "changed"]
    change_list_template = "admin/assessments/rescorerun/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.rescore_all_view)
        return [
            path("rescore-all/", view, name="assessments_rescorerun_rescore_all"),
            *super().get_urls(),
        ]

    def rescore_all_view(self, request: HttpRequest) -> HttpResponse:
        """After a rule change: re-score every scored lead in the background (asks first)."""
        if not request.user.has_perm("assessments.add_rescorerun"):
            raise PermissionDenied
        if request.method == "POST":
            reason = request.POST.get("reason", "").strip() or str(_("Rules changed"))
            run = rescore_all_start(user=request.user, reason=reason)
            self.message_user(request, _("Re-scoring started in the background."))
            return redirect("admin:assessments_rescorerun_change", run.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Re-score all leads with the rules in force"),
        }
        return TemplateResponse(request, "admin/assessments/rescorerun/rescore_all.html", context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # runs are started by the rescore actions

    def has_change_permission(self, request: HttpRequest, obj: RescoreRun | None = None) -> bool:
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        run = self.get_object(request, object_id) if object_id else None
        if run is not None and run.status in (RescoreRun.Status.PENDING, RescoreRun.Status.RUNNING):
            response["Refresh"] = "3"  # the progress moves while the worker runs
        return response

    @admin.display(description=_("progress"))
    def progress(self, run: RescoreRun) -> str:
        percent = 100 * run.done // run.total if run.total else 100
        return format_html(
            '<progress value="{}" max="{}">{}%</progress> {} / {}',
            run.done,
            run.total or 1,
            percent,
            run.done,
            run.total,
        )

    @admin.display(description=_("outcome changed"))
    def changes(self, run: RescoreRun) -> int:
        return len(run.changed)

    @admin.display(description=_("leads whose outcome changed"))
    def changed_leads(self, run: RescoreRun) -> str:
        if not run.changed:
            return "-"
        rows = (
            (
                reverse("admin:assessments_assessment_change", args=[change["id"]]),
                change["name"],
                change["before"]["best_outcome"] or "-",
                change["after"]["best_outcome"] or "-",
                ", ".join(change["before"]["eligible"]) or "-",
                ", ".join(change["after"]["eligible"]) or "-",
            )
            for change in run.changed
        )
        items = format_html_join(
            "", '<li><a href="{}">{}</a>: {} &rarr; {} ({} &rarr; {})</li>', rows
        )
        return format_html("<ul>{}</ul>", items)
