"""Restore drill on the real PostgreSQL: leads, notes and outbox rows are dumped by
scripts/backup (pg_dump -Fc), restored by scripts/restore into a new, empty database, and every
table's row count and a lead's result come back the same."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from assessments.models import Assessment, LeadNote, OutboxMessage
from tests.celery_harness import database_url
from tests.factories import LeadFactory, consultant

pytestmark = [
    pytest.mark.services("postgres"),
    pytest.mark.usefixtures("postgres_required"),
]

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
COUNT_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"


@pytest.fixture(scope="module")
def client_tools() -> None:
    missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed (apt-get install postgresql-client)")


@pytest.fixture
def empty_database(transactional_db) -> str:
    """A new database of this test's own, dropped at the end; yields its URL."""
    name = f"maple_restore_drill_{uuid.uuid4().hex[:12]}"
    server = database_url(connection.settings_dict | {"NAME": "postgres"})
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield database_url(connection.settings_dict | {"NAME": name})
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def row_counts(url: str) -> dict[str, int]:
    counts = {}
    with psycopg.connect(url) as db:
        for (table,) in db.execute(COUNT_TABLES).fetchall():
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            counts[table] = db.execute(query).fetchone()[0]
    return counts


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPTS / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def seed() -> Assessment:
    staff = consultant()
    leads = LeadFactory.create_batch(3)
    LeadFactory(scored=False)
    for lead in leads:
        LeadNote.objects.create(assessment=lead, author=staff, text=f"Called {lead.pk}")
        OutboxMessage.objects.create(
            assessment=lead,
            kind=OutboxMessage.Kind.APPLICANT_RESULT,
            recipient=lead.email,
            subject="Your assessment",
            body_text="Your CRS score",
            status=OutboxMessage.Status.SENT,
        )
    return leads[0]


def test_a_nightly_dump_restores_into_an_empty_database(
    reference_data_restored, client_tools, empty_database, tmp_path
):
    lead = seed()
    source = database_url(connection.settings_dict)
    before = row_counts(source)
    assert before["assessments_assessment"] == 4
    assert before["assessments_leadnote"] == before["assessments_outboxmessage"] == 3

    # Older dumps beyond BACKUP_KEEP go; the new one is kept.
    for day in ("20250101", "20250102", "20250103"):
        (tmp_path / f"maple_assess-{day}T023000Z.dump").write_bytes(b"old")
    made = run("backup", DATABASE_URL=source, BACKUP_DIR=str(tmp_path), BACKUP_KEEP="2")
    assert made.returncode == 0, made.stderr
    dumps = sorted(p.name for p in tmp_path.glob("maple_assess-*.dump"))
    assert len(dumps) == 2
    assert dumps[0] == "maple_assess-20250103T023000Z.dump"
    dump = tmp_path / dumps[1]

    restored = run("restore", str(dump), empty_database)
    assert restored.returncode == 0, restored.stderr

    assert row_counts(empty_database) == before
    with psycopg.connect(empty_database) as db:
        result, crs = db.execute(
            "SELECT result, crs_total FROM assessments_assessment WHERE id = %s", [lead.pk]
        ).fetchone()
    lead.refresh_from_db()
    assert (result, crs) == (lead.result, lead.crs_total)
    assert crs > 0

    # A database that already has tables is refused, and left as it was.
    again = run("restore", str(dump), empty_database)
    assert again.returncode == 1
    assert "restore into an empty one" in again.stderr
    assert row_counts(empty_database) == before
