"""Celery tasks: thin wrappers that load by id and call a service (STYLE.md). Every task is
idempotent, so acks_late re-delivery and the sweeper may run one twice without harm."""

from __future__ import annotations

import logging
import random
from collections import Counter
from datetime import timedelta

from celery import group, shared_task
from django.conf import settings
from django.utils import timezone

from programs.scoring import RulesByDay

from . import impact, outbox, privacy, rescore, services
from .models import Assessment, OutboxMessage
from .wizard import drafts

logger = logging.getLogger(__name__)
# Emails sent by one task when the sweeper re-queues them: one SMTP connection for a few, and
# few enough that a server timing out on each still ends within the task's time limit.
SWEEP_BATCH = 10
# What the sweeper re-queues is spread at random over this many seconds per task (a minute at
# most, the sweep's period): tasks that collided once (a locked SQLite database, a struggling
# SMTP server) start apart the next time instead of colliding again every sweep.
SWEEP_SPREAD_PER_TASK = 2.0
SWEEP_SPREAD_MAX = 60.0


@shared_task(acks_late=True, reject_on_worker_lost=True)
def score_assessment(assessment_id: int) -> str:
    """Score a received assessment and send its emails once that commits; nothing happens if it
    is scored already."""
    if not services.assessment_start_scoring(assessment_id=assessment_id):
        return "already scored"
    return services.assessment_score(assessment_id=assessment_id).status


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_outbox_messages(message_ids: list[int]) -> dict[str, int]:
    """Send outbox rows over one SMTP connection: a retry after backoff, a sweep's batch, the
    admin's "retry". Rows sent or being sent are skipped; those that fail again are queued again
    with a longer backoff, until they are marked failed."""
    return dict(Counter(m.status for m in outbox.outbox_claim_and_send(message_ids=message_ids)))


@shared_task(acks_late=True)
def requeue_stuck() -> dict[str, int]:
    """The sweeper (every minute, from the beat schedule in the database)."""
    return requeue_stuck_now(older_than=timedelta(minutes=settings.STUCK_AFTER_MINUTES))


def requeue_stuck_now(*, older_than: timedelta) -> dict[str, int]:
    """Re-queue assessments left in received/scoring and emails left in queued/sending.

    A broker outage at submit time or a killed worker leaves such rows; queueing them again is
    safe because scoring and sending are idempotent. An assessment's `updated_at` is touched so
    that it is queued once per period, not once per sweep while the broker is still down. An
    email's is not: the claim reads it to tell a send abandoned by a dead worker from a live one,
    so an email may be queued again each sweep until it is sent (the claim sends it once).
    The tasks are spread over a few seconds each (`spread`), so they do not all start at once.
    """
    now = timezone.now()
    cutoff = now - older_than
    stuck = Assessment.objects.filter(
        status__in=[Assessment.Status.RECEIVED, Assessment.Status.SCORING], updated_at__lt=cutoff
    )
    assessment_ids = list(stuck.values_list("pk", flat=True)[:1000])
    Assessment.objects.filter(pk__in=assessment_ids).update(updated_at=now)
    delays = spread(len(assessment_ids))
    queued = [
        pk
        for pk, countdown in zip(assessment_ids, delays, strict=True)
        if services.queue_scoring(assessment_id=pk, countdown=countdown)
    ]
    waiting = OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.SENDING],
        updated_at__lt=cutoff,
    )
    message_ids = list(waiting.values_list("pk", flat=True)[:1000])
    batches = [message_ids[i : i + SWEEP_BATCH] for i in range(0, len(message_ids), SWEEP_BATCH)]
    sent = [
        pk
        for batch, countdown in zip(batches, spread(len(batches)), strict=True)
        if outbox.queue_sending(message_ids=batch, countdown=countdown)
        for pk in batch
    ]
    if assessment_ids or message_ids:
        logger.info(
            "sweeper re-queued %s/%s assessments and %s/%s emails",
            len(queued),
            len(assessment_ids),
            len(sent),
            len(message_ids),
        )
    return {"assessments": len(queued), "emails": len(sent)}


def spread(count: int) -> list[float]:
    """Random countdowns (seconds) for `count` tasks re-queued at once."""
    window = min(SWEEP_SPREAD_MAX, SWEEP_SPREAD_PER_TASK * count)
    return [random.uniform(0, window) for _ in range(count)]


@shared_task(acks_late=True, reject_on_worker_lost=True)
def rescore_run(run_id: int) -> int:
    """Work through a rescore run chunk by chunk; progress is visible in the admin meanwhile."""
    rules_by_day = RulesByDay()
    chunks = 0
    try:
        while rescore.rescore_run_chunk(run_id=run_id, rules_by_day=rules_by_day):
            chunks += 1
    except Exception:
        rescore.rescore_mark_failed(run_id=run_id)
        raise  # stored with its traceback in the admin's task results
    return chunks


@shared_task(acks_late=True, reject_on_worker_lost=True)
def impact_preview_run(preview_id: int, chunk_size: int | None = None) -> int:
    """Split an impact preview's leads into primary-key ranges of `chunk_size` leads and send
    one task per range (a group: the workers take them in parallel). Returns the chunks."""
    try:
        ranges = impact.impact_preview_plan(preview_id=preview_id, chunk_size=chunk_size)
    except Exception as error:
        impact.impact_preview_mark_failed(preview_id=preview_id, error=str(error))
        raise
    if ranges:
        group(impact_preview_chunk.si(preview_id, low, high) for low, high in ranges).delay()
    return len(ranges)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def impact_preview_chunk(preview_id: int, low: int, high: int | None) -> int:
    """Score one range of leads with and without the previewed change; writes only to the
    preview. Idempotent: a range counted already is skipped."""
    try:
        return impact.impact_preview_chunk(preview_id=preview_id, low=low, high=high)
    except Exception as error:
        impact.impact_preview_mark_failed(preview_id=preview_id, error=str(error))
        raise


@shared_task
def erase_expired_leads() -> int:
    """Retention: erase the personal data of leads past the configured period."""
    return privacy.erase_expired_leads(now=timezone.now())


@shared_task
def purge_expired_drafts() -> int:
    """Delete saved wizard drafts whose 30-day link has expired."""
    return drafts.purge_expired_drafts(now=timezone.now())
