"""Leads in the admin: the list consultants triage, each lead's page, the workflow actions, the
CSV export and the managers' overview.

Thin: rules live in `assessments.leads` (workflow, assignment, notes, who sees what) and
`assessments.overview` (figures). Roles are enforced here, on the server: the queryset holds only
the leads the user may see (so every URL, action and export works on those alone), a lead outside
it is a 404 whatever the URL (change, delete, history), and the actions that need a role are
offered only to users with its permission (Django refuses an action not offered).
"""

from __future__ import annotations

import copy
import csv
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import islice
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from assessments.errors import AssessmentError
from assessments.leads import (
    EXPORT_BATCH,
    EXPORT_HEADER,
    allowed_transitions,
    assignable_users,
    csv_safe,
    lead_add_note,
    lead_assign,
    lead_export_rows,
    lead_is_visible,
    lead_set_status,
    leads_visible_to,
    sees_all_leads,
)
from assessments.models import Assessment, LeadNote, LeadStatusChange, OutboxMessage, RescoreRun
from assessments.outbox import outbox_resend_result
from assessments.overview import (
    CRS_BUCKET,
    Overview,
    funnel_label,
    lead_overview,
    overview_rows,
)
from assessments.privacy import erase_personal_data
from assessments.rescore import rescore_start
from programs.models import Program

from .lead_display import (
    answers_html,
    outcome_badge,
    outcome_badge_html,
    program_badge,
    result_html,
)

Status = Assessment.LeadStatus
CRS_RANGES = [(0, 349), (350, 449), (450, 499), (500, 599), (600, 1200)]
ACTION_TEMPLATE = "admin/assessments/assessment/action_form.html"
CONTACT_FIELDS = ["name", "email", "phone", "newsletter_opt_in"]


# --- filters ---


def announce_rescore(model_admin: admin.ModelAdmin, request: HttpRequest, run: RescoreRun) -> None:
    """Tell staff that a re-score run started, and which one (leads' action, impact preview)."""
    model_admin.message_user(
        request,
        ngettext(
            "Re-scoring %(count)s lead in the background (run #%(run)s).",
            "Re-scoring %(count)s leads in the background (run #%(run)s).",
            run.total,
        )
        % {"count": run.total, "run": run.pk},
        messages.SUCCESS,
    )


class CrsRangeFilter(admin.SimpleListFilter):
    title = gettext_lazy("CRS")
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


class AssignedFilter(admin.SimpleListFilter):
    """Assigned to me / unassigned / anyone (the default)."""

    title = gettext_lazy("assigned to")
    parameter_name = "assigned"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("me", _("Me")), ("nobody", _("Unassigned"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user.pk)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset

    def choices(self, changelist: Any) -> Iterator[dict[str, Any]]:
        for index, choice in enumerate(super().choices(changelist)):
            if index == 0:
                choice["display"] = _("Anyone")
            yield choice


class ProgramFilter(admin.SimpleListFilter):
    """Eligible programs, with the URLs, choices and counts of Django's filter for the relation,
    but filtered with a subquery: a lead stays one row whatever its programs, so the list needs
    no DISTINCT (Django's join made every count and page sort all the matching rows' columns)."""

    title = gettext_lazy("eligible programs")
    parameter_name = "eligible_programs__id__exact"
    none_parameter = "eligible_programs__isnull"

    def __init__(self, request: HttpRequest, params: dict, model: Any, model_admin: Any) -> None:
        none = params.pop(self.none_parameter, None)
        super().__init__(request, params, model, model_admin)
        self.none = bool(none) and none[-1].lower() not in ("", "false", "0")
        self.empty_value_display = model_admin.get_empty_value_display()

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(pk), name) for pk, name in Program.objects.values_list("pk", "name_en")]

    def expected_parameters(self) -> list[str]:
        return [self.parameter_name, self.none_parameter]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.none or self.value():
            return queryset.filter(self._condition(self.value()))
        return queryset

    def _condition(self, value: str | None) -> Q:
        """Leads eligible for the program `value`; for None, leads eligible for none."""
        links = Assessment.eligible_programs.through.objects.values("assessment_id")
        if value is None:
            return ~Q(pk__in=links)
        if not value.isdigit():
            return Q(pk__in=[])  # a hand-edited URL: show nothing rather than fail
        return Q(pk__in=links.filter(program_id=value))

    def value(self) -> str | None:
        return None if self.none else super().value()

    def get_facet_counts(self, pk_attname: str, filtered_qs: QuerySet) -> dict[str, Count]:
        values = [pk for pk, _name in self.lookup_choices] + [None]
        return {f"{value}__c": Count(pk_attname, filter=self._condition(value)) for value in values}

    def choices(self, changelist: Any) -> Iterator[dict[str, Any]]:
        counts = self.get_facet_queryset(changelist) if changelist.add_facets else {}

        def display(title: str, value: str | None) -> str:
            return f"{title} ({counts[f'{value}__c']})" if counts else title

        yield {
            "selected": self.value() is None and not self.none,
            "query_string": changelist.get_query_string(remove=self.expected_parameters()),
            "display": _("All"),
        }
        for value, title in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}, [self.none_parameter]
                ),
                "display": display(title, value),
            }
        yield {
            "selected": self.none,
            "query_string": changelist.get_query_string(
                {self.none_parameter: "True"}, [self.parameter_name]
            ),
            "display": display(self.empty_value_display, None),
        }


