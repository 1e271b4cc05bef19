"""A burst of API submissions on the product as ./scripts/run starts it: the web server and a
Celery worker with two pool processes and embedded beat, on kombu's filesystem broker, with the
embedded SQLite database (a file both processes open) and again with PostgreSQL. Every submission
must be scored, with no "database is locked" anywhere."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg
import pytest

from tests.celery_harness import ROOT, WebServer, Worker, free_port, smtp_server, wait_until
from tests.profiles import engineer_abroad

SUBMISSIONS = 20
BURST_SECONDS = 2.0
SCORED_WITHIN = 30.0


def _prepared(url: str) -> str:
    """Migrate and load the reference data as ./scripts/run does."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    for command in (["migrate", "--noinput"], ["load_reference_data"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
    return url


@contextmanager
def _database(kind: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database of its own: a file for SQLite, a new database on the test server."""
    if kind == "sqlite":
        yield _prepared(f"sqlite:///{tmp_path / 'db.sqlite3'}")
        return
    server = os.environ["MAPLE_TEST_DATABASE"].rsplit("/", 1)[0]
    name = f"burst_{os.environ.get('PYTEST_XDIST_WORKER', 'gw0')}_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield _prepared(f"{server}/{name}")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.services("postgres"))])
def product(request, tmp_path):
    """The web server and the worker (2 processes, beat) on the parametrised database."""
    with _database(request.param, tmp_path) as db_url, smtp_server() as (handler, smtp_port):
        port = free_port()
        env = {
            "DATABASE_URL": db_url,
            "CELERY_BROKER_URL": "filesystem://",
            "CELERY_BROKER_DIR": str(tmp_path / "broker"),
            "CACHE_URL": "locmemcache://",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "SUBMIT_API_RATE": "1000/h",
            "LEADS_DEFAULT_EMAIL": "leads@firm.example",
        }
        web = WebServer(env, port, log=tmp_path / "web.log")
        worker = Worker(env, concurrency=2, beat=True, log=tmp_path / "worker.log")
        try:
            worker.start()
            web.start()
            yield web, worker, handler, db_url
        finally:
            web.stop()
            worker.stop()


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201
        return json.load(response)


def _status(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)["status"]


def _scored(db_url: str) -> int:
    """How many assessments are scored: one query, lighter than asking the busy web server."""
    query = "SELECT count(*) FROM assessments_assessment WHERE status = 'scored'"
    if db_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=30)) as db:
            return db.execute(query).fetchone()[0]
    with psycopg.connect(db_url, autocommit=True) as db:
        return db.execute(query).fetchone()[0]


def test_a_burst_of_submissions_is_all_scored(product):
    web, worker, handler, db_url = product
    body = {
        "profile": engineer_abroad(),
        "contact": {"name": "Ada Lovelace", "email": "ada@example.org"},
        "consent": True,
    }
    start = time.monotonic()

    def submit(index: int) -> dict:
        time.sleep(max(0.0, start + index * BURST_SECONDS / SUBMISSIONS - time.monotonic()))
        return _post(f"{web.url}/api/v1/assessments", body)

    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        answers = list(pool.map(submit, range(SUBMISSIONS)))
    posted = time.monotonic() - start
    assert posted < BURST_SECONDS + 1.5, f"the burst took {posted:.1f} s"

    try:  # within SCORED_WITHIN of the first submission
        left = SCORED_WITHIN - (time.monotonic() - start)
        wait_until(lambda: _scored(db_url) == SUBMISSIONS, left, "every submission to be scored")
        scored_after = time.monotonic() - start
        wait_until(lambda: len(handler.raw) >= 2 * SUBMISSIONS, 10, "the emails")
    except TimeoutError as error:
        unscored = SUBMISSIONS - _scored(db_url)
        pytest.fail(f"{error}: {unscored} not scored; worker log:\n{worker.output()[-5000:]}")
    print(
        f"{SUBMISSIONS} posted in {posted:.1f} s, all scored {scored_after:.1f} s after the first"
    )
    assert {_status(answer["status_url"]) for answer in answers} == {"scored"}
    assert "database is locked" not in worker.output()
    assert "database is locked" not in web.output()
    assert len(handler.raw) == 2 * SUBMISSIONS
