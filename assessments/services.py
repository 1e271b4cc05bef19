"""Writing assessments: submission and scoring. Views, tasks, the API and the admin call these."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from programs.engine import ProfileError, RuleError
from programs.engine.profile import check_profile, parse_profile
from programs.models import Program
from programs.scoring import RulesByDay, score_json, toronto_today

from .models import Assessment

OUTCOME_ORDER = ("eligible", "needs_review", "not_eligible", "closed")


class AssessmentError(Exception):
    """Bad input for an assessment, with the contract's field path."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"field": self.field, "message": self.message}}


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str = ""
    language: str = "en"
    newsletter_opt_in: bool = False


@dataclass(frozen=True)
class Consent:
    text_version: str
    ip: str | None = None


def validate_profile(profile: dict[str, Any], today: date | None = None) -> None:
    """Raise AssessmentError when the profile breaks the contract (the engine's own checks)."""
    try:
        parsed = parse_profile(json.dumps(profile))
        check_profile(parsed, parsed.as_of or today or toronto_today())
    except ProfileError as error:
        raise AssessmentError(error.field, error.message) from None


def assessment_submit(
    *,
    profile: dict[str, Any],
    contact: Contact,
    consent: Consent,
    source: str = Assessment.Source.WIZARD,
    idempotency_key: str | None = None,
    score_on_commit: bool = True,
) -> Assessment:
    """Store a submission (status received) and score it once the transaction commits.

    Idempotent per `idempotency_key`: a re-post returns the assessment created the first time.
    `score_on_commit=False` leaves scoring to the caller (bulk demo data scores in one go).
    """
    if idempotency_key:
        existing = Assessment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    validate_profile(profile)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                profile=profile,
                language=contact.language,
                name=contact.name,
                email=contact.email,
                phone=contact.phone,
                newsletter_opt_in=contact.newsletter_opt_in,
                intended_province=profile.get("intended_province") or "",
                consent_given_at=timezone.now(),
                consent_text_version=consent.text_version,
                consent_ip=consent.ip,
                source=source,
                idempotency_key=idempotency_key or None,
            )
    except IntegrityError:  # the same key posted twice at once: the other request won
        return Assessment.objects.get(idempotency_key=idempotency_key)
    if score_on_commit:
        transaction.on_commit(lambda: assessment_score(assessment_id=assessment.pk))
    return assessment


def best_outcome(result: dict[str, Any]) -> str:
    outcomes = {program["outcome"] for program in result["programs"]}
    return next((o for o in OUTCOME_ORDER if o in outcomes), "")


@transaction.atomic
def assessment_score(*, assessment_id: int, rules_by_day: RulesByDay | None = None) -> Assessment:
    """Score an assessment with the rules of its day and store the result; safe to run twice."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    as_of = toronto_today()
    try:
        result = score_json(
            json.dumps(assessment.profile),
            rules_by_day=rules_by_day or RulesByDay(),
            language=assessment.language,
            today=as_of,
        )
    except (ProfileError, RuleError) as error:
        assessment.status = Assessment.Status.FAILED
        assessment.scoring_error = str(error)
        assessment.save(update_fields=["status", "scoring_error", "updated_at"])
        return assessment
    eligible = [p["slug"] for p in result["programs"] if p["outcome"] == "eligible"]
    assessment.result = result
    assessment.scored_at = timezone.now()
    assessment.scored_as_of = date.fromisoformat(result["as_of"])
    assessment.crs_total = result["crs"]["total"]
    assessment.best_outcome = best_outcome(result)
    assessment.status = Assessment.Status.SCORED
    assessment.scoring_error = ""
    assessment.save()
    assessment.eligible_programs.set(Program.objects.filter(slug__in=eligible))
    return assessment
