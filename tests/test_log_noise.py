"""The local settings log each thing once: a 400's "Bad Request", the reloader's line, and no
kombu warning per connection with the filesystem broker. Each runs in a fresh process, since
logging is configured once per process (by django.setup)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def stderr_of(code: str, tmp_path: Path) -> str:
    """What `code` logs under config.settings.local (DEBUG on), after django.setup()."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_FORMAT": "plain",
        "LOG_LEVEL": "INFO",
    }
    env.pop("CELERY_BROKER_URL", None)
    script = f"import django\ndjango.setup()\n{code}"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_a_bad_request_is_logged_once(tmp_path):
    logged = stderr_of(
        "from django.test import Client\n"
        "r = Client().post('/api/v1/assess', b'not json', content_type='application/json')\n"
        "assert r.status_code == 400, r.status_code",
        tmp_path,
    )
    lines = [line for line in logged.splitlines() if "Bad Request" in line]
    assert len(lines) == 1, logged
    assert " WARNING django.request " in lines[0]  # in the log format, with its request id


def test_the_reloader_line_is_logged_once(tmp_path):
    # What runserver's reloader logs as it starts (django.utils.autoreload.run_with_reloader).
    logged = stderr_of(
        "import logging\n"
        "logging.getLogger('django.utils.autoreload').info("
        "'Watching for file changes with %s', 'StatReloader')",
        tmp_path,
    )
    lines = [line for line in logged.splitlines() if "Watching for file changes" in line]
    assert len(lines) == 1, logged
    assert " INFO django.utils.autoreload " in lines[0]


def test_the_filesystem_broker_does_not_warn_about_its_hostname(tmp_path):
    # Each submission publishes through a connection cloned from the app's (as .delay does).
    logged = stderr_of(
        "from config.celery_app import app\n"
        "assert app.conf.broker_url.startswith('filesystem://')\n"
        "with app.connection_for_write() as connection:\n"
        "    for _ in range(3):\n"
        "        connection.clone().release()\n",
        tmp_path,
    )
    assert "No hostname was supplied" not in logged, logged
