"""Celery tasks of the rules: thin wrappers that call a service (STYLE.md)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from . import cases
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


@shared_task(acks_late=True)
def run_rule_cases(content_type_id: int | None = None, object_id: int | None = None) -> int:
    """After a rule is saved in the admin: run every rule case, record the failing ones next to
    the rule (if it still exists). Idempotent. Returns how many cases fail."""
    changed = None
    if content_type_id is not None:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        changed = model._default_manager.filter(pk=object_id).first() if model else None
    return len(cases.run_rule_cases(changed=changed))
