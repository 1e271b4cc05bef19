"""The pipeline's services and tasks in-process (tasks eager, emails in memory): routing, the
outbox's retries and failures, the sweeper, rescore runs, and their admin pages."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from assessments.errors import AssessmentError
from assessments.models import Assessment, OutboxMessage, RescoreRun, RoutingRule, SiteSettings
from assessments.outbox import (
    outbox_claim_and_send,
    outbox_resend_result,
    outbox_retry,
    retry_delay,
)
from assessments.rescore import rescore_all_start, rescore_start
from assessments.services import (
    Consent,
    Contact,
    assessment_score,
    assessment_submit,
)
from assessments.tasks import requeue_stuck_now
from programs.models import Program, ProgramStatus
from tests.profiles import engineer_abroad

pytestmark = pytest.mark.django_db

PROFILE = engineer_abroad()


def submit(capture, *, language: str = "en", email: str = "ada@example.org", **changes):
    with capture(execute=True):
        assessment = assessment_submit(
            profile=changes.pop("profile", PROFILE),
            contact=Contact(name="Ada Lovelace", email=email, language=language),
            consent=Consent("privacy-2026-01"),
            **changes,
        )
    assessment.refresh_from_db()
    return assessment


class FailingBackend(BaseEmailBackend):
    """An email backend whose server refuses every message (a fault SMTP can't be told to do
    on demand in-process; the end-to-end tests cause it with a real server)."""

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(451, b"try again later")


class CountingBackend(locmem.EmailBackend):
    """The in-memory backend, counting the connections opened; it refuses the addresses in
    `refused` (a 550 to RCPT TO) and drops the connection at the message to `drops`."""

    opened = 0
    refused: frozenset[str] = frozenset()
    drops = ""
    connected = False

    def open(self):
        if self.connected:
            return False
        CountingBackend.opened += 1
        self.connected = True
        return True

    def close(self):
        self.connected = False

    def send_messages(self, messages):
        assert self.connected, "sent without an open connection"
        (to,) = messages[0].to
        if to in self.refused:
            raise smtplib.SMTPRecipientsRefused({to: (550, b"no such user")})
        if to == self.drops:
            self.connected = False
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def counting_backend(settings):
    settings.EMAIL_BACKEND = "tests.test_pipeline.CountingBackend"
    CountingBackend.opened, CountingBackend.refused, CountingBackend.drops = 0, frozenset(), ""
    return CountingBackend


def test_submission_sends_the_summary_and_the_notice_once(django_capture_on_commit_callbacks):
    assessment = submit(django_capture_on_commit_callbacks)
    assert assessment.status == Assessment.Status.SCORED
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "leads@localhost"]
    summary = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert str(assessment.crs_total) in summary.subject
    assert summary.alternatives[0].mimetype == "text/html"
    assert summary.extra_headers["Message-ID"].startswith("<outbox-")

    with django_capture_on_commit_callbacks(execute=True):
        from assessments.tasks import score_assessment

        assert score_assessment.delay(assessment.pk).get() == "already scored"
    assert len(mail.outbox) == 2
    assert OutboxMessage.objects.filter(status="sent").count() == 2


def test_a_submission_is_scored_in_its_own_transaction_and_emailed_by_a_worker(
    django_capture_on_commit_callbacks, requeued
):
    with django_capture_on_commit_callbacks() as callbacks:
        assessment = assessment_submit(
            profile=PROFILE,
            contact=Contact(name="Ada Lovelace", email="ada@example.org"),
            consent=Consent("privacy-2026-01"),
        )
    # Scored before the request ends; the emails are in the outbox, queued for a worker.
    assert assessment.status == Assessment.Status.SCORED
    assert assessment.result["crs"]["total"] == assessment.crs_total > 0
    messages = assessment.outbox_messages.order_by("pk")
    assert {m.status for m in messages} == {"queued"}
    assert mail.outbox == []
    (hand_over,) = callbacks  # one task for both, once the transaction commits
    hand_over()
    assert requeued == [(([m.pk for m in messages],), 0)]
    # What the applicant is emailed is the stored result.
    assert str(assessment.crs_total) in messages[0].subject


def test_scoring_that_fails_in_the_request_falls_back_to_the_worker(
    django_capture_on_commit_callbacks, monkeypatch
):
    from programs import scoring

    real = scoring.score_best_language_order
    monkeypatch.setattr(
        "assessments.services.score_best_language_order", _engine_fault
    )  # a bug, once
    with django_capture_on_commit_callbacks() as callbacks:
        assessment = assessment_submit(
            profile=PROFILE,
            contact=Contact(name="Ada Lovelace", email="ada@example.org"),
            consent=Consent("privacy-2026-01"),
        )
    assessment.refresh_from_db()  # stored, with no half-written result or email
    assert (assessment.status, assessment.result, assessment.outbox_messages.count()) == (
        "received",
        None,
        0,
    )
    monkeypatch.setattr("assessments.services.score_best_language_order", real)
    with django_capture_on_commit_callbacks(execute=True):
        (queue_scoring,) = callbacks
        queue_scoring()  # the worker's `score_assessment`, eager here
    assessment.refresh_from_db()
    assert assessment.status == "scored"
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "leads@localhost"]


def _engine_fault(*args, **kwargs):
    raise RuntimeError("engine bug")


@pytest.mark.parametrize(
    ("rule", "routed"),
    [
        ({"province": "ON"}, True),
        ({"province": "BC"}, False),
        ({"language": "fr"}, False),
        ({"min_crs": 0, "max_crs": 1200}, True),
        ({"min_crs": 1100}, False),
        ({"program_slug": "express-entry-fsw"}, True),
        ({"program_slug": "quebec-pilot-ai"}, False),
    ],
)
def test_routing_rules_choose_the_consultants(django_capture_on_commit_callbacks, rule, routed):
    slug = rule.pop("program_slug", None)
    program = Program.objects.get(slug=slug) if slug else None
    RoutingRule.objects.create(
        name="test", program=program, recipients="team@firm.example, boss@firm.example", **rule
    )
    SiteSettings.objects.create(leads_email="front@firm.example")
    submit(django_capture_on_commit_callbacks)
    expected = ["boss@firm.example", "team@firm.example"] if routed else ["front@firm.example"]
    notices = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.CONSULTANT_NEW_LEAD)
    assert sorted(notices.values_list("recipient", flat=True)) == expected


def test_the_first_matching_rule_by_priority_wins(django_capture_on_commit_callbacks):
    RoutingRule.objects.create(name="late", priority=20, recipients="late@firm.example")
    RoutingRule.objects.create(name="early", priority=10, recipients="early@firm.example")
    RoutingRule.objects.create(name="off", priority=1, active=False, recipients="x@firm.example")
    submit(django_capture_on_commit_callbacks)
    assert "early@firm.example" in [m.to[0] for m in mail.outbox]


def test_an_assigned_lead_notifies_its_consultant(django_capture_on_commit_callbacks):
    consultant = get_user_model().objects.create_user("cora", "cora@firm.example")
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_submit(
            profile=PROFILE,
            contact=Contact(name="Ada", email="ada@example.org"),
            consent=Consent("v1"),
            score_on_commit=False,
        )
    Assessment.objects.filter(pk=assessment.pk).update(assigned_to=consultant)
    with django_capture_on_commit_callbacks(execute=True):
        from assessments.tasks import score_assessment

        score_assessment.delay(assessment.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "cora@firm.example"]


def test_smtp_failures_retry_then_mark_failed_and_the_admin_retries(
    django_capture_on_commit_callbacks, settings, admin_client
):
    settings.EMAIL_BACKEND = "tests.test_pipeline.FailingBackend"
    settings.OUTBOX_MAX_TRIES = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    assessment = submit(django_capture_on_commit_callbacks)
    messages = OutboxMessage.objects.filter(assessment=assessment)
    assert {(m.status, m.tries) for m in messages} == {("failed", 3)}
    assert "SMTPDataError" in messages[0].last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    url = reverse("admin:assessments_outboxmessage_changelist")
    assert "SMTPDataError" not in admin_client.get(url).content.decode()  # no bodies in the list
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "retry", "_selected_action": [m.pk for m in messages]}
        )
    assert response.status_code == 302
    assert {m.status for m in messages.all()} == {"sent"}
    assert len(mail.outbox) == 2
    assert outbox_retry(message_id=messages[0].pk) is False  # a sent email is never re-sent


@pytest.fixture
def requeued(monkeypatch):
    """The `send_outbox_messages` tasks queued, kept instead of run (in-process tasks would run
    a retry at once)."""
    from assessments.tasks import send_outbox_messages

    queued = []
    monkeypatch.setattr(
        send_outbox_messages,
        "apply_async",
        lambda args, countdown: queued.append((args, countdown)),
    )
    return queued


def test_a_failed_try_is_queued_again_after_the_backoff(
    django_capture_on_commit_callbacks, settings, requeued
):
    from assessments.tasks import send_outbox_messages

    settings.EMAIL_BACKEND = "tests.test_pipeline.FailingBackend"
    assessment = submit(django_capture_on_commit_callbacks)  # scored in the request
    ids = sorted(assessment.outbox_messages.values_list("pk", flat=True))
    assert requeued == [((ids,), 0)]  # both handed to a worker at once, in one task
    send_outbox_messages.run(ids)
    assert requeued[1:] == [((ids,), settings.OUTBOX_RETRY_BASE_SECONDS)]  # both, in one task
    assert set(assessment.outbox_messages.values_list("status", "tries")) == {("queued", 1)}


@pytest.mark.services("postgres")  # SQLite never closes the tests' in-memory database
def test_the_worker_keeps_its_connection_but_drops_one_that_saw_an_error(monkeypatch):
    from django.db import connections

    from assessments.tasks import score_assessment
    from config.celery_app import drop_broken_connections

    worker_connection = connections.create_connection("default")  # not the test's own
    worker_connection.ensure_connection()
    monkeypatch.setattr(connections, "all", lambda initialized_only=False: [worker_connection])
    try:
        drop_broken_connections(sender=score_assessment)
        assert worker_connection.connection is not None  # kept for the next task
        worker_connection.errors_occurred = True  # e.g. the database restarted mid-task
        drop_broken_connections(sender=score_assessment)
        assert worker_connection.connection is None
    finally:
        worker_connection.close()


def test_backoff_grows_and_stays_below_the_sweeper(settings):
    delays = [retry_delay(tries) for tries in range(1, 10)]
    assert delays[:3] == [10, 20, 40]
    assert max(delays) == settings.OUTBOX_RETRY_MAX_SECONDS < settings.STUCK_AFTER_MINUTES * 60


def test_a_sent_or_claimed_email_is_not_sent_again(django_capture_on_commit_callbacks):
    assessment = submit(django_capture_on_commit_callbacks)
    message = assessment.outbox_messages.first()
    assert outbox_claim_and_send(message_ids=[message.pk]) == []
    OutboxMessage.objects.filter(pk=message.pk).update(status="sending", updated_at=timezone.now())
    assert outbox_claim_and_send(message_ids=[message.pk]) == []  # a live worker has it
    assert len(mail.outbox) == 2


def test_an_assessments_emails_go_over_one_connection(
    django_capture_on_commit_callbacks, counting_backend
):
    submit(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "leads@localhost"]
    assert counting_backend.opened == 1


def test_a_refused_message_does_not_stop_the_others(
    django_capture_on_commit_callbacks, counting_backend, settings
):
    settings.OUTBOX_MAX_TRIES = 2
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    counting_backend.refused = frozenset({"ada@example.org"})
    assessment = submit(django_capture_on_commit_callbacks)
    rows = {m.recipient: m for m in assessment.outbox_messages.all()}
    assert [m.to[0] for m in mail.outbox] == ["leads@localhost"]
    assert (rows["leads@localhost"].status, rows["leads@localhost"].tries) == ("sent", 1)
    # The refused one was retried alone (eager tasks retry at once) until it was marked failed.
    refused = rows["ada@example.org"]
    assert (refused.status, refused.tries) == ("failed", 2)
    assert "SMTPRecipientsRefused" in refused.last_error
    assert counting_backend.opened == 2


def test_a_broken_connection_fails_the_messages_left_for_this_try(
    django_capture_on_commit_callbacks, counting_backend, requeued
):
    assessment = submit(django_capture_on_commit_callbacks, score_on_commit=False)
    with django_capture_on_commit_callbacks() as send:  # rows only; sent below
        assessment_score(assessment_id=assessment.pk)
    applicant, notice = sorted(assessment.outbox_messages.all(), key=lambda m: m.pk)
    counting_backend.drops = applicant.recipient
    (send_now,) = send
    send_now()
    rows = OutboxMessage.objects.order_by("pk")
    assert [(m.status, m.tries) for m in rows] == [("queued", 1), ("queued", 1)]
    assert all("SMTPServerDisconnected" in m.last_error for m in rows)
    assert requeued == [(([applicant.pk, notice.pk],), 10)]
    assert mail.outbox == []

    counting_backend.drops = ""
    sent = outbox_claim_and_send(message_ids=[applicant.pk, notice.pk])
    assert [(m.status, m.tries) for m in sent] == [("sent", 2), ("sent", 2)]
    assert OutboxMessage.objects.filter(status="sent", tries=2).count() == 2
    assert counting_backend.opened == 2


def test_scoring_and_sending_keep_their_query_budgets(
    django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from assessments.tasks import score_assessment, send_outbox_messages

    submit(django_capture_on_commit_callbacks)  # loads the rules of the profile's day
    assessment = submit(
        django_capture_on_commit_callbacks, email="b@example.org", score_on_commit=False
    )
    # Scoring, storing the result and rendering both emails into the outbox, the rules being
    # loaded: status, row lock, rules version, result and its history, eligible programs (3),
    # site settings, routing rules, existing emails, one INSERT of both; and the savepoint pair.
    with django_assert_max_num_queries(14), django_capture_on_commit_callbacks() as send:
        score_assessment.run(assessment.pk)
    (send_now,) = send  # once it commits, one callback sends both messages
    with django_assert_max_num_queries(1):  # created claimed: only marked sent
        send_now()
    assert len(mail.outbox) == 4
    # A retry, a sweep: claims, read, mark sent.
    messages = assessment.outbox_messages.all()
    messages.update(status="queued")
    message_ids = list(messages.values_list("pk", flat=True))
    with django_assert_max_num_queries(len(message_ids) + 2):
        send_outbox_messages.run(message_ids)
    assert len(mail.outbox) == 6


def test_the_sweeper_requeues_only_what_is_stuck(django_capture_on_commit_callbacks):
    old = timezone.now() - timedelta(minutes=10)
    stuck = submit(django_capture_on_commit_callbacks, score_on_commit=False)
    fresh = submit(django_capture_on_commit_callbacks, score_on_commit=False, email="b@example.org")
    Assessment.objects.filter(pk=stuck.pk).update(updated_at=old)
    with django_capture_on_commit_callbacks(execute=True):
        counts = requeue_stuck_now(older_than=timedelta(minutes=5))
    assert counts == {"assessments": 1, "emails": 0}
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.status, fresh.status) == ("scored", "received")
    assert [m.to[0] for m in mail.outbox if "example.org" in m.to[0]] == ["ada@example.org"]


def test_the_sweeper_spreads_what_it_requeues(django_capture_on_commit_callbacks):
    """Eight leads stuck together (they collided on a locked database) are not queued to start
    at the same moment again: each gets its own countdown, within the sweep's minute."""
    from celery.signals import before_task_publish

    from tests.celery_harness import celery_producer

    for index in range(8):
        submit(django_capture_on_commit_callbacks, score_on_commit=False, email=f"{index}@x.org")
    Assessment.objects.update(updated_at=timezone.now() - timedelta(minutes=10))
    etas: list[datetime] = []

    def record(headers, **kwargs):
        etas.append(datetime.fromisoformat(headers["eta"]) if headers.get("eta") else None)

    before_task_publish.connect(record)
    try:
        with celery_producer("memory://"):  # published for real, to kombu's in-memory broker
            swept_at = timezone.now()
            assert requeue_stuck_now(older_than=timedelta(minutes=5))["assessments"] == 8
    finally:
        before_task_publish.disconnect(record)
    assert len(etas) == 8 and None not in etas
    delays = sorted((eta - swept_at).total_seconds() for eta in etas)
    assert delays[0] >= 0 and delays[-1] <= 60
    assert delays[-1] - delays[0] >= 2  # spread (16 s window), not one instant
    assert len(set(delays)) == 8


