"""Erasure of personal data: what goes (everywhere it was copied), what stays, and retention."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from assessments.models import (
    Assessment,
    LeadNote,
    OutboxMessage,
    RescoreRun,
    SiteSettings,
    WizardDraft,
)
from assessments.privacy import erase_expired_leads, erase_personal_data, months_before
from assessments.services import Consent, Contact, assessment_submit
from tests.profiles import clb, job, profile

pytestmark = pytest.mark.django_db

NAME = "Ada Lovelace"
EMAIL = "ada.lovelace@example.org"
PHONE = "+1 514 555 0199"
PROFILE = profile(
    education={"level": "masters", "has_eca": True, "field_of_study": "Maths at Oxford"},
    languages={"first": clb(9)},
    work_experience=[job("21231", 3, country="IN") | {"title": "Engineer at Babbage Ltd"}],
    settlement_funds_cad=30000,
    family_size=1,
    intended_province="ON",
)


def scored_lead(django_capture_on_commit_callbacks, **contact) -> Assessment:
    fields = {"name": NAME, "email": EMAIL, "phone": PHONE, "language": "en"} | contact
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_submit(
            profile=PROFILE,
            contact=Contact(**fields),
            consent=Consent("privacy-2026-01", "203.0.113.9"),
        )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SCORED
    return assessment


def test_erasure_blanks_contact_everywhere_and_keeps_the_scores(
    django_capture_on_commit_callbacks, caplog
):
    lead = scored_lead(django_capture_on_commit_callbacks)
    staff = get_user_model().objects.create_user("dpo", password="x" * 12)
    LeadNote.objects.create(assessment=lead, author=staff, text=f"Called {NAME} on {PHONE}")
    run = RescoreRun.objects.create(changed=[{"id": lead.pk, "name": NAME}, {"id": 0, "name": "B"}])
    WizardDraft.objects.create(
        email=EMAIL.upper(), step="about", data={}, expires_at=lead.submitted_at
    )
    other_draft = WizardDraft.objects.create(
        email="x@example.org", step="about", data={}, expires_at=lead.submitted_at
    )
    queued = OutboxMessage.objects.filter(assessment=lead).first()
    assert queued is not None and NAME in queued.body_text
    OutboxMessage.objects.filter(pk=queued.pk).update(status=OutboxMessage.Status.QUEUED)
    kept = {
        "crs": lead.crs_total,
        "best": lead.best_outcome,
        "result": lead.result,
        "programs": set(lead.eligible_programs.values_list("slug", flat=True)),
    }

    with caplog.at_level(logging.INFO, logger="assessments.privacy"):
        erased = erase_personal_data(assessment_id=lead.pk, by=staff, reason="applicant asked")

    lead.refresh_from_db()
    assert erased.pk == lead.pk and lead.erased_at is not None
    assert (lead.name, lead.email, lead.phone, lead.consent_ip) == ("", "", "", None)
    assert lead.profile["date_of_birth"].endswith("-01")
    assert "field_of_study" not in lead.profile["education"]
    assert all("title" not in row for row in lead.profile["work_experience"])
    assert lead.profile["work_experience"][0]["noc"] == "21231"
    assert kept == {
        "crs": lead.crs_total,
        "best": lead.best_outcome,
        "result": lead.result,
        "programs": set(lead.eligible_programs.values_list("slug", flat=True)),
    }
    assert lead.consent_text_version == "privacy-2026-01"
    # No version of the record anywhere in the history keeps the contact.
    versions = lead.history.all()
    assert versions.count() >= 2
    for version in versions:
        assert (version.name, version.email, version.phone, version.consent_ip) == (
            "",
            "",
            "",
            None,
        )
    latest = versions.first()
    assert latest.history_user == staff
    assert latest.history_change_reason == "erased: applicant asked"
    assert LeadNote.objects.get(assessment=lead).text == "[erased]"
    for message in OutboxMessage.objects.filter(assessment=lead):
        assert NAME not in message.body_text + message.body_html + message.subject
        assert message.recipient != EMAIL
    queued.refresh_from_db()
    assert queued.status == OutboxMessage.Status.FAILED
    run.refresh_from_db()
    assert run.changed == [{"id": lead.pk, "name": ""}, {"id": 0, "name": "B"}]
    assert list(WizardDraft.objects.values_list("pk", flat=True)) == [other_draft.pk]
    # The log says who, which and when (the record's time), and nothing personal.
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert f"assessment {lead.pk} erased by user {staff.pk}" in logged
    assert NAME not in logged and EMAIL not in logged and "applicant asked" not in logged


def test_erasing_twice_keeps_the_first_date(django_capture_on_commit_callbacks):
    lead = scored_lead(django_capture_on_commit_callbacks)
    first = erase_personal_data(assessment_id=lead.pk, by=None, reason="x").erased_at
    second = erase_personal_data(assessment_id=lead.pk, by=None, reason="y").erased_at
    assert first == second


def test_exactly_the_expired_leads_are_erased(django_capture_on_commit_callbacks):
    SiteSettings.objects.create(domain="", retention_months=12)
    SiteSettings.objects.create(domain="other.example", retention_months=1)
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    old = now - timedelta(days=400)

    def lead(email: str, submitted: datetime, **fields) -> int:
        pk = scored_lead(django_capture_on_commit_callbacks, email=email).pk
        Assessment.objects.filter(pk=pk).update(submitted_at=submitted, **fields)
        return pk

    expired = lead("a@example.org", old)
    expired_contacted = lead("b@example.org", old, lead_status="contacted")
    retained = lead("c@example.org", old, lead_status=Assessment.LeadStatus.RETAINED)
    recent = lead("d@example.org", now - timedelta(days=300))
    already = lead("e@example.org", old, erased_at=now - timedelta(days=1))

    assert erase_expired_leads(now=now) == 2

    erased = set(Assessment.objects.filter(email="").values_list("pk", flat=True))
    assert erased == {expired, expired_contacted}
    # The one marked erased before is not selected again (its row was faked with its email).
    assert Assessment.objects.get(pk=already).erased_at == now - timedelta(days=1)
    assert Assessment.objects.get(pk=retained).email == "c@example.org"
    assert Assessment.objects.get(pk=recent).email == "d@example.org"
    assert erase_expired_leads(now=now) == 0


def test_retention_defaults_to_24_months_without_settings(django_capture_on_commit_callbacks):
    now = datetime(2026, 11, 25, tzinfo=UTC)
    pk = scored_lead(django_capture_on_commit_callbacks).pk
    Assessment.objects.filter(pk=pk).update(submitted_at=datetime(2024, 11, 26, tzinfo=UTC))
    assert erase_expired_leads(now=now) == 0
    Assessment.objects.filter(pk=pk).update(submitted_at=datetime(2024, 11, 24, tzinfo=UTC))
    assert erase_expired_leads(now=now) == 1


def test_months_before_clamps_to_the_months_last_day():
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 11, 25, tzinfo=UTC), 24) == datetime(
        2024, 11, 25, tzinfo=UTC
    )
