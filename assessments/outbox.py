"""The email outbox: one row per message, so that retries, sweeps and re-deliveries never send a
message twice. Rows are created in the transaction that scores the assessment and sent by the
`send_outbox_message` task once it commits."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .branding import site_settings
from .emails import RenderedEmail, applicant_email, consultant_email, consultant_recipients
from .models import Assessment, OutboxMessage
from .services import AssessmentError

logger = logging.getLogger(__name__)
Kind = OutboxMessage.Kind


class OutboxSendError(Exception):
    """Sending failed for now; the task retries with backoff while tries remain."""


def outbox_queue_assessment_emails(*, assessment: Assessment) -> list[OutboxMessage]:
    """Create the applicant's summary and the consultants' notices (once each) and send them
    once the surrounding transaction commits."""
    site = site_settings()
    wanted = [(Kind.APPLICANT_RESULT, assessment.email, applicant_email)] + [
        (Kind.CONSULTANT_NEW_LEAD, recipient, consultant_email)
        for recipient in consultant_recipients(assessment, site)
    ]
    existing = set(assessment.outbox_messages.values_list("kind", "recipient"))
    created = [
        _queue(assessment, kind, recipient, render(assessment, site))
        for kind, recipient, render in wanted
        if recipient and (kind, recipient) not in existing  # never sent twice
    ]
    for message in created:
        transaction.on_commit(lambda pk=message.pk: queue_sending(message_id=pk))
    return created


def _queue(
    assessment: Assessment, kind: str, recipient: str, email: RenderedEmail
) -> OutboxMessage:
    language = assessment.language if kind == Kind.APPLICANT_RESULT else settings.LANGUAGE_CODE
    return OutboxMessage.objects.create(
        assessment=assessment,
        kind=kind,
        recipient=recipient,
        language=language,
        subject=email.subject,
        body_text=email.text,
        body_html=email.html,
    )


def queue_sending(*, message_id: int, countdown: float = 0) -> bool:
    """Hand a row to the `send_outbox_message` task; False (logged) when the broker is down."""
    from .tasks import send_outbox_message

    try:
        send_outbox_message.apply_async((message_id,), countdown=countdown)
    except Exception:  # broker unreachable: the sweeper re-queues rows left in `queued`
        logger.warning("email %s not queued: broker unreachable", message_id)
        return False
    return True


def outbox_claim(*, message_id: int, now: datetime) -> OutboxMessage | None:
    """Take a queued row (or a `sending` row abandoned by a dead worker) for sending.

    The conditional UPDATE makes the claim atomic: two workers holding the same message id can't
    both send it. Returns None when the row is sent, failed, or being sent by a live worker.
    """
    stale = now - timedelta(minutes=settings.STUCK_AFTER_MINUTES)
    claimed = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.QUEUED)
        | Q(status=OutboxMessage.Status.SENDING, updated_at__lt=stale),
        pk=message_id,
    ).update(status=OutboxMessage.Status.SENDING, updated_at=now)
    return OutboxMessage.objects.get(pk=message_id) if claimed else None


def outbox_send(*, message_id: int) -> OutboxMessage | None:
    """Send one row over the configured backend and record the outcome.

    Raises OutboxSendError when the try failed and another is allowed (the caller retries
    with backoff); after `OUTBOX_MAX_TRIES` the row is marked failed for the admin's "retry".
    """
    message = outbox_claim(message_id=message_id, now=timezone.now())
    if message is None:
        return None
    message.tries += 1
    try:
        _deliver(message)
    except (smtplib.SMTPException, OSError) as error:
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        final = message.tries >= settings.OUTBOX_MAX_TRIES
        message.status = OutboxMessage.Status.FAILED if final else OutboxMessage.Status.QUEUED
        message.save(update_fields=["tries", "last_error", "status", "updated_at"])
        logger.warning(
            "email %s try %s failed: %s", message.pk, message.tries, type(error).__name__
        )
        if final:
            return message
        raise OutboxSendError(message.last_error) from error
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["tries", "last_error", "status", "sent_at", "updated_at"])
    return message


def retry_delay(tries: int) -> float:
    """Exponential backoff, bounded below the sweeper's threshold so a waiting row is not swept."""
    return min(
        settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(tries - 1, 0),
        settings.OUTBOX_RETRY_MAX_SECONDS,
    )


def _deliver(message: OutboxMessage) -> None:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "localhost"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.recipient],
        # A stable Message-ID lets the receiving side drop the rare duplicate: a worker that dies
        # after the SMTP server accepted the message but before the row was marked sent.
        headers={"Message-ID": f"<outbox-{message.pk}@{domain}>"},
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send()


def outbox_retry(*, message_id: int) -> bool:
    """The admin's "retry" on a failed row: queue it again with a fresh count of tries."""
    updated = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.FAILED
    ).update(status=OutboxMessage.Status.QUEUED, tries=0, updated_at=timezone.now())
    if updated:
        transaction.on_commit(lambda: queue_sending(message_id=message_id))
    return bool(updated)


@transaction.atomic
def outbox_resend_result(*, assessment_id: int) -> OutboxMessage:
    """Send the applicant's summary again (a consultant asked): re-rendered from the current
    result, the same row re-queued, so there is still one row per (assessment, kind, recipient)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    if assessment.erased_at or assessment.status != Assessment.Status.SCORED:
        raise AssessmentError("assessment", "Only a scored lead with its contact can be re-sent.")
    email = applicant_email(assessment)
    message, _created = OutboxMessage.objects.update_or_create(
        assessment=assessment,
        kind=Kind.APPLICANT_RESULT,
        recipient=assessment.email,
        defaults={
            "language": assessment.language,
            "subject": email.subject,
            "body_text": email.text,
            "body_html": email.html,
            "status": OutboxMessage.Status.QUEUED,
            "tries": 0,
            "last_error": "",
        },
    )
    transaction.on_commit(lambda: queue_sending(message_id=message.pk))
    return message