def test_emails_of_a_worker_that_died_before_sending_are_swept(django_capture_on_commit_callbacks):
    assessment = submit(django_capture_on_commit_callbacks, score_on_commit=False)
    with django_capture_on_commit_callbacks(execute=False):  # it dies once the result commits
        assessment_score(assessment_id=assessment.pk)
    messages = assessment.outbox_messages.all()
    assert {m.status for m in messages} == {"sending"}  # claimed by the dead worker
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_now(older_than=timedelta(minutes=5))["emails"] == 0
        messages.update(updated_at=timezone.now() - timedelta(minutes=6))
        assert requeue_stuck_now(older_than=timedelta(minutes=5))["emails"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "leads@localhost"]
    assert {(m.status, m.tries) for m in messages.all()} == {("sent", 1)}


@pytest.mark.parametrize(("batch", "connections"), [(10, 1), (1, 2)])
def test_the_sweeper_requeues_emails_left_queued(
    django_capture_on_commit_callbacks, settings, monkeypatch, batch, connections
):
    from assessments import tasks

    settings.EMAIL_BACKEND = "tests.test_pipeline.FailingBackend"
    settings.OUTBOX_MAX_TRIES = 1
    assessment = submit(django_capture_on_commit_callbacks)
    assessment.outbox_messages.update(
        status="queued", tries=0, updated_at=timezone.now() - timedelta(minutes=6)
    )
    settings.EMAIL_BACKEND = "tests.test_pipeline.CountingBackend"
    CountingBackend.opened = 0
    monkeypatch.setattr(tasks, "SWEEP_BATCH", batch)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_now(older_than=timedelta(minutes=5)) == {"assessments": 0, "emails": 2}
    assert len(mail.outbox) == 2
    assert CountingBackend.opened == connections  # one task, one connection, per batch


