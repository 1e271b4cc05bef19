"""Save-and-continue: a wizard's storage kept in a WizardDraft, restored by a signed link that
the outbox emails."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone

from assessments.models import WizardDraft
from assessments.outbox import outbox_queue_draft_link

DRAFT_SALT = "assessments.wizard.draft"
DRAFT_LIFETIME = timedelta(days=30)


class DraftLinkError(Exception):
    """The link is tampered with, expired or its draft is gone."""


def _without_nul(value: Any) -> Any:
    """The value with every NUL character removed: PostgreSQL's jsonb refuses \\u0000, and the
    raw answers a draft keeps (typed, not validated) may hold one."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


@transaction.atomic
def draft_save(*, storage_data: dict[str, Any], email: str, language: str) -> WizardDraft:
    """Store a copy of the wizard storage for 30 days (the idempotency key is not kept) and put
    the link back to it in the outbox, in one transaction: a worker emails it once that commits,
    retrying while the mail server fails, so the save itself never waits for or fails on SMTP."""
    data = _without_nul(storage_data)
    data["extra_data"] = {
        k: v for k, v in (data.get("extra_data") or {}).items() if k != "idempotency_key"
    }
    draft = WizardDraft.objects.create(
        email=email,
        language=language,
        step=data.get("step") or "about",
        data=data,
        expires_at=timezone.now() + DRAFT_LIFETIME,
    )
    outbox_queue_draft_link(draft=draft, token=draft_token(draft), days=DRAFT_LIFETIME.days)
    return draft


def draft_token(draft: WizardDraft) -> str:
    return signing.dumps(str(draft.token), salt=DRAFT_SALT)


def draft_from_token(token: str) -> WizardDraft:
    """The draft a link names; raises DraftLinkError when it cannot be used any more."""
    try:
        value = signing.loads(token, salt=DRAFT_SALT, max_age=DRAFT_LIFETIME)
        draft_uuid = uuid.UUID(value)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise DraftLinkError(str(error)) from None
    draft = WizardDraft.objects.filter(token=draft_uuid, expires_at__gt=timezone.now()).first()
    if draft is None:
        raise DraftLinkError("no such draft")
    return draft


def restored_storage(draft: WizardDraft) -> dict[str, Any]:
    """The storage to put back in the session, with a fresh idempotency key."""
    data = dict(draft.data)
    extra = dict(data.get("extra_data") or {})
    extra.pop("result_token", None)
    extra["idempotency_key"] = uuid.uuid4().hex
    data["extra_data"] = extra
    data.setdefault("step_data", {})
    data.setdefault("step_files", {})
    data["step"] = draft.step
    return data


def purge_expired_drafts(*, now: datetime) -> int:
    """Delete the drafts whose link expired at or before `now`; returns how many went.

    Idempotent (a second run finds nothing) and safe to run at any time: a draft still valid
    at `now` is never touched. `now` is passed in so that the caller (the periodic task) and
    the tests decide the time.
    """
    _total, per_model = WizardDraft.objects.filter(expires_at__lte=now).delete()
    return per_model.get(WizardDraft._meta.label, 0)
