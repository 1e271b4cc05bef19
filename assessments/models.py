"""Applicants' assessments (the leads) and the wizard's saved drafts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
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

    class Source(models.TextChoices):
        WIZARD = "wizard", _("Assessment form")
        API = "api", _("API")
        DEMO = "demo", _("Demo data")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
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

    history = HistoricalRecords(excluded_fields=["profile", "result"])

    class Meta:
        ordering = ["-submitted_at"]

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
