"""Production settings: refuse a missing or weak SECRET_KEY, and pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "Q7-x_9zP3mW8vR2tY5uB1nC4-hL6jK0sD8fG2aE5wT1yU3iO7pZ"


# Not inherited: the settings under test, and what the browser tests' session sets for itself.
NOT_INHERITED = ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "ALLOWED_HOSTS": "assess.example.com",
        "DATABASE_URL": "sqlite:////tmp/maple-production-check.sqlite3",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("key", [None, "short", "x" * 60, "django-insecure-" + STRONG_KEY])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = manage("check", **({"SECRET_KEY": key} if key else {}))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_per_process_cache():
    """Rate limits counted per process would let an address through once per worker."""
    result = manage("check", SECRET_KEY=STRONG_KEY, CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr


def test_production_keeps_database_connections_open():
    """Django reads CONN_MAX_AGE per database: as a setting of its own it opened a connection
    (a PostgreSQL process) for every request."""
    code = "from django.db import connection as c; s = c.settings_dict"
    code += "; print(s['CONN_MAX_AGE'], s['CONN_HEALTH_CHECKS'])"
    result = manage("shell", "-v", "0", "-c", code, SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True"]
