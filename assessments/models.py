"""Applicants' assessments (the leads), what consultants do with them, their emails, and the
settings of the consultancy that runs the site."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programs.models import Jurisdiction, Program


class Assessment(models.Model):
    """One submitted profile, its contact and consent, and its scored result."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        SCORING = "scoring", _("Scoring")
        SCORED = "scored", _("Scored")
        FAILED = "failed", _("Scoring failed")

    class LeadStatus(models.TextChoices):
        """The consultants' workflow; assessments.leads.lead_set_status enforces the transitions."""

        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        BOOKED = "booked", _("Consultation booked")
        RETAINED = "retained", _("Retained")
        NOT_A_FIT = "not_a_fit", _("Not a fit")
        UNRESPONSIVE = "unresponsive", _("Unresponsive")

    class Source(models.TextChoices):
        WIZARD = "wizard", _("Assessment form")
        API = "api", _("API")
        DEMO = "demo", _("Demo data")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # SHA-256 of the request first posted with the key (assessments.services.request_fingerprint).
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WIZARD)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What the applicant told us (the contract's profile) and who they are.
    profile = models.JSONField()
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")
    name = models.CharField(max_length=200)
    email = models.EmailField(db_index=True)
    phone = models.CharField(max_length=40, blank=True)
    intended_province = models.CharField(
        max_length=3, choices=Jurisdiction.choices, blank=True, db_index=True
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_text_version = models.CharField(max_length=40, blank=True)
    consent_ip = models.GenericIPAddressField(null=True, blank=True)
    newsletter_opt_in = models.BooleanField(default=False)

    # The result, and the figures the dashboard filters on.
    result = models.JSONField(null=True, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    scored_as_of = models.DateField(null=True, blank=True)
    crs_total = models.PositiveSmallIntegerField(_("CRS"), null=True, blank=True, db_index=True)
    best_outcome = models.CharField(max_length=20, blank=True, db_index=True)
    eligible_programs = models.ManyToManyField(Program, blank=True, related_name="eligible_leads")
    scoring_error = models.TextField(blank=True)

    # What the consultancy does with the lead.
    lead_status = models.CharField(
        _("lead status"),
        max_length=20,
        choices=LeadStatus.choices,
        default=LeadStatus.NEW,
        db_index=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_leads",
        verbose_name=_("assigned to"),
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Personal data erased; the scores are kept.")
    )

    history = HistoricalRecords(excluded_fields=["profile", "result", "idempotency_fingerprint"])

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["lead_status", "-submitted_at"]),
            models.Index(fields=["assigned_to", "-submitted_at"]),
            models.Index(fields=["language", "-submitted_at"], name="assessment_language_recent"),
        ]
        # Role permissions beyond add/change/delete/view (the Manager group has them).
        permissions = [
            ("view_all_leads", "Can see and assign every lead"),
            ("export_leads", "Can export leads as CSV"),
            ("erase_leads", "Can erase an applicant's personal data"),
            ("view_lead_overview", "Can see the leads overview"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class WizardDraft(models.Model):
    """A wizard's answers saved for later, restored by a signed link (see assessments.wizard)."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField()
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")
    step = models.CharField(max_length=40)
    data = models.JSONField(help_text=_("The wizard storage, as formtools keeps it."))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"draft {self.token} ({self.step})"


class LeadNote(models.Model):
    """A consultant's timestamped note on a lead."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"note on {self.assessment_id} by {self.author_id}"


class LeadStatusChange(models.Model):
    """One step of the workflow: who moved a lead from which status to which, and when."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Assessment.LeadStatus.choices)
    to_status = models.CharField(max_length=20, choices=Assessment.LeadStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class OutboxMessage(models.Model):
    """One email to send, rendered when queued; unique per (assessment, kind, recipient) so that
    nothing is sent twice whatever retries, sweeps and re-deliveries do. A save-for-later link
    belongs to its draft instead (there is no assessment yet), one per draft."""

    class Kind(models.TextChoices):
        APPLICANT_RESULT = "applicant_result", _("Result summary to the applicant")
        CONSULTANT_NEW_LEAD = "consultant_new_lead", _("New lead to a consultant")
        DRAFT_LINK = "draft_link", _("Save-for-later link to the applicant")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    draft = models.ForeignKey(
        WizardDraft, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    recipient = models.EmailField()
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    tries = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind", "recipient"], name="outbox_once_per_recipient"
            ),
            models.UniqueConstraint(fields=["draft"], name="outbox_once_per_draft"),
            models.CheckConstraint(
                condition=Q(assessment__isnull=False, draft__isnull=True)
                | Q(assessment__isnull=True, draft__isnull=False),
                name="outbox_for_an_assessment_or_a_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.status})"


def validate_email_list(value: str) -> None:
    for address in split_emails(value):
        validate_email(address)


def split_emails(value: str) -> list[str]:
    """Addresses separated by commas, semicolons, spaces or new lines."""
    return [part for part in re.split(r"[\s,;]+", value) if part]


class RoutingRule(models.Model):
    """Who gets the new-lead email: the first active rule that matches, by priority; blank
    conditions match anything. Without a match the site settings' leads address gets it."""

    name = models.CharField(max_length=100)
    priority = models.PositiveSmallIntegerField(
        default=100, help_text=_("Lower numbers are tried first.")
    )
    active = models.BooleanField(default=True)
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Matches when the applicant is eligible for this program."),
    )
    province = models.CharField(
        max_length=3, choices=Jurisdiction.choices, blank=True, help_text=_("Intended province.")
    )
    min_crs = models.PositiveSmallIntegerField(null=True, blank=True)
    max_crs = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, blank=True)
    recipients = models.TextField(
        validators=[validate_email_list], help_text=_("Email addresses, separated by commas.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.min_crs is not None and self.max_crs is not None and self.min_crs > self.max_crs:
            raise ValidationError({"max_crs": _("The maximum is below the minimum.")})


class RunStatus(models.TextChoices):
    """Where a background run (a re-score, an impact preview) has got to."""

    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RescoreRun(models.Model):
    """A background re-score of a set of assessments, with its progress and what changed."""

    Status = RunStatus

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    assessment_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.JSONField(
        default=list,
        help_text=_("Assessments whose outcome changed: id, name, before and after."),
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"rescore #{self.pk}: {self.done}/{self.total}"


class ImpactPreview(models.Model):
    """What some rule versions would change for the stored leads, as of a day: each lead scored
    with the rules as they are and without those versions (programs.impact). Writes nothing to
    the leads; staff apply a change by re-scoring (RescoreRun)."""

    Status = RunStatus

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField(_("as of"))
    crs_threshold = models.PositiveSmallIntegerField(
        _("CRS moved by more than"),
        default=10,
        help_text=_("A lead is listed when its CRS total moves by more than this many points."),
    )
    versions = models.JSONField(
        default=list, help_text=_("The rule versions previewed: model, id and a label.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    chunks = models.PositiveIntegerField(default=0)
    chunks_done = models.JSONField(
        default=list, help_text=_("First primary key of each chunk counted, so none counts twice.")
    )
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"impact preview #{self.pk} as of {self.as_of}"


class ImpactChange(models.Model):
    """One lead whose outcome a previewed change moves: the programs and categories whose
    outcome differs (before, after) and the CRS total with and without the change."""

    preview = models.ForeignKey(ImpactPreview, on_delete=models.CASCADE, related_name="changes")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    programs = models.JSONField(default=dict)
    categories = models.JSONField(default=dict)
    crs_before = models.PositiveSmallIntegerField()
    crs_after = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["preview", "assessment"]
        constraints = [
            models.UniqueConstraint(fields=["preview", "assessment"], name="one_change_per_lead")
        ]

    def __str__(self) -> str:
        return f"preview {self.preview_id}: lead {self.assessment_id}"


class SiteSettings(models.Model):
    """The consultancy's brand and contacts, one record per site (domain); the record with no
    domain is the default. Every public page and email reads it, so rebranding needs no deploy."""

    domain = models.CharField(
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Host name this record is for, e.g. assess.example.com; blank = default."),
    )
    firm_name = models.CharField(max_length=200, default="Maple Assess")
    logo_url = models.URLField(blank=True)
    primary_colour = models.CharField(
        max_length=7,
        default="#b3261e",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #b3261e."))],
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    booking_url = models.URLField(blank=True)
    privacy_contact = models.CharField(
        max_length=200, blank=True, help_text=_("Who answers privacy requests (email or name).")
    )
    licence_number = models.CharField(
        max_length=40, blank=True, help_text=_("CICC licence number of the RCIC (e.g. R123456).")
    )
    leads_email = models.TextField(
        blank=True,
        validators=[validate_email_list],
        help_text=_("Default recipients of new-lead emails when no routing rule matches."),
    )
    embed_origins = models.TextField(
        blank=True,
        help_text=_(
            "Origins allowed to show the form in an iframe, one a line "
            "(e.g. https://www.example.com)."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        default=24,
        help_text=_("Leads older than this, unless retained, have their personal data erased."),
    )
    show_running_estimate = models.BooleanField(
        default=True,
        help_text=_(
            "Show applicants a CRS estimate on the form's pages once age, education and "
            "languages are answered (the full report still needs their contact details)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return self.domain or "default"
