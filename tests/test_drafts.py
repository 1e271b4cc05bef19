"""Save-and-continue drafts: expired ones are purged, valid ones kept; the link is emailed
through the outbox, so a mail server that fails never fails the save."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import OutboxMessage, WizardDraft
from assessments.tasks import send_outbox_messages
from assessments.wizard.drafts import draft_from_token, draft_token, purge_expired_drafts
from tests.test_wizard import post, step_url

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


def test_a_draft_is_saved_while_smtp_fails_and_the_outbox_sends_its_link_later(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_pipeline.FailingBackend"  # every message refused
    queued = []  # the outbox's sending tasks, kept instead of run (in-process, a retry runs at once)
    monkeypatch.setattr(
        send_outbox_messages,
        "apply_async",
        lambda args, countdown: queued.append((args, countdown)),
    )
    post(client, "fr", "about")
    post(client, "fr", "education", wizard_save="1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/assessment/save/", {"email": "later@example.com"})

    assert response.status_code == 200  # saved, though no mail server took the link
    assert "later@example.com" in response.content.decode()
    draft = WizardDraft.objects.get()
    message = OutboxMessage.objects.get()
    assert (message.draft, message.kind, message.status) == (draft, "draft_link", "queued")
    assert queued == [(([message.pk],), 0)]  # handed to a worker once the save committed

    send_outbox_messages.run([message.pk])  # the server still refuses: retried after a backoff
    message.refresh_from_db()
    assert (message.status, message.tries) == ("queued", 1)
    assert queued[1:] == [(([message.pk],), settings.OUTBOX_RETRY_BASE_SECONDS)]
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    send_outbox_messages.run([message.pk])
    message.refresh_from_db()
    assert (message.status, message.tries) == ("sent", 2)
    (email,) = mail.outbox
    assert email.to == ["later@example.com"]
    assert "reprenez là où vous en étiez" in email.subject  # in the language it was saved in
    link = re.search(re.escape(settings.PUBLIC_BASE_URL) + r"(/fr/\S+/)", email.body)[1]
    client.cookies.clear()  # another browser
    assert client.get(link)["Location"] == step_url("fr", "education")
    assert send_outbox_messages.run([message.pk]) == {}  # a sent link is never sent again


def test_staff_see_that_a_draft_link_was_queued_but_not_the_link(
    client, admin_client, django_capture_on_commit_callbacks
):
    post(client, "en", "about", wizard_save="1")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/assessment/save/", {"email": "later@example.com"})
    message = OutboxMessage.objects.get()
    assert "/resume/" in message.body_text
    listed = admin_client.get(reverse("admin:assessments_outboxmessage_changelist"))
    assert "later@example.com" in listed.content.decode()
    page = admin_client.get(reverse("admin:assessments_outboxmessage_change", args=[message.pk]))
    assert page.status_code == 200
    assert "later@example.com" in page.content.decode()
    assert "/resume/" not in page.content.decode()
