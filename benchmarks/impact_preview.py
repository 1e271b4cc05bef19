"""Impact preview over many stored leads: a real Celery worker (two pool processes) on Redis and
PostgreSQL previews FSW's language minimum raised from CLB 7 to CLB 8.

    .venv/bin/python benchmarks/impact_preview.py [--keep] [SIZE ...]   (default 10000 100000)

Uses its own PostgreSQL database (maple_impact_bench, created and migrated here) and Redis
database 13 (BENCH_DATABASE_URL, BENCH_BROKER_URL). Leads are generated profiles
(benchmarks/generate_profiles.py's, bulk-created as scored leads); with --keep, those already
there are kept, so a second run starts at once. For each SIZE, the first SIZE leads are the
scored ones (the others are set aside as `received`, which no preview reads), a new worker is
started, the preview is started as the admin starts it, and this prints the time until it is
done, the leads that change, and the peak resident memory (VmHWM) of each pool process.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maple_impact_bench"
)
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DATABASE_URL": DATABASE_URL,
    "CELERY_BROKER_URL": BROKER_URL,
}
DAY = date(2026, 6, 1)  # the generated profiles' as_of
BATCH = 5000


def prepare_database(keep: bool) -> None:
    import psycopg
    from psycopg.conninfo import make_conninfo

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(make_conninfo(DATABASE_URL, dbname="postgres"), autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not keep:
            db.execute(f'DROP DATABASE "{name}"')
        if not exists or not keep:
            db.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, **ENV}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    if not (exists and keep):  # a kept database has its rules, and the change made to them
        subprocess.run([*manage, "load_reference_data"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip


def create_leads(count: int) -> None:
    """Top the database up to `count` leads: generated profiles, bulk-created."""
    from assessments.demo import random_contact, random_profile
    from assessments.models import Assessment

    have = Assessment.objects.count()
    rng = random.Random(2026 + have)
    started = time.perf_counter()
    for first in range(have, count, BATCH):
        rows = []
        for index in range(first, min(first + BATCH, count)):
            contact = random_contact(rng, index)
            profile = random_profile(rng, DAY)
            rows.append(
                Assessment(
                    profile=profile,
                    name=contact["name"],
                    email=contact["email"],
                    language=contact["language"],
                    intended_province=profile["intended_province"],
                    source=Assessment.Source.DEMO,
                    status=Assessment.Status.SCORED,
                )
            )
        Assessment.objects.bulk_create(rows)
    if count > have:
        print(f"created {count - have} leads in {time.perf_counter() - started:.1f} s")


def the_change() -> list[tuple[str, int]]:
    """FSW's language minimum CLB 8 from DAY (superseded once; --keep reuses it)."""
    from programs.models import Criterion
    from programs.versions import supersede_versions

    language = Criterion.objects.filter(program__slug="express-entry-fsw", code="language")
    version = language.filter(effective_from=DAY).first()
    if version is None:
        (version,) = supersede_versions(rules=[language.get(effective_to=None)], from_day=DAY)
        version.params = {**version.params, "levels": dict.fromkeys(version.params["levels"], 8)}
        version.save()
    return [("criterion", version.pk)]


def only_first(size: int) -> None:
    """The first `size` leads are the scored ones; the others wait as `received`."""
    from assessments.models import Assessment

    keys = Assessment.objects.order_by("pk").values_list("pk", flat=True)
    cut = keys[size - 1] if size else 0
    Assessment.objects.filter(pk__lte=cut).update(status=Assessment.Status.SCORED)
    Assessment.objects.filter(pk__gt=cut).update(status=Assessment.Status.RECEIVED)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory now (VmRSS) or at its peak (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def watch(preview_id: int, worker: Any) -> list[tuple[int, float]]:
    """Wait for the preview to end; the pool's largest resident memory each time another
    tenth of the leads is done (memory that stays flat as the leads go by)."""
    from assessments.models import ImpactPreview

    samples: list[tuple[int, float]] = []
    while True:
        preview = ImpactPreview.objects.get(pk=preview_id)
        if preview.total and preview.done >= (len(samples) + 1) * preview.total / 10:
            samples.append((preview.done, max(map(peak_rss_mb, worker.children()))))
        if preview.status in ("done", "failed"):
            return samples
        time.sleep(0.5)


def run(size: int, refs: list[tuple[str, int]]) -> None:
    from assessments.impact import impact_preview_start
    from tests.celery_harness import Worker

    only_first(size)
    cpu_before = cpu_seconds()
    worker = Worker(ENV, concurrency=2, log=ROOT / "var" / "impact-bench-worker.log")
    worker.start()
    try:
        load = os.getloadavg()[0]
        started = time.perf_counter()
        preview = impact_preview_start(refs=refs, as_of=DAY, crs_threshold=10, user=None)
        samples = watch(preview.pk, worker)
        elapsed = time.perf_counter() - started
        peaks = [peak_rss_mb(pid, "VmHWM") for pid in worker.children()]
    finally:
        worker.stop()
    worker_cpu = cpu_seconds() - cpu_before  # the worker and its pool, reaped at stop
    preview.refresh_from_db()
    print(
        f"{size} leads: {preview.status} in {elapsed:.1f} s ({size / elapsed:.0f} leads/s, "
        f"{preview.chunks} chunks); {preview.summary.get('changed')} change "
        f"({preview.summary.get('programs')}), {preview.summary.get('unscored')} unscorable; "
        f"pool processes' peak RSS {', '.join(f'{mb:.0f} MB' for mb in peaks)}; "
        f"worker CPU {worker_cpu:.1f} s (start-up included); load average before {load:.2f}\n"
        f"  pool RSS as the leads go by: "
        + ", ".join(f"{done}: {mb:.0f} MB" for done, mb in samples)
    )
    if preview.status == "failed":
        print(preview.error)


def main(argv: list[str]) -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # lines as they come
    keep = "--keep" in argv
    sizes = [int(arg) for arg in argv if arg != "--keep"] or [10_000, 100_000]
    prepare_database(keep)
    os.environ.update(ENV)
    import django

    django.setup()
    import redis

    redis.Redis.from_url(BROKER_URL).flushdb()
    create_leads(max(sizes))
    refs = the_change()
    for size in sizes:
        run(size, refs)


if __name__ == "__main__":
    main(sys.argv[1:])
