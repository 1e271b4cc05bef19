"""docker-compose.yml stays valid and runs the same components the tests use for real."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

COMPOSE_FILE = Path(__file__).resolve().parent.parent / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> str:
    path = shutil.which("docker-compose")
    if path is None:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1: docker-compose is not installed (.ci/run installs it)")
        pytest.skip("docker-compose not installed (apt-get install docker-compose)")
    return path


def run(compose: str, *args: str) -> str:
    env = {**os.environ, "SECRET_KEY": "x" * 50}
    done = subprocess.run(
        [compose, "-f", str(COMPOSE_FILE), "config", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_docker_compose_accepts_the_file(compose):
    run(compose, "-q")


def test_services_mirror_the_tests(compose):
    services = set(run(compose, "--services").split())
    # web + worker + beat on PostgreSQL, Redis as broker, an SMTP catcher like the tests' aiosmtpd
    assert {"web", "worker", "beat", "postgres", "redis", "mailpit", "migrate"} <= services
    config = run(compose)
    assert "celery -A config worker" in config
    assert "django_celery_beat.schedulers:DatabaseScheduler" in config
    assert "CELERY_BROKER_URL: redis://redis:6379/0" in config
    assert "EMAIL_URL: smtp://mailpit:1025" in config
    assert "DATABASE_URL: postgres://" in config


def test_the_backup_service_dumps_nightly_into_its_volume(compose):
    assert "backup" in run(compose, "--services").split()
    config = run(compose)
    # The service's block: from its name to the next service (two-space indented key).
    backup = re.split(r"\n  [a-z]", config.split("\n  backup:\n", 1)[1], maxsplit=1)[0]
    assert "command: maple-backup --nightly" in backup
    assert "backups:/backups" in backup
    assert "PGHOST: postgres" in backup
    assert "\n  backups:" in config.split("\nvolumes:", 1)[1]
