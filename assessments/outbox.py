"""The email outbox: one row per message, so that retries, sweeps and re-deliveries never send a
message twice. Rows are created in the transaction that scores the assessment and, once it
commits, sent by the same worker over one SMTP connection; what fails is retried by the
`send_outbox_messages` task, with backoff."""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .branding import site_settings
from .emails import (
    RenderedEmail,
    applicant_email,
    consultant_email,
    consultant_recipients,
    draft_link_email,
)
from .errors import AssessmentError
from .jobs import SEND_OUTBOX_MESSAGES, start
from .models import Assessment, OutboxMessage, WizardDraft

logger = logging.getLogger(__name__)
Kind = OutboxMessage.Kind


# Errors that are the server's answer to one message (451 to DATA, a refused recipient): the
# conversation can go on with the next message. Any other error breaks the connection.
MESSAGE_ERRORS = (smtplib.SMTPDataError, smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def outbox_queue_assessment_emails(
    *, assessment: Assessment, eligible: set[int], send_here: bool = True
) -> list[OutboxMessage]:
    """Create the applicant's summary and the consultants' notices (once each, in one INSERT)
    and send them together once the surrounding transaction commits. `eligible`: the ids of the
    programs the lead is eligible for (routing rules match on them).

    With `send_here` (a worker) the rows are created claimed (`sending`) by this process and sent
    by it: no other worker takes them, and if this one dies before it sends them the sweeper
    does, as for any abandoned claim. Without (a web request) they are created `queued` and
    handed to one `send_outbox_messages` task; if the broker is down, the sweeper sends them.
    """
    site = site_settings()
    wanted = [(Kind.APPLICANT_RESULT, assessment.email, applicant_email)] + [
        (Kind.CONSULTANT_NEW_LEAD, recipient, consultant_email)
        for recipient in consultant_recipients(assessment, site, eligible=eligible)
    ]
    existing = set(assessment.outbox_messages.values_list("kind", "recipient"))
    status = OutboxMessage.Status.SENDING if send_here else OutboxMessage.Status.QUEUED
    created = OutboxMessage.objects.bulk_create(
        _row(assessment, kind, recipient, render(assessment, site), status)
        for kind, recipient, render in wanted
        if recipient and (kind, recipient) not in existing  # never sent twice
    )
    if created and send_here:
        transaction.on_commit(lambda: outbox_send(messages=created))
    elif created:
        ids = [message.pk for message in created]
        transaction.on_commit(lambda: queue_sending(message_ids=ids))
    return created


def outbox_queue_draft_link(*, draft: WizardDraft, token: str, days: int) -> OutboxMessage:
    """Put the link back to a saved draft in the outbox; a worker sends it once the surrounding
    transaction commits (and retries it with backoff, as any email), so an SMTP server that is
    down never fails the save. One row per draft."""
    email = draft_link_email(draft, token=token, days=days)
    message = OutboxMessage.objects.create(
        draft=draft,
        kind=Kind.DRAFT_LINK,
        recipient=draft.email,
        language=draft.language,
        subject=email.subject,
        body_text=email.text,
        body_html=email.html,
        status=OutboxMessage.Status.QUEUED,
    )
    transaction.on_commit(lambda: queue_sending(message_ids=[message.pk]))
    return message


def _row(
    assessment: Assessment, kind: str, recipient: str, email: RenderedEmail, status: str
) -> OutboxMessage:
    language = assessment.language if kind == Kind.APPLICANT_RESULT else settings.LANGUAGE_CODE
    return OutboxMessage(
        assessment=assessment,
        kind=kind,
        recipient=recipient,
        language=language,
        subject=email.subject,
        body_text=email.text,
        body_html=email.html,
        status=status,
    )


def queue_sending(*, message_ids: Sequence[int], countdown: float = 0) -> bool:
    """Hand rows to one `send_outbox_messages` task; False (logged) when the broker is down."""
    try:
        start(SEND_OUTBOX_MESSAGES, list(message_ids), countdown=countdown)
    except Exception:  # broker unreachable: the sweeper re-queues rows left in `queued`
        logger.warning("emails %s not queued: broker unreachable", list(message_ids))
        return False
    return True


def outbox_claim(*, message_ids: Sequence[int], now: datetime) -> list[OutboxMessage]:
    """Take the queued rows (and `sending` rows abandoned by a dead worker) for sending.

    One conditional UPDATE per row makes each claim atomic: two workers holding the same message
    id can't both send it. Rows sent, failed, or being sent by a live worker are left out.
    """
    stale = now - timedelta(minutes=settings.STUCK_AFTER_MINUTES)
    claimable = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.QUEUED)
        | Q(status=OutboxMessage.Status.SENDING, updated_at__lt=stale)
    )
    claimed = [
        pk
        for pk in message_ids
        if claimable.filter(pk=pk).update(status=OutboxMessage.Status.SENDING, updated_at=now)
    ]
    return list(OutboxMessage.objects.filter(pk__in=claimed).order_by("pk")) if claimed else []


