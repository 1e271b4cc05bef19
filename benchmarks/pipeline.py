"""End-to-end pipeline throughput: N submissions through the wizard's service, scored by a real
Celery worker (two pool processes) on Redis, each emailed twice through a real SMTP server.

    .venv/bin/python benchmarks/pipeline.py [N]     (default 1000)

Uses its own PostgreSQL database (maple_pipeline_bench, created and migrated here) and Redis
database 14, both emptied first. Prints the time from the first submission to the last email, the
CPU time the worker used (main process and pool processes) and the CPU time of this process (the
submissions and the SMTP server), and the load average before the run (other jobs on the machine).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maple_pipeline_bench"
)
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DATABASE_URL": DATABASE_URL,
    "CELERY_BROKER_URL": BROKER_URL,
}


def prepare_database() -> None:
    import psycopg
    from psycopg.conninfo import make_conninfo

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(make_conninfo(DATABASE_URL, dbname="postgres"), autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, **ENV}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_reference_data"], cwd=ROOT, env=env, check=True)


def main(count: int) -> None:
    prepare_database()
    os.environ.update(ENV)
    import logging

    import django

    django.setup()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    import redis
    from django.db import transaction

    from assessments.demo import random_contact, random_profile
    from assessments.models import Assessment
    from assessments.services import Consent, Contact, assessment_submit
    from programs.scoring import toronto_today
    from tests.celery_harness import Worker, smtp_server, wait_until

    Assessment.objects.all().delete()
    redis.Redis.from_url(BROKER_URL).flushdb()
    import random

    rng = random.Random(7)
    today = toronto_today()
    submissions = [(random_profile(rng, today), random_contact(rng, i)) for i in range(count)]
    load = os.getloadavg()[0]
    with smtp_server() as (handler, port):
        worker = Worker({**ENV, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}, concurrency=2)
        worker.start()
        try:
            children_before = cpu_seconds(resource.RUSAGE_CHILDREN)
            self_before = cpu_seconds(resource.RUSAGE_SELF)
            start = time.perf_counter()
            for profile, contact in submissions:
                with transaction.atomic():
                    assessment_submit(
                        profile=profile, contact=Contact(**contact), consent=Consent("bench")
                    )
            submitted = time.perf_counter() - start
            wait_until(lambda: len(handler.raw) >= 2 * count, 600, f"{2 * count} emails")
            total = time.perf_counter() - start
            own_cpu = cpu_seconds(resource.RUSAGE_SELF) - self_before
        finally:
            worker.stop()
    worker_cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - children_before  # reaped at stop
    scored = Assessment.objects.filter(status=Assessment.Status.SCORED).count()
    print(
        f"{count} submissions: submitted in {submitted:.1f} s; scored {scored}, "
        f"{len(handler.raw)} emails received {total:.1f} s after the first submission "
        f"({count / total:.0f} assessments/s end to end, worker concurrency 2)\n"
        f"CPU: worker {worker_cpu:.1f} s ({1000 * worker_cpu / count:.1f} ms an assessment, "
        f"including its start-up and shut-down), this process {own_cpu:.1f} s (submissions "
        f"and SMTP server); load average before the run {load:.2f}"
    )


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
