"""Save-and-continue drafts: expired ones are purged, valid ones kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import WizardDraft
from assessments.wizard.drafts import draft_from_token, draft_token, purge_expired_drafts

pytestmark = pytest.mark.django_db


def make_draft(expires_in: timedelta) -> WizardDraft:
    return WizardDraft.objects.create(
        email="later@example.com",
        step="about",
        data={},
        expires_at=timezone.now() + expires_in,
    )


def test_purge_deletes_only_the_drafts_past_their_expiry():
    now = timezone.now()
    expired = [make_draft(timedelta(days=-1)), make_draft(timedelta(days=-40))]
    valid = make_draft(timedelta(days=29))
    assert purge_expired_drafts(now=now) == 2
    assert list(WizardDraft.objects.values_list("pk", flat=True)) == [valid.pk]
    assert not WizardDraft.objects.filter(pk__in=[d.pk for d in expired]).exists()
    assert draft_from_token(draft_token(valid)) == valid


def test_purge_is_idempotent_and_uses_the_time_it_is_given():
    draft = make_draft(timedelta(days=10))
    assert purge_expired_drafts(now=timezone.now()) == 0
    assert purge_expired_drafts(now=draft.expires_at) == 1  # expired at its expiry instant
    assert purge_expired_drafts(now=draft.expires_at) == 0
