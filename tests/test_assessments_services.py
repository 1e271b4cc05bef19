"""Submitting and scoring an assessment through the services every entry point calls."""

from __future__ import annotations

import pytest

from assessments.errors import AssessmentError
from assessments.models import Assessment
from assessments.services import (
    Consent,
    Contact,
    assessment_score,
    assessment_submit,
)
from tests.profiles import clb, engineer_abroad

pytestmark = pytest.mark.django_db

PROFILE = engineer_abroad()
CONTACT = Contact(name="Ada Lovelace", email="ada@example.org", language="en")


def submit(**changes) -> Assessment:
    fields = {
        "profile": PROFILE,
        "contact": CONTACT,
        "consent": Consent("privacy-2026-01", "10.0.0.1"),
    }
    return assessment_submit(**(fields | changes))


def test_submit_stores_contact_consent_and_scores_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = submit()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SCORED
    assert assessment.consent_text_version == "privacy-2026-01"
    assert assessment.consent_ip == "10.0.0.1" and assessment.consent_given_at is not None
    assert assessment.intended_province == "ON"
    assert assessment.crs_total == assessment.result["crs"]["total"] == 469
    assert assessment.best_outcome == "eligible"
    # Scored with today's rules: Ontario's Human Capital Priorities stream closed on 2026-05-30.
    assert set(assessment.eligible_programs.values_list("slug", flat=True)) == {
        "express-entry-fsw",
    }


def test_submit_twice_with_the_same_key_creates_one_assessment():
    first = submit(idempotency_key="wizard-abc")
    second = submit(idempotency_key="wizard-abc")
    assert first.pk == second.pk
    assert Assessment.objects.count() == 1


def test_a_profile_that_breaks_the_contract_is_refused_and_nothing_is_stored():
    with pytest.raises(AssessmentError) as error:
        submit(profile=PROFILE | {"languages": {"first": clb(7.3, test="ielts_general")}})
    assert error.value.field == "languages.first.listening"
    assert Assessment.objects.count() == 0


def test_scoring_again_changes_nothing():
    assessment = submit()
    assessment_score(assessment_id=assessment.pk)
    first = Assessment.objects.get(pk=assessment.pk)
    assessment_score(assessment_id=assessment.pk)
    again = Assessment.objects.get(pk=assessment.pk)
    assert again.result == first.result
    assert again.crs_total == first.crs_total


def test_rules_missing_for_the_day_marks_the_assessment_failed_not_lost():
    old = PROFILE | {"as_of": "2001-01-01", "date_of_birth": "1970-01-01", "work_experience": []}
    assessment = submit()
    # Submitting such a day is refused now; a lead stored before that still scores without harm.
    Assessment.objects.filter(pk=assessment.pk).update(
        profile=old, status=Assessment.Status.RECEIVED
    )
    scored = assessment_score(assessment_id=assessment.pk)
    assert scored.status == Assessment.Status.FAILED
    assert "2001-01-01" in scored.scoring_error
    assert Assessment.objects.filter(pk=assessment.pk).exists()