def test_resend_result_sends_the_summary_again_without_a_second_row(
    django_capture_on_commit_callbacks,
):
    assessment = submit(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_resend_result(assessment_id=assessment.pk)
    assert [m.to[0] for m in mail.outbox].count("ada@example.org") == 2
    assert assessment.outbox_messages.count() == 2
    Assessment.objects.filter(pk=assessment.pk).update(erased_at=timezone.now())
    with pytest.raises(AssessmentError):
        outbox_resend_result(assessment_id=assessment.pk)


def test_rescore_run_reports_the_leads_whose_outcome_changed(
    django_capture_on_commit_callbacks, admin_user
):
    assessment = submit(django_capture_on_commit_callbacks)
    other = submit(django_capture_on_commit_callbacks, email="b@example.org")
    assert assessment.best_outcome == "eligible"
    fsw = Program.objects.get(slug="express-entry-fsw")
    eligible_before = set(assessment.eligible_programs.values_list("slug", flat=True))
    assert "express-entry-fsw" in eligible_before
    with django_capture_on_commit_callbacks(execute=True):  # saving a rule bumps its version
        ProgramStatus.objects.create(
            program=fsw, status="closed", effective_from=assessment.scored_as_of
        )
    with django_capture_on_commit_callbacks(execute=True):
        run = rescore_start(assessment_ids=[assessment.pk], user=admin_user, reason="FSW closed")
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", 1, 1)
    assert [change["id"] for change in run.changed] == [assessment.pk]
    assert "express-entry-fsw" not in run.changed[0]["after"]["eligible"]
    other.refresh_from_db()
    assert other.eligible_programs.filter(slug="express-entry-fsw").exists()  # not in the run
    assert len(mail.outbox) == 4  # rescoring emails nobody


def test_rescore_all_from_the_admin_shows_progress_and_changes(
    django_capture_on_commit_callbacks, admin_client
):
    submit(django_capture_on_commit_callbacks)
    page = admin_client.get(reverse("admin:assessments_rescorerun_changelist"))
    assert reverse("admin:assessments_rescorerun_rescore_all") in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:assessments_rescorerun_rescore_all"), {"reason": "grid 2027"}
        )
    run = RescoreRun.objects.get()
    assert response.url == reverse("admin:assessments_rescorerun_change", args=[run.pk])
    detail = admin_client.get(response.url)
    assert "1 / 1" in detail.content.decode()
    assert "Refresh" not in detail  # done: the page stops refreshing


