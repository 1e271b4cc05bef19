"""CPU time of the wizard's requests, per step, in one process (run on demand, repeatable).

    .venv/bin/python benchmarks/wizard_cpu.py [--walks 20] [--runs 5] [--profile FILE]

Walks the wizard as benchmarks/locustfile.py does (same answers, half single, half married with
a job offer in Quebec), through Django's test client with the load test's production settings
(benchmarks/load_settings.py) on PostgreSQL (DATABASE_URL, default database maple_wizard_cpu,
created, migrated and seeded here) and Redis (CACHE_URL, default db 6, the load test's).
Measures time.process_time() around each request: the server's CPU, plus the test client's
small share, without gunicorn and the network. Each run walks --walks applicants after a
warm-up; prints the median over the runs of the mean CPU ms per request name, and of the mean
over all requests (what load_wizard.sh's "ms a request" counts). --profile writes cProfile
stats of one more run to FILE and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "maple_wizard_cpu"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.load_settings")
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE}")
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/6")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
for _rate in ("WIZARD_POST_RATE", "RESUME_RATE", "PRIVACY_RATE"):
    os.environ.setdefault(_rate, "1000000/m")

import django  # noqa: E402
import psycopg  # noqa: E402


def create_database() -> None:
    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


create_database()
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.load_answers import LANG, post_data, step_url, walk  # noqa: E402

Times = dict[str, list[float]]
FORM = "application/x-www-form-urlencoded"


def timed(times: Times, name: str, call, *args, **kwargs):
    start = time.process_time()
    response = call(*args, **kwargs)
    times[name].append(1000 * (time.process_time() - start))
    return response


def expect(response, status: int, name: str) -> None:
    if response.status_code != status:
        raise SystemExit(f"{name}: {response.status_code}, not {status}")


def walk_once(client: Client, married: bool, times: Times) -> None:
    """One applicant, a new session: the locustfile's requests, with the same checks."""
    client.cookies = SimpleCookie()
    expect(timed(times, "GET start", client.get, f"/{LANG}/assessment/"), 302, "GET start")
    expect(timed(times, "GET about", client.get, step_url("about")), 200, "GET about")
    steps = walk(married)
    for index, (step, answers) in enumerate(steps):
        body = urlencode(post_data(step, answers))  # as a browser (and locust) sends it
        response = timed(
            times, f"POST {step}", client.post, step_url(step), body, content_type=FORM
        )
        following = steps[index + 1][0] if index + 1 < len(steps) else "finished"
        if response.status_code != 302 or response["Location"] != step_url(following):
            raise SystemExit(f"POST {step}: {response.status_code}, not a redirect to {following}")
        if following != "finished":
            expect(timed(times, f"GET {following}", client.get, step_url(following)), 200, step)
    response = timed(times, "GET finished (submit)", client.get, step_url("finished"))
    expect(response, 302, "GET finished")
    expect(timed(times, "GET result", client.get, response["Location"]), 200, "GET result")


CLIENT = Client()  # one handler, as a server process has: it loads the middleware once


def run(walks: int) -> Times:
    times: Times = defaultdict(list)
    for index in range(walks):
        walk_once(CLIENT, index % 2 == 1, times)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=20, help="applicants a run (default 20)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs (default 5)")
    parser.add_argument("--profile", type=Path, help="cProfile one more run into this file")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    # Scoring tasks queue in a folder of their own (no worker runs), emptied after each run.
    broker = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
    broker.mkdir(parents=True, exist_ok=True)
    run(4)  # warm-up: templates, translations, cached rules, connections
    runs = []
    for _ in range(args.runs):
        runs.append(run(args.walks))
        for queued in broker.glob("*"):
            queued.unlink(missing_ok=True)
    names = list(runs[0])
    print(f"{'request':<28}{'CPU ms (median of run means)':>30}{'min run':>10}{'max run':>10}")
    for name in names:
        means = [statistics.fmean(times[name]) for times in runs]
        print(f"{name:<28}{statistics.median(means):>30.2f}{min(means):>10.2f}{max(means):>10.2f}")
    overall = [statistics.fmean([t for ts in times.values() for t in ts]) for times in runs]
    print(
        f"{'all requests':<28}{statistics.median(overall):>30.2f}"
        f"{min(overall):>10.2f}{max(overall):>10.2f}"
    )
    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.runcall(run, args.walks)
        profiler.dump_stats(args.profile)
        stats = pstats.Stats(str(args.profile))
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
