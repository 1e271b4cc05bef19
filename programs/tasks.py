"""Celery tasks of the rules: thin wrappers that call a service (STYLE.md)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from .draws_feed import import_draws_from_url


@shared_task(acks_late=True)
def import_draws() -> list[int]:
    """Daily (beat schedule in the database): add the new rounds of EE_ROUNDS_FEED_URL.

    Idempotent: a round already stored is left as it is. A feed that cannot be fetched or read
    fails the task (stored in the admin's task results); tomorrow's run tries again.
    """
    if not settings.EE_ROUNDS_FEED_URL:
        return []
    return import_draws_from_url(settings.EE_ROUNDS_FEED_URL).added