def outbox_claim_and_send(*, message_ids: Sequence[int]) -> list[OutboxMessage]:
    """Send the rows that can be claimed (`send_outbox_messages`: retries, sweeps, the admin's
    retry); returns them with their new status."""
    return outbox_send(messages=outbox_claim(message_ids=message_ids, now=timezone.now()))


def outbox_send(*, messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Send rows this process has claimed over one SMTP connection and record each outcome.

    A message the server refuses (451 ...) does not stop the others. A failed message goes back
    to `queued` and is queued again after the exponential backoff of its tries, or is marked
    `failed` for the admin's "retry" after `OUTBOX_MAX_TRIES`.
    """
    if not messages:
        return messages
    errors = _deliver(messages)
    now = timezone.now()
    for message in messages:
        message.tries += 1
        if message.pk in errors:
            _record_failure(message, errors[message.pk])
        else:
            message.status, message.sent_at, message.last_error = OutboxMessage.Status.SENT, now, ""
    sent = [message.pk for message in messages if message.pk not in errors]
    OutboxMessage.objects.filter(pk__in=sent).update(
        status=OutboxMessage.Status.SENT,
        tries=F("tries") + 1,
        sent_at=now,
        last_error="",
        updated_at=now,
    )
    again = [m for m in messages if m.status == OutboxMessage.Status.QUEUED]
    if again:
        delay = retry_delay(max(m.tries for m in again))
        queue_sending(message_ids=[m.pk for m in again], countdown=delay)
    return messages


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    final = message.tries >= settings.OUTBOX_MAX_TRIES
    message.status = OutboxMessage.Status.FAILED if final else OutboxMessage.Status.QUEUED
    message.save(update_fields=["tries", "last_error", "status", "updated_at"])
    logger.warning("email %s try %s failed: %s", message.pk, message.tries, type(error).__name__)


def retry_delay(tries: int) -> float:
    """Exponential backoff, bounded below the sweeper's threshold so a waiting row is not swept."""
    return min(
        settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(tries - 1, 0),
        settings.OUTBOX_RETRY_MAX_SECONDS,
    )


def _deliver(messages: list[OutboxMessage]) -> dict[int, Exception]:
    """Send over one connection; the errors by message id. After an error that breaks the
    connection (refused, timed out, disconnected), the messages left get the same error:
    the server is not reachable now, and waiting for it once per message could outlast the
    task's time limit."""
    errors: dict[int, Exception] = {}
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        for index, message in enumerate(messages):
            try:
                connection.open()  # once: later calls find the connection open
                connection.send_messages([_email(message)])
            except MESSAGE_ERRORS as error:
                errors[message.pk] = error
            except (smtplib.SMTPException, OSError) as error:
                errors.update(dict.fromkeys((m.pk for m in messages[index:]), error))
                break
    finally:
        # The outcomes are known: a QUIT that fails changes none of them.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return errors


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "localhost"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.recipient],
        # A stable Message-ID lets the receiving side drop the rare duplicate: a worker that dies
        # after the SMTP server accepted the message but before the row was marked sent.
        headers={"Message-ID": f"<outbox-{message.pk}@{domain}>"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def outbox_retry(*, message_id: int) -> bool:
    """The admin's "retry" on a failed row: queue it again with a fresh count of tries."""
    updated = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.FAILED
    ).update(status=OutboxMessage.Status.QUEUED, tries=0, updated_at=timezone.now())
    if updated:
        transaction.on_commit(lambda: queue_sending(message_ids=[message_id]))
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
    transaction.on_commit(lambda: queue_sending(message_ids=[message.pk]))
    return message