def test_a_pending_run_page_refreshes_itself(admin_client, admin_user):
    run = rescore_all_start(user=admin_user, reason="pending")  # on_commit never runs here
    response = admin_client.get(reverse("admin:assessments_rescorerun_change", args=[run.pk]))
    assert response["Refresh"] == "3"


def test_pipeline_admin_pages_render(django_capture_on_commit_callbacks, admin_client):
    submit(django_capture_on_commit_callbacks)
    RoutingRule.objects.create(name="Ontario", province="ON", recipients="on@firm.example")
    for name in ("outboxmessage", "routingrule", "rescorerun"):
        assert admin_client.get(reverse(f"admin:assessments_{name}_changelist")).status_code == 200
    message = OutboxMessage.objects.first()
    url = reverse("admin:assessments_outboxmessage_change", args=[message.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:assessments_routingrule_add")).status_code == 200


def test_a_routing_rule_with_a_bad_address_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:assessments_routingrule_add"),
        {"name": "bad", "priority": 1, "active": "on", "recipients": "not-an-email"},
    )
    assert response.status_code == 200
    assert not RoutingRule.objects.exists()


def test_a_run_whose_task_raises_is_marked_failed(admin_user, monkeypatch):
    from assessments import rescore
    from assessments.tasks import rescore_run

    run = rescore_all_start(user=admin_user, reason="boom")

    def explode(**kwargs):
        raise RuntimeError("database went away")  # a fault we cannot cause in-process

    monkeypatch.setattr(rescore, "rescore_run_chunk", explode)
    with pytest.raises(RuntimeError):
        rescore_run.apply(args=[run.pk]).get()
    run.refresh_from_db()
    assert run.status == RescoreRun.Status.FAILED


def test_rescoring_leaves_erased_leads_alone(django_capture_on_commit_callbacks, admin_user):
    erased = submit(django_capture_on_commit_callbacks)
    kept = submit(django_capture_on_commit_callbacks, email="b@example.org")
    Assessment.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    run = rescore_all_start(user=admin_user, reason="yearly grid")
    assert run.assessment_ids == [kept.pk]


def test_the_tasks_the_services_start_by_name_exist():
    """jobs.py names tasks rather than importing tasks.py (no import cycle): a renamed task
    would otherwise only fail once a submission is queued."""
    from celery import current_app

    from assessments import jobs

    for name in (
        jobs.SCORE_ASSESSMENT,
        jobs.SEND_OUTBOX_MESSAGES,
        jobs.RESCORE_RUN,
        jobs.IMPACT_PREVIEW_RUN,
    ):
        assert name in current_app.tasks
