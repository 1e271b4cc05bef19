"""Submit-to-result-visible: how long an applicant waits, from posting the wizard's last step to
a result page that shows the score (run on demand, not in CI).

    .venv/bin/python benchmarks/submit_to_result.py --services embedded [--submissions 200]
    .venv/bin/python benchmarks/submit_to_result.py --services postgres-redis [--submissions 200]

`embedded`: the defaults of `./scripts/run` (SQLite in var/bench_submit/, filesystem broker,
per-process cache). `postgres-redis`: PostgreSQL (database maple_submit_bench, created here) and
Redis (db 5 for the broker, db 6 for the cache, emptied first). Each submission walks the wizard
(half single, half married with a job offer in Quebec, benchmarks/load_answers.py) in a new
session through Django's test client, one process, DEBUG off; the clock runs from the POST of
the review step, through the redirects, to the GET of the result page, which must contain the
CRS score. A page that says "We are computing your result" (the worker's path) counts as not
visible: the browser would wait for its 3-second refresh and a worker, so it is reported apart.
No worker runs: the emails' tasks are queued and left (the benchmark empties its broker first).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVICES = {
    "embedded": {
        "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'bench_submit' / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
        "CACHE_URL": "locmemcache://",
    },
    "postgres-redis": {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/maple_submit_bench",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/5",
        "CACHE_URL": "redis://127.0.0.1:6379/6",
    },
}
FORM = "application/x-www-form-urlencoded"


def configure(services: str) -> None:
    os.environ.update(SERVICES[services])
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.submit_settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["LOG_LEVEL"] = "WARNING"
    for rate in ("WIZARD_POST_RATE", "RESUME_RATE", "PRIVACY_RATE"):
        os.environ[rate] = "1000000/m"
    if services == "embedded":
        shutil.rmtree(ROOT / "var" / "bench_submit", ignore_errors=True)
        (ROOT / "var" / "bench_submit").mkdir(parents=True)
    else:
        import psycopg
        import redis

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as db:
            if not db.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'maple_submit_bench'"
            ).fetchone():
                db.execute('CREATE DATABASE "maple_submit_bench"')
        for url in ("redis://127.0.0.1:6379/5", "redis://127.0.0.1:6379/6"):
            redis.Redis.from_url(url).flushdb()


def submit_once(client, married: bool) -> tuple[float, bool]:
    """Walk the wizard untimed, then time the submission until the result is on the page."""
    from benchmarks.load_answers import post_data, step_url, walk

    client.cookies = SimpleCookie()
    client.get(step_url("about"))
    steps = walk(married)
    for step, answers in steps[:-1]:
        response = client.post(
            step_url(step), urlencode(post_data(step, answers)), content_type=FORM
        )
        assert response.status_code == 302, (step, response.status_code)
    last, answers = steps[-1]
    start = time.perf_counter()
    response = client.post(step_url(last), urlencode(post_data(last, answers)), content_type=FORM)
    while response.status_code == 302:
        response = client.get(response["Location"])
    page = response.content.decode()
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    return elapsed, 'http-equiv="refresh"' not in page  # the "computing" page refreshes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", choices=sorted(SERVICES), default="embedded")
    parser.add_argument("--submissions", type=int, default=200)
    args = parser.parse_args()
    configure(args.services)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    client = Client()
    for index in range(4):  # warm-up: templates, translations, cached rules, connections
        submit_once(client, index % 2 == 1)
    times, waiting = [], 0
    for index in range(args.submissions):
        elapsed, visible = submit_once(client, index % 2 == 1)
        times.append(elapsed)
        waiting += not visible
    ms = [1000 * t for t in times]
    load = os.getloadavg()[0]
    print(
        f"{args.services}: {len(ms)} submissions, result visible at once in {len(ms) - waiting}; "
        f"submit-to-result ms: median {statistics.median(ms):.0f}, p95 {percentile(ms, 0.95):.0f}, "
        f"p99 {percentile(ms, 0.99):.0f}, max {max(ms):.0f} (load {load:.1f})"
    )


if __name__ == "__main__":
    main()
