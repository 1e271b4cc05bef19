"""The pipeline end to end with real components: a Celery worker process on Redis, PostgreSQL,
and an SMTP server (aiosmtpd). Faults are caused for real: a dead broker URL, an SMTP server that
refuses the first messages, a worker process killed with SIGKILL in the middle of a task."""

from __future__ import annotations

import os
from datetime import timedelta

import psycopg
import pytest
import redis
from django.db import connection, transaction

from assessments.models import Assessment, OutboxMessage
from assessments.services import Consent, Contact, assessment_submit
from assessments.tasks import requeue_stuck_now
from tests.celery_harness import Worker, celery_producer, database_url, smtp_server, wait_until
from tests.profiles import engineer_abroad

pytestmark = [
    pytest.mark.services("postgres", "redis"),
    pytest.mark.usefixtures("postgres_required"),
]

PROFILE = engineer_abroad()
TIMEOUT = 60


@pytest.fixture
def broker_url(redis_url: str) -> str:
    """A Redis database of its own per xdist worker, emptied first."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    url = redis_url.rsplit("/", 1)[0] + f"/{8 + int(worker.removeprefix('gw') or 0) % 8}"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def pipeline(reference_data_restored, transactional_db, broker_url, settings, tmp_path):
    """Start an SMTP server and a worker on `broker_url`; yields a function that starts them."""
    started: list = []
    # The emails are rendered where the submission is scored: this process, as the web's.
    settings.PUBLIC_BASE_URL = "https://assess.example.com"
    settings.LEADS_DEFAULT_EMAIL = "leads@firm.example"

    def start(refuse_first: int = 0):
        smtp = smtp_server(refuse_first)
        handler, port = smtp.__enter__()
        worker = Worker(
            {
                "DATABASE_URL": database_url(connection.settings_dict),
                "CELERY_BROKER_URL": broker_url,
                "EMAIL_URL": f"smtp://127.0.0.1:{port}",
                "PUBLIC_BASE_URL": "https://assess.example.com",
                "OUTBOX_RETRY_BASE_SECONDS": "0.2",
                "LEADS_DEFAULT_EMAIL": "leads@firm.example",
            },
            log=tmp_path / "worker.log",
        )
        started.append((smtp, worker))
        worker.start()
        return handler, worker

    with celery_producer(broker_url):
        yield start
    for smtp, worker in started:
        worker.stop()
        smtp.__exit__(None, None, None)


def submit(language: str = "en") -> Assessment:
    with transaction.atomic():
        return assessment_submit(
            profile=PROFILE,
            contact=Contact(name="Ada Lovelace", email="ada@example.org", language=language),
            consent=Consent("privacy-2026-01", "10.0.0.1"),
        )


def wait_for_mail(handler, count: int, worker: Worker) -> None:
    try:
        wait_until(lambda: len(handler.raw) >= count, TIMEOUT, f"{count} emails")
    except TimeoutError:
        pytest.fail(f"{len(handler.raw)} emails received; worker log:\n{worker.output()}")


def by_recipient(handler) -> dict[str, object]:
    return {message["To"]: message for message in handler.received()}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_submission_is_scored_and_both_emails_sent_once(pipeline, language):
    handler, worker = pipeline()
    assessment = submit(language)
    wait_for_mail(handler, 2, worker)
    wait_until(lambda: all_sent(2), TIMEOUT, "the outbox rows to be marked sent")

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SCORED
    crs = assessment.crs_total
    mails = by_recipient(handler)
    assert set(mails) == {"ada@example.org", "leads@firm.example"}
    applicant = mails["ada@example.org"].get_body(("plain",)).get_content()
    assert f"{crs}" in mails["ada@example.org"]["Subject"]
    assert "https://assess.example.com/" + language + "/assessment/result/" in applicant
    assert f"https://assess.example.com/{language}/assessment/privacy/" in applicant
    greeting = {"en": "Hello Ada Lovelace", "fr": "Bonjour Ada Lovelace"}[language]
    assert greeting in applicant
    html = mails["ada@example.org"].get_body(("html",)).get_content()
    assert f"{crs}" in html
    notice = mails["leads@firm.example"].get_body(("plain",)).get_content()
    assert f"CRS: {crs}" in notice
    assert f"/admin/assessments/assessment/{assessment.pk}/change/" in notice
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 2
    assert len(set(handler.peers)) == 1  # both over one SMTP connection

    # Running the task again (a re-delivery) changes nothing and sends nothing.
    from assessments.tasks import score_assessment

    score_assessment.delay(assessment.pk)
    wait_until(lambda: "already scored" in worker.output(), TIMEOUT, "the second run")
    assert len(handler.raw) == 2


def test_smtp_refusing_the_first_tries_is_retried_then_sent_once(pipeline):
    handler, worker = pipeline(refuse_first=3)
    submit()
    wait_for_mail(handler, 2, worker)
    wait_until(lambda: all_sent(2), TIMEOUT, "the outbox rows to be marked sent")

    assert handler.refused == 3
    assert sorted(by_recipient(handler)) == ["ada@example.org", "leads@firm.example"]
    messages = OutboxMessage.objects.all()
    assert {m.status for m in messages} == {OutboxMessage.Status.SENT}
    # Sent together: 451, 451; then 451 to the first while the second went; then the first.
    assert sorted(m.tries for m in messages) == [2, 3]
    assert len(handler.raw) == 2


def test_broker_down_at_submit_then_the_sweeper_sends_the_emails(pipeline):
    with celery_producer("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        assessment = submit()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SCORED  # scored in the request
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"queued"}  # not lost

    handler, worker = pipeline()
    assert requeue_stuck_now(older_than=timedelta(0)) == {"assessments": 0, "emails": 2}
    wait_for_mail(handler, 2, worker)
    wait_until(lambda: all_sent(2), TIMEOUT, "the outbox rows to be marked sent")
    assert len(handler.raw) == 2


def test_broker_down_and_scoring_failed_in_the_request_then_the_sweeper_scores_it(
    pipeline, monkeypatch
):
    # The engine fails in this process only (a bug can't be caused from outside); the worker's
    # own engine is sound.
    monkeypatch.setattr("assessments.services.score_best_language_order", _engine_fault)
    with celery_producer("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        assessment = submit()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.RECEIVED  # stored, not lost

    handler, worker = pipeline()
    assert requeue_stuck_now(older_than=timedelta(0)) == {"assessments": 1, "emails": 0}
    wait_for_mail(handler, 2, worker)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SCORED
    assert len(handler.raw) == 2


def _engine_fault(*args, **kwargs):
    raise RuntimeError("engine bug")


def test_worker_killed_during_scoring_is_redelivered_and_scored_once(pipeline):
    handler, worker = pipeline()
    # A second session, as another request would, holds the assessment's row lock.
    blocker = psycopg.connect(database_url(connection.settings_dict))
    try:
        with transaction.atomic():
            assessment = assessment_submit(
                profile=PROFILE,
                contact=Contact(name="Ada Lovelace", email="ada@example.org"),
                consent=Consent("privacy-2026-01"),
                score_on_commit=False,
            )
        with blocker.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM assessments_assessment WHERE id = %s FOR UPDATE", [assessment.pk]
            )
        from assessments.tasks import score_assessment

        score_assessment.delay(assessment.pk)
        try:
            wait_until(_someone_waits_on_a_lock, TIMEOUT, "the task to block")
        except TimeoutError:
            pytest.fail(worker.output())
        killed = worker.children()
        worker.kill_children()
        wait_until(lambda: set(worker.children()) - set(killed), TIMEOUT, "a new pool process")
    finally:
        blocker.rollback()
        blocker.close()

    wait_for_mail(handler, 2, worker)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SCORED
    assert "WorkerLostError" in worker.output() or "Worker exited prematurely" in worker.output()
    assert len(handler.raw) == 2
    assert OutboxMessage.objects.count() == 2


def all_sent(count: int) -> bool:
    statuses = list(OutboxMessage.objects.values_list("status", flat=True))
    return len(statuses) == count and set(statuses) == {OutboxMessage.Status.SENT}


def _someone_waits_on_a_lock() -> bool:
    # Its own autocommit session: pg_stat_activity is a snapshot taken once per transaction.
    with psycopg.connect(database_url(connection.settings_dict), autocommit=True) as probe:
        row = probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        ).fetchone()
    return row[0] > 0


def test_a_failing_task_is_shown_in_the_admin(pipeline, admin_client):
    from django_celery_results.models import TaskResult

    from assessments.tasks import rescore_run

    pipeline()
    rescore_run.delay(987654)  # no such run: the task raises
    wait_until(lambda: TaskResult.objects.filter(status="FAILURE").exists(), TIMEOUT, "a failure")
    failure = TaskResult.objects.get(status="FAILURE")
    assert failure.task_name == "assessments.tasks.rescore_run"
    assert "DoesNotExist" in failure.traceback
    page = admin_client.get("/admin/django_celery_results/taskresult/?status__exact=FAILURE")
    assert failure.task_id in page.content.decode()