class OutcomeFilter(admin.SimpleListFilter):
    """Best outcome, from the fixed list (no query to list the values)."""

    title = gettext_lazy("best outcome")
    parameter_name = "outcome"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (key, outcome_badge(key)[0]) for key in ("eligible", "needs_review", "not_eligible")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(best_outcome=self.value()) if self.value() else queryset


# --- the lead's form and inlines ---


class LeadForm(forms.ModelForm):
    """The editable contact, plus the two things a consultant does from a lead's page."""

    move_to = forms.ChoiceField(label=gettext_lazy("Change the status to"), required=False)
    assign_to_me = forms.BooleanField(label=gettext_lazy("Assign this lead to me"), required=False)

    class Meta:
        model = Assessment
        fields = CONTACT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        self.fields["move_to"].choices = [("", _("(unchanged)"))] + [
            (value, labels[value]) for value in allowed_transitions(self.instance.lead_status)
        ]


class ReadOnlyInline(admin.TabularInline):
    """Rows shown inside a lead, visible to whoever may see the lead (not a global list)."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("assessments.view_assessment")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NoteInline(ReadOnlyInline):
    """Notes are added, never edited: the author is the user who saves (see save_formset)."""

    model = LeadNote
    fields = ["created_at", "author", "text"]
    readonly_fields = ["created_at", "author"]
    extra = 1
    verbose_name_plural = gettext_lazy("notes")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("author")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("assessments.add_leadnote") and not (obj and obj.erased_at)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["text"].widget.attrs.update(rows=2, cols=80)
        return formset


class OutboxInline(ReadOnlyInline):
    model = OutboxMessage
    fields = ["created_at", "kind", "recipient", "subject", "status", "tries", "sent_at"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("emails")


class StatusChangeInline(ReadOnlyInline):
    model = LeadStatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("status history")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("changed_by")


# --- action forms ---


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=gettext_lazy("New status"), choices=Status.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Assign to"),
        queryset=assignable_users(),
        required=False,
        empty_label=gettext_lazy("Nobody (unassign)"),
    )


class RescoreForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


class EraseForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason (kept in the history)"), max_length=80)
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that the personal data cannot be restored.")
    )


class LeadPaginator(Paginator):
    """Finds a page's leads by their keys first: the OFFSET walks an index that holds the list's
    order and filter columns (0007_list_index), and only the page's 50 rows are read, not the
    rows of every page before it (page 500 read 25,000 rows and their JSON)."""

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class LeadChangeList(ChangeList):
    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet:
        # The list never shows the profile or the result: do not load them (tens of kB a row).
        # The programs go to a plain list (to_attr): no related manager made for each row.
        programs = Program.objects.only("slug", "name_en", "name_fr")
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .defer("profile", "result")
            .prefetch_related(Prefetch("eligible_programs", programs, to_attr="programs_listed"))
        )

    def date_hierarchy_links(self) -> dict[str, Any]:
        """Django's date hierarchy (the `date_hierarchy` tag), but with the years listed from
        the first lead to the last: Django lists them with a SELECT DISTINCT that reads every
        lead, here they come from the first and last dates (two index probes), which is the
        same list unless a whole year went by without a lead.

        Kept for benchmarks/dashboard.py: that query took 30 ms for 26,000 leads (2026-12-05),
        about 115 ms at the benchmark's 100,000, which would take the slowest list filters past
        their 300 ms goal. The rest of the list is Django's own."""
        field = self.date_hierarchy
        if not any(key.startswith(f"{field}__") for key in self.params):
            span = self.queryset.aggregate(first=Min(field), last=Max(field))
            if span["first"] is None:
                return {"show": True, "back": None, "choices": []}
            first, last = (timezone.localtime(span[key]) for key in ("first", "last"))
            if first.year < last.year:
                return {
                    "show": True,
                    "back": None,
                    "choices": [
                        {
                            "link": self.get_query_string(
                                {f"{field}__year": str(year)}, [f"{field}__"]
                            ),
                            "title": str(year),
                        }
                        for year in range(first.year, last.year + 1)
                    ],
                }
            # One year (or month) of leads: Django opens it; ask it for that year (or month).
            opened = copy.copy(self)
            opened.params = {**self.params, f"{field}__year": first.year}
            if first.month == last.month:
                opened.params[f"{field}__month"] = first.month
            return date_hierarchy(opened)
        return date_hierarchy(self)


class Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    form = LeadForm
    list_display = [
        "applicant",
        "email",
        "submitted_at",
        "language",
        "crs_total",
        "outcome",
        "lead_status",
        "assigned_to",
        "last_activity_at",
    ]
    list_display_links = ["applicant"]
    list_filter = [
        "lead_status",
        AssignedFilter,
        ProgramFilter,
        OutcomeFilter,
        CrsRangeFilter,
        "intended_province",
        "language",
        "status",
    ]
    list_select_related = ["assigned_to"]
    search_fields = ["name", "email", "phone"]
    search_help_text = gettext_lazy("Name, email or phone")
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at"]
    list_per_page = 50
    paginator = LeadPaginator
    show_full_result_count = False
    inlines = [NoteInline, StatusChangeInline, OutboxInline]
    actions = [
        "assign_to_me",
        "assign_to",
        "change_status",
        "resend_result",
        "rescore",
        "export_csv",
        "erase",
    ]
    readonly_fields = [
        "public_id",
        "source",
        "status",
        "submitted_at",
        "language",
        "intended_province",
        "consent_given_at",
        "consent_text_version",
        "consent_ip",
        "erased_at",
        "result_summary",
        "answers",
        "profile",
        "result",
        "scored_at",
        "scored_as_of",
        "crs_total",
        "best_outcome",
        "eligible_programs",
        "scoring_error",
        "lead_status",
        "assigned_to",
        "last_activity_at",
        "first_contacted_at",
    ]
    change_list_template = "admin/assessments/assessment/change_list.html"
    change_form_template = "admin/assessments/assessment/change_form.html"

    class Media:
        css = {"all": ["admin-dashboard/leads.css"]}

    # --- who sees what ---

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request).select_related("assigned_to")
        return leads_visible_to(request.user, queryset)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return LeadChangeList

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        """A lead outside the user's queryset (or none at all) is a 404, whatever the view."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such lead."))
        return obj

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # leads come from applicants, never typed in by staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        visible = obj is None or lead_is_visible(user=request.user, assessment=obj)
        return visible and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        visible = obj is None or lead_is_visible(user=request.user, assessment=obj)
        return visible and super().has_change_permission(request, obj)

    def has_assign_others_permission(self, request: HttpRequest) -> bool:
        return sees_all_leads(request.user)

    def has_rescore_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("assessments.add_rescorerun")

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("assessments.export_leads")

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("assessments.erase_leads")

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        # simple-history falls back to the last historical copy of a lead it cannot find in the
        # queryset: check the live lead first, so another consultant's lead stays a 404.
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        if request.method != "GET":
            raise PermissionDenied  # no revert: a lead changes through the workflow only
        self.get_object(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    # --- the lead's page ---

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.erased_at:
            return [*self.readonly_fields, *CONTACT_FIELDS]
        return list(self.readonly_fields)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        lead = ["lead_status", "assigned_to", "last_activity_at", "first_contacted_at"]
        if obj is not None and self.has_change_permission(request, obj):
            lead.insert(1, "move_to")
            if obj.assigned_to_id != request.user.pk:
                lead.insert(3, "assign_to_me")
        return [  # the template shows the first two, then notes and history, then the rest
            (_("Lead"), {"fields": lead}),
            (_("Contact"), {"fields": [*CONTACT_FIELDS, "language", "intended_province"]}),
            (_("Result"), {"fields": ["result_summary", "scoring_error"]}),
            (_("Answers"), {"fields": ["answers"]}),
            (
                _("Consent"),
                {"fields": ["consent_given_at", "consent_text_version", "consent_ip", "erased_at"]},
            ),
            (
                _("Record"),
                {
                    "fields": ["public_id", "source", "status", "submitted_at", "scored_at"],
                    "classes": ["collapse"],
                },
            ),
            (
                _("Raw answers and result"),
                {"fields": ["profile", "result"], "classes": ["collapse"]},
            ),
        ]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Contact edits are saved as typed; status and assignment go through the services."""
        edited = [name for name in form.changed_data if name in CONTACT_FIELDS]
        if edited:
            obj.save(update_fields=[*edited, "updated_at"])
        try:
            if form.cleaned_data.get("assign_to_me"):
                lead_assign(assessment_id=obj.pk, assignee=request.user, user=request.user)
            if form.cleaned_data.get("move_to"):
                lead_set_status(
                    assessment_id=obj.pk, to_status=form.cleaned_data["move_to"], user=request.user
                )
        except AssessmentError as error:
            self.message_user(request, error.message, messages.ERROR)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not LeadNote:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):  # only new notes: existing ones are read-only
            lead_add_note(assessment_id=form.instance.pk, text=note.text, author=request.user)
        return None

    @admin.display(description=gettext_lazy("result"))
    def result_summary(self, assessment: Assessment) -> str:
        return result_html(assessment.result) or _("Not scored yet.")

    @admin.display(description=gettext_lazy("answers"))
    def answers(self, assessment: Assessment) -> str:
        return answers_html(assessment.profile)

    # --- the list ---

    @admin.display(description=gettext_lazy("applicant"), ordering="name")
    def applicant(self, assessment: Assessment) -> str:
        if assessment.erased_at:
            return _("(erased #%(id)s)") % {"id": assessment.pk}
        return assessment.name or "-"

    @admin.display(description=gettext_lazy("outcome, eligible for"))
    def outcome(self, assessment: Assessment) -> str:
        if not assessment.best_outcome:
            return "-"
        language = translation.get_language()
        name = "name_fr" if language == "fr" else "name_en"
        programs = " ".join(
            program_badge(getattr(p, name), p.slug) for p in assessment.programs_listed
        )
        return mark_safe(f"{outcome_badge_html(assessment.best_outcome, language)} {programs}")

    # --- actions ---

    def _intermediate(
        self, request: HttpRequest, queryset: QuerySet, form: forms.Form, **context: Any
    ) -> TemplateResponse:
        """The page an action asks its question on; it posts back to the same action."""
        leads = list(queryset.values_list("pk", "name"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "selected": [pk for pk, _name in leads],
            "names": [name or f"#{pk}" for pk, name in leads[:20]],
            "more": max(len(leads) - 20, 0),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": request.POST.get("action", ""),
            **context,
        }
        return TemplateResponse(request, ACTION_TEMPLATE, context)

    def _apply(self, request: HttpRequest, queryset: QuerySet, service: Any, done: str) -> None:
        """Run `service(assessment_id)` on each lead; one message for the successes, one per
        refusal (a refused lead does not stop the others)."""
        succeeded = 0
        for pk, name in queryset.values_list("pk", "name"):
            try:
                service(pk)
            except AssessmentError as error:
                self.message_user(request, f"{name or pk}: {error.message}", messages.WARNING)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, done % {"count": succeeded}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Assign to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(
            request,
            queryset,
            lambda pk: lead_assign(assessment_id=pk, assignee=request.user, user=request.user),
            _("%(count)s leads assigned to you."),
        )

    @admin.action(description=gettext_lazy("Assign to…"), permissions=["assign_others"])
    def assign_to(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._intermediate(request, queryset, form, title=_("Assign the leads"))
        assignee = form.cleaned_data["assignee"]
        self._apply(
            request,
            queryset,
            lambda pk: lead_assign(assessment_id=pk, assignee=assignee, user=request.user),
            _("%(count)s leads assigned."),
        )
        return None

    @admin.action(description=gettext_lazy("Change the status…"), permissions=["change"])
    def change_status(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        form = StatusForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._intermediate(request, queryset, form, title=_("Change the status"))
        to_status = form.cleaned_data["to_status"]
        self._apply(
            request,
            queryset,
            lambda pk: lead_set_status(assessment_id=pk, to_status=to_status, user=request.user),
            _("%(count)s leads moved."),
        )
        return None

    @admin.action(description=gettext_lazy("Send the result email again"), permissions=["change"])
    def resend_result(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(
            request,
            queryset,
            lambda pk: outbox_resend_result(assessment_id=pk),
            _("%(count)s result emails queued."),
        )

    @admin.action(description=gettext_lazy("Re-score…"), permissions=["rescore"])
    def rescore(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        form = RescoreForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._intermediate(request, queryset, form, title=_("Re-score the leads"))
        run = rescore_start(
            assessment_ids=list(queryset.values_list("pk", flat=True)),
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        announce_rescore(self, request, run)
        return None

    @admin.action(description=gettext_lazy("Export as CSV"), permissions=["export"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> StreamingHttpResponse:
        response = StreamingHttpResponse(
            _csv_chunks(lead_export_rows(queryset)), content_type="text/csv"
        )
        filename = f"leads-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @admin.action(description=gettext_lazy("Erase the personal data…"), permissions=["erase"])
    def erase(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        form = EraseForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._intermediate(
                request, queryset, form, title=_("Erase the personal data"), danger=True
            )
        reason = form.cleaned_data["reason"]
        self._apply(
            request,
            queryset,
            lambda pk: erase_personal_data(assessment_id=pk, by=request.user, reason=reason),
            _("Personal data of %(count)s leads erased; their scores are kept."),
        )
        return None

    # --- the overview ---

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.overview_view)
        return [
            path("overview/", view, name="assessments_assessment_overview"),
            *super().get_urls(),
        ]

    def overview_view(self, request: HttpRequest) -> HttpResponse:
        """Managers' figures for a period (default: the last 26 weeks); `?format=csv` for a file."""
        if not request.user.has_perm("assessments.view_lead_overview"):
            raise PermissionDenied
        form = PeriodForm(request.GET or None)
        start, end = form.period()
        overview = lead_overview(start=start, end=end)
        if request.GET.get("format") == "csv" and not form.errors:
            return _overview_csv(overview)
        charts = _chart_data(overview)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Leads overview"),
            "form": form,
            "overview": overview,
            "charts": charts,
            "funnel_rows": list(zip(*charts["funnel"], strict=True)),
            "median_hours": overview.median_hours,
            "csv_query": f"from={start.isoformat()}&to={end.isoformat()}&format=csv",
        }
        return TemplateResponse(request, "admin/assessments/assessment/overview.html", context)


def _csv_chunks(rows: Iterator[list[str]]) -> Iterator[str]:
    """The export as CSV text, EXPORT_BATCH lines a chunk: one write to the client a chunk, not
    one a line (100,000 of them), and memory still bounded by a chunk."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(EXPORT_HEADER)  # the BOM: spreadsheets read UTF-8 names
    while chunk := "".join(writer.writerow(row) for row in islice(rows, EXPORT_BATCH)):
        yield chunk


OVERVIEW_MAX_DAYS = 5 * 366  # five years, leap days included
OVERVIEW_DAYS = (date(2000, 1, 1), date(2099, 12, 31))


class PeriodForm(forms.Form):
    """The overview's period: at most OVERVIEW_MAX_DAYS long, within OVERVIEW_DAYS (a wider one
    was an 8.9 MB page, and year 1 or 9999 overflowed the date arithmetic: a 500)."""

    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def add_prefix(self, field_name: str) -> str:
        # The query string says ?from=...&to=... (shorter, and what the CSV link reuses).
        return {"start": "from", "end": "to"}.get(field_name, field_name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end = _period(cleaned.get("start"), cleaned.get("end"))
        first, last = OVERVIEW_DAYS
        if start < first or end > last:
            raise forms.ValidationError(
                _("Choose days from %(first)s to %(last)s.")
                % {"first": first.isoformat(), "last": last.isoformat()}
            )
        if (end - start).days >= OVERVIEW_MAX_DAYS:
            raise forms.ValidationError(
                _("Choose a period of at most %(years)s years.")
                % {"years": OVERVIEW_MAX_DAYS // 365}
            )
        return cleaned

    def period(self) -> tuple[date, date]:
        """The chosen days, or the last 26 weeks when none were chosen or they were refused (the
        form then shows why); a reversed range is put the right way."""
        values = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return _period(values.get("start"), values.get("end"))


def _period(start: date | None, end: date | None) -> tuple[date, date]:
    end = end or timezone.localdate()
    start = start or end - timedelta(weeks=26) + timedelta(days=1)
    return (start, end) if start <= end else (end, start)


def _outcome_label(key: str) -> str:
    return outcome_badge(key)[0] if key else _("Not scored")


def _status_label(value: str) -> str:
    return str(dict(Status.choices)[value])


BADGE_COLOURS = {
    "success": "#2e7d32",
    "warning": "#f9a825",
    "secondary": "#78909c",
    "dark": "#37474f",
}


def _series(pairs: Iterator[tuple[str, int]]) -> list[list[Any]]:
    """[labels, values], as the chart script takes them."""
    pairs = list(pairs)
    return [[label for label, _value in pairs], [value for _label, value in pairs]]


def _outcome_series(by_outcome: list[tuple[str, int]]) -> list[list[Any]]:
    """[labels, values, colours]: each outcome in the colour of its badge."""
    colours = [BADGE_COLOURS.get(outcome_badge(key)[1], "#b0bec5") for key, _n in by_outcome]
    return [*_series((_outcome_label(key), n) for key, n in by_outcome), colours]


def _chart_data(overview: Overview) -> dict[str, list[list[Any]]]:
    return {
        "weeks": _series((week.isoformat(), n) for week, n in overview.per_week),
        "outcomes": _outcome_series(overview.by_outcome),
        "programs": _series((name, n) for _slug, name, n in overview.by_program),
        "crs": _series((f"{low}-{low + CRS_BUCKET - 1}", n) for low, n in overview.crs_histogram),
        "funnel": _series((funnel_label(stage), n) for stage, n in overview.funnel),
        "statuses": _series((_status_label(value), n) for value, n in overview.by_status),
    }


def _overview_csv(overview: Overview) -> HttpResponse:
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="leads-overview-{overview.start}-{overview.end}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["section", "item", "value"])
    for row in overview_rows(overview, _outcome_label, _status_label):
        writer.writerow([csv_safe(cell) for cell in row])
    return response
