"""Erasure of an applicant's personal data, on request or when the retention period ends.

What is erased, and why the rest is kept:
- the contact (name, email, phone) and the consent IP, on the assessment and on every one of its
  history rows (simple-history keeps a copy of each version, so blanking the live row alone
  would leave the data in `HistoricalAssessment`);
- the profile's free text (job titles, field of study), which may name an employer or a school,
  and the exact date of birth, coarsened to the first day of its month (the age the scores used
  is kept in the result; an erased lead re-scored later may differ by a year of age at most);
- the text of consultants' notes (they talk about the person); the notes themselves stay, as
  "[erased]", so that the lead's activity timeline keeps its dates and authors;
- the bodies, subjects and applicant address of its emails; rows not yet sent are marked failed
  so that nothing is ever sent from an erased lead;
- the name copied into re-score runs' change lists, and saved wizard drafts under the same email.
Kept: scores, `crs_total`, `best_outcome`, eligible programs, the result's numbers, province,
language, dates and the lead status, so the consultancy's statistics stay true.

The record of an erasure is the `erased_at` field plus the history row that the final save
writes (`history_user` = who, `history_change_reason` = "erased: <reason>"), and a log line
with the assessment id and the user id only.
"""

from __future__ import annotations

import calendar
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import Assessment, LeadNote, OutboxMessage, RescoreRun, SiteSettings, WizardDraft

logger = logging.getLogger(__name__)

ERASED_TEXT = "[erased]"
DEFAULT_RETENTION_MONTHS = 24
PRIVACY_SALT = "assessments.privacy"
PRIVACY_LINK_LIFETIME = timedelta(days=90)


def privacy_token(assessment: Assessment) -> str:
    """The signed token of the applicant's "my data" page (emails link to it); it holds only the
    random public id, and expires after PRIVACY_LINK_LIFETIME."""
    return signing.dumps(str(assessment.public_id), salt=PRIVACY_SALT)


def assessment_from_privacy_token(token: str, *, max_age: timedelta | None = None) -> Assessment:
    """The assessment a privacy link names; raises signing.BadSignature (SignatureExpired too)
    for a tampered, malformed or expired link and Assessment.DoesNotExist when it is gone."""
    try:
        value = signing.loads(token, salt=PRIVACY_SALT, max_age=max_age or PRIVACY_LINK_LIFETIME)
        public_id = uuid.UUID(value)
    except (ValueError, TypeError, AttributeError) as error:
        raise signing.BadSignature(str(error)) from None
    return Assessment.objects.get(public_id=public_id)


def erase_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile without its identifying bits; what the scoring needs stays valid."""
    erased = dict(profile)
    birth = str(erased.get("date_of_birth") or "")
    if len(birth) == 10:
        erased["date_of_birth"] = birth[:8] + "01"
    education = dict(erased.get("education") or {})
    education.pop("field_of_study", None)
    erased["education"] = education
    erased["work_experience"] = [
        {key: value for key, value in job.items() if key != "title"}
        for job in erased.get("work_experience") or []
    ]
    if isinstance(erased.get("job_offer"), dict):
        erased["job_offer"] = {k: v for k, v in erased["job_offer"].items() if k != "title"}
    return erased


@transaction.atomic
def erase_personal_data(
    *, assessment_id: int, by: AbstractBaseUser | None, reason: str
) -> Assessment:
    """Erase one lead's personal data (see the module docstring for what goes and what stays).

    Atomic and idempotent: erasing an erased lead blanks again whatever came back (nothing,
    normally) and keeps the first `erased_at`.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    email = assessment.email
    assessment.name = ""
    assessment.email = ""
    assessment.phone = ""
    assessment.consent_ip = None
    # The key's fingerprint hashes the contact: released, so nothing answers for it any more.
    assessment.idempotency_key = None
    assessment.idempotency_fingerprint = ""
    assessment.profile = erase_profile(assessment.profile or {})
    assessment.erased_at = assessment.erased_at or timezone.now()
    # history_change_reason is a CharField(max_length=100).
    assessment._change_reason = f"erased: {reason}"[:100]
    assessment._history_user = by
    assessment.save()
    assessment.history.update(name="", email="", phone="", consent_ip=None)
    LeadNote.objects.filter(assessment=assessment).update(text=ERASED_TEXT)
    _erase_emails(assessment, email)
    _erase_rescore_names(assessment.pk)
    if email:
        WizardDraft.objects.filter(email__iexact=email).delete()
    logger.info(
        "personal data of assessment %s erased by user %s",
        assessment.pk,
        getattr(by, "pk", None) or "system",
    )
    return assessment


def _erase_emails(assessment: Assessment, email: str) -> None:
    messages = OutboxMessage.objects.filter(assessment=assessment)
    messages.exclude(status=OutboxMessage.Status.SENT).update(
        status=OutboxMessage.Status.FAILED, last_error="personal data erased"
    )
    messages.update(subject=ERASED_TEXT, body_text=ERASED_TEXT, body_html="")
    if email:
        # Blank recipients would collide on (assessment, kind, recipient): use the row's id.
        for message in messages.filter(recipient__iexact=email):
            message.recipient = f"erased-{message.pk}@invalid"
            message.save(update_fields=["recipient"])


def _erase_rescore_names(assessment_id: int) -> None:
    # Filtered in Python: JSON containment is not available on SQLite (the local default).
    runs = RescoreRun.objects.filter(assessment_ids__isnull=False).only("pk", "changed")
    for run in runs.iterator():
        if not any(entry.get("id") == assessment_id for entry in run.changed):
            continue
        run.changed = [
            {**entry, "name": ""} if entry.get("id") == assessment_id else entry
            for entry in run.changed
        ]
        run.save(update_fields=["changed"])


def retention_months() -> int:
    """The default site settings record's retention period (24 months without a record)."""
    record = SiteSettings.objects.filter(domain="").first()
    return record.retention_months if record else DEFAULT_RETENTION_MONTHS


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` earlier (the month's last day when that day is missing)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def expired_leads(*, now: datetime) -> Any:
    """Leads submitted before the retention cutoff, not retained, not erased yet."""
    cutoff = months_before(now, retention_months())
    return Assessment.objects.filter(submitted_at__lt=cutoff, erased_at__isnull=True).exclude(
        lead_status=Assessment.LeadStatus.RETAINED
    )


def erase_expired_leads(*, now: datetime) -> int:
    """Erase every expired lead (one transaction each, so one failure does not undo the rest);
    returns how many were erased. Safe to run twice: erased leads are no longer selected."""
    ids = list(expired_leads(now=now).values_list("pk", flat=True))
    for assessment_id in ids:
        erase_personal_data(assessment_id=assessment_id, by=None, reason="retention period")
    if ids:
        logger.info("retention: %s leads erased", len(ids))
    return len(ids)
