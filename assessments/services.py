"""Writing assessments: submission and scoring. Views, tasks, the API and the admin call these."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from programs.engine import ProfileError, RuleError
from programs.engine.profile import check_profile, parse_profile
from programs.models import Program
from programs.scoring import (
    RulesByDay,
    UncoveredDay,
    check_as_of,
    rules_on,
    score_best_language_order,
    toronto_today,
)

from .errors import AssessmentError
from .jobs import SCORE_ASSESSMENT, start
from .models import Assessment
from .outbox import outbox_queue_assessment_emails

OUTCOME_ORDER = ("eligible", "needs_review", "not_eligible", "closed")
# What scoring writes (with `updated_at`, which auto_now sets).
SCORED_FIELDS = [
    "result",
    "scored_at",
    "scored_as_of",
    "crs_total",
    "best_outcome",
    "status",
    "scoring_error",
    "updated_at",
]
# An Idempotency-Key replays its first answer for this long; then it may be used again.
IDEMPOTENCY_KEY_LIFETIME = timedelta(hours=24)
logger = logging.getLogger(__name__)


class IdempotencyKeyReused(AssessmentError):
    """The key was used for another request within its lifetime (HTTP 422, as payment APIs)."""

    http_status = 422

    def __init__(self) -> None:
        hours = int(IDEMPOTENCY_KEY_LIFETIME.total_seconds() // 3600)
        super().__init__(
            "Idempotency-Key",
            f"This Idempotency-Key was used for a different request in the last {hours} hours. "
            "Use a new key for each new submission.",
        )


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
    """Raise AssessmentError when the profile breaks the contract (the engine's own checks),
    or asks for an `as_of` too far ahead or that no rules cover."""
    today = today or toronto_today()
    try:
        parsed = parse_profile(json.dumps(profile))
        if parsed.as_of is not None:
            check_as_of(parsed.as_of, today)
        check_profile(parsed, parsed.as_of or today)
    except ProfileError as error:
        raise AssessmentError(error.field, error.message) from None
    if parsed.as_of is None:
        return
    try:
        rules_on(parsed.as_of, RulesByDay(), today=today)
    except UncoveredDay as error:
        raise AssessmentError("as_of", str(error)) from None
    except RuleError:  # today's rules are broken: stored all the same, scoring says why
        logger.exception("rules unavailable while checking a submission's as_of")


def assessment_submit(
    *,
    profile: dict[str, Any],
    contact: Contact,
    consent: Consent,
    source: str = Assessment.Source.WIZARD,
    idempotency_key: str | None = None,
    score_on_commit: bool = True,
) -> Assessment:
    """Store a submission and score it in the same transaction, so its result can be shown at
    once; the emails go to the outbox and a worker sends them once the transaction commits.

    If scoring in the request fails for an unexpected reason, its savepoint is rolled back and
    the row is stored `received`, with the Celery task `score_assessment` queued once the
    transaction commits. Idempotent per `idempotency_key`, as payment APIs are: the key is bound
    to a fingerprint of the request (profile, contact, consent wording, source), so a re-post of
    the same request within IDEMPOTENCY_KEY_LIFETIME returns the assessment created the first
    time, and the same key with anything else raises IdempotencyKeyReused (never someone else's
    assessment). An expired key is released and starts afresh. The stored row is the guarantee:
    if the broker is down the sweeper (`requeue_stuck`) queues what is left.
    `score_on_commit=False` leaves scoring to the caller (demo data scores in one go).
    """
    fingerprint = request_fingerprint(profile, contact, consent, source) if idempotency_key else ""
    if idempotency_key:
        existing = _earlier_submission(idempotency_key, fingerprint, timezone.now())
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
                idempotency_fingerprint=fingerprint,
                last_activity_at=timezone.now(),
            )
            scored = score_on_commit and _score_in_request(assessment_id=assessment.pk)
    except IntegrityError:  # the same key posted twice at once: the other request won
        existing = _earlier_submission(idempotency_key or "", fingerprint, timezone.now())
        if existing is None:
            raise
        return existing
    if scored:
        assessment.refresh_from_db()
    elif score_on_commit:
        transaction.on_commit(lambda: queue_scoring(assessment_id=assessment.pk))
    return assessment


def request_fingerprint(
    profile: dict[str, Any], contact: Contact, consent: Consent, source: str
) -> str:
    """SHA-256 of what a submission asks for, keys sorted (the consent's IP is left out: a retry
    may come from another address). There are no API keys; a caller's key would join it."""
    request = {
        "profile": profile,
        "contact": asdict(contact),
        "consent": consent.text_version,
        "source": source,
    }
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _earlier_submission(key: str, fingerprint: str, now: datetime) -> Assessment | None:
    """The assessment first submitted with `key` if it is live and was the same request; None
    for a new key, or an expired one (released here); IdempotencyKeyReused otherwise."""
    existing = Assessment.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.submitted_at <= now - IDEMPOTENCY_KEY_LIFETIME:
        Assessment.objects.filter(pk=existing.pk).update(idempotency_key=None)
        return None
    if not constant_time_compare(existing.idempotency_fingerprint, fingerprint):
        raise IdempotencyKeyReused
    return existing


def _score_in_request(*, assessment_id: int) -> bool:
    """Score a submission inside its own transaction (a savepoint), with its emails queued for a
    worker; False, with the savepoint rolled back, when anything goes wrong (logged)."""
    try:
        assessment_score(assessment_id=assessment_id, send_here=False)
    except Exception:  # the worker scores it instead: nothing is lost, the answer comes later
        logger.exception("assessment %s not scored in the request; queued", assessment_id)
        return False
    return True


def queue_scoring(*, assessment_id: int, countdown: float = 0) -> bool:
    """Send `score_assessment` to the broker (to start in `countdown` seconds); False (logged)
    when the broker cannot be reached."""
    try:
        start(SCORE_ASSESSMENT, assessment_id, countdown=countdown)
    except Exception:  # any broker failure: the row is stored and the sweeper will retry
        logger.warning("scoring of assessment %s not queued: broker unreachable", assessment_id)
        return False
    return True


def best_outcome(result: dict[str, Any]) -> str:
    outcomes = {program["outcome"] for program in result["programs"]}
    return next((o for o in OUTCOME_ORDER if o in outcomes), "")


def assessment_start_scoring(*, assessment_id: int) -> bool:
    """Mark a received assessment as being scored (committed at once, so that a worker killed
    mid-way leaves a visible `scoring` row for the sweeper). False when it is already scored."""
    updated = Assessment.objects.filter(
        pk=assessment_id, status__in=[Assessment.Status.RECEIVED, Assessment.Status.SCORING]
    ).update(status=Assessment.Status.SCORING, updated_at=timezone.now())
    return bool(updated)


@transaction.atomic
def assessment_score(
    *,
    assessment_id: int,
    rules_by_day: RulesByDay | None = None,
    force: bool = False,
    notify: bool = True,
    send_here: bool = True,
) -> Assessment:
    """Score an assessment with the rules of today and store the result.

    Idempotent: an assessment already scored is left alone unless `force` (rescoring). With
    `notify`, the applicant's summary and the consultants' notice are put in the outbox in the
    same transaction as the result. With `send_here` (the worker's `score_assessment`) this
    process sends them once it commits; without (scoring in the web request) a worker's
    `send_outbox_messages` does. Failures are retried by that task.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    if assessment.status == Assessment.Status.SCORED and not force:
        return assessment
    as_of = toronto_today()
    try:
        result = score_best_language_order(
            assessment.profile,
            rules_by_day=rules_by_day or RulesByDay(),
            language=assessment.language,
            today=as_of,
        )
    except (ProfileError, RuleError) as error:
        assessment.status = Assessment.Status.FAILED
        assessment.scoring_error = str(error)
        assessment.save(update_fields=["status", "scoring_error", "updated_at"])
        return assessment
    slugs = [p["slug"] for p in result["programs"] if p["outcome"] == "eligible"]
    assessment.result = result
    assessment.scored_at = timezone.now()
    assessment.scored_as_of = date.fromisoformat(result["as_of"])
    assessment.crs_total = result["crs"]["total"]
    assessment.best_outcome = best_outcome(result)
    assessment.status = Assessment.Status.SCORED
    assessment.scoring_error = ""
    assessment.save(update_fields=SCORED_FIELDS)  # the profile, unchanged, is not sent back
    eligible = set(Program.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    assessment.eligible_programs.set(eligible)
    if notify and not assessment.erased_at:
        outbox_queue_assessment_emails(
            assessment=assessment, eligible=eligible, send_here=send_here
        )
    return assessment
