"""Benchmark of the consultants' dashboard on a large PostgreSQL database (run on demand).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maple_dashboard \\
        .venv/bin/python benchmarks/dashboard.py [--leads 100000] [--runs 5]

Seeds the database once (migrate, reference data, `seed_demo` for a few hundred profiles scored
by the real engine, then copies of them with bulk_create up to --leads, spread over two years,
with statuses, consultants, notes and status changes), then times through Django's test client
(whole request: middleware, queries, templates), with the CPU time of this process and the
number of queries beside each:
- the leads list, as a manager and as a consultant, with no filter and with each filter (goal:
  under 300 ms);
- a lead's page with 30 notes;
- the overview, default period (26 weeks) and two years (goal: under 1 s);
- the CSV export of every lead (streamed), its time, and its memory: peak Python allocations
  (tracemalloc) and peak RSS, for a tenth of the rows and for all of them (flat = the same).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.demo import FIRST_NAMES, LAST_NAMES  # noqa: E402
from assessments.models import Assessment, LeadNote, LeadStatusChange  # noqa: E402
from programs.models import Program  # noqa: E402
from tests.factories import role_groups  # noqa: E402

LIST = "admin:assessments_assessment_changelist"
BATCH = 2000
TEMPLATES = 300
CONSULTANTS = 10
STATUSES = [  # (status, weight): most leads are new or contacted
    ("new", 45),
    ("contacted", 20),
    ("booked", 10),
    ("retained", 5),
    ("not_a_fit", 10),
    ("unresponsive", 10),
]
TWO_YEARS_IN_MINUTES = 2 * 365 * 24 * 60


def staff() -> tuple[Any, Any]:
    """The benchmark's manager and first consultant (created once)."""
    role_groups()
    User = get_user_model()
    boss, _ = User.objects.get_or_create(username="bench-manager", defaults={"is_staff": True})
    boss.groups.add(*Group.objects.filter(name="Manager"))
    consultants = []
    for index in range(CONSULTANTS):
        user, _ = User.objects.get_or_create(
            username=f"bench-consultant-{index}", defaults={"is_staff": True}
        )
        user.groups.add(*Group.objects.filter(name="Consultant"))
        consultants.append(user)
    return boss, consultants


def seed(target: int) -> None:
    """Top the database up to `target` leads, quickly (bulk_create of scored copies)."""
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    if Assessment.objects.filter(status=Assessment.Status.SCORED).count() < TEMPLATES:
        call_command("seed_demo", "--assessments", str(TEMPLATES), verbosity=0)
    have = Assessment.objects.count()
    if have >= target:
        if Assessment.objects.filter(email__startswith="bench", last_activity_at=None).exists():
            _spread_dates()  # a seeding stopped before its last step
        return
    _boss, consultants = staff()
    templates = list(
        Assessment.objects.filter(status=Assessment.Status.SCORED)
        .order_by("pk")[:TEMPLATES]
        .prefetch_related("eligible_programs")
    )
    rng = random.Random(2026)
    started = time.perf_counter()
    for start in range(have, target, BATCH):
        count = min(BATCH, target - start)
        with transaction.atomic():
            _copy_batch(rng, templates, consultants, start, count)
        print(f"  seeded {start + count:,} / {target:,}", end="\r", flush=True)
    _spread_dates()
    print(f"\n  seeded in {time.perf_counter() - started:.0f} s")


def _copy_batch(rng: random.Random, templates: list, consultants: list, start: int, count: int):
    statuses, weights = zip(*STATUSES, strict=True)
    leads, programs = [], []
    for index in range(start, start + count):
        model = templates[index % len(templates)]
        status = rng.choices(statuses, weights)[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        leads.append(
            Assessment(
                source=Assessment.Source.DEMO,
                status=Assessment.Status.SCORED,
                profile=model.profile,
                language=rng.choice(["en", "en", "fr"]),
                name=f"{first} {last}",
                email=f"bench{index}@example.org",
                phone=f"+1 514 555 {index % 10000:04d}",
                intended_province=model.intended_province,
                consent_text_version="bench",
                result=model.result,
                scored_at=model.scored_at,
                scored_as_of=model.scored_as_of,
                crs_total=model.crs_total,
                best_outcome=model.best_outcome,
                lead_status=status,
                assigned_to=None if status == "new" else rng.choice(consultants),
            )
        )
        programs.append([p.pk for p in model.eligible_programs.all()])
    Assessment.objects.bulk_create(leads)
    through = Assessment.eligible_programs.through
    through.objects.bulk_create(
        through(assessment_id=lead.pk, program_id=program)
        for lead, ids in zip(leads, programs, strict=True)
        for program in ids
    )
    LeadStatusChange.objects.bulk_create(
        LeadStatusChange(assessment=lead, from_status="contacted", to_status="booked")
        for lead in leads
        if lead.lead_status in ("booked", "retained")
    )


def _spread_dates() -> None:
    """Submissions spread over two years (deterministically), contact 0-71 h later."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE assessments_assessment
            SET submitted_at = now() - ((id * 7919) %% %s) * interval '1 minute'
            WHERE email LIKE 'bench%%'
            """,
            [TWO_YEARS_IN_MINUTES],
        )
        cursor.execute(
            """
            UPDATE assessments_assessment
            SET first_contacted_at = CASE WHEN lead_status <> 'new'
                    THEN submitted_at + (id %% 72) * interval '1 hour' END,
                last_activity_at = submitted_at + (id %% 96) * interval '1 hour'
            WHERE email LIKE 'bench%%'
            """,
            [],
        )
        # What autovacuum does after bulk inserts in production: statistics, and the visibility
        # map that lets counts and the date list read only indexes.
        for table in ("assessments_assessment", "assessments_assessment_eligible_programs"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float, float, int]:
    """(median, max, median CPU) in ms over `runs`, and the queries of the warm-up call.

    The CPU time (this process: Django, templates, the driver) does not count the database's
    time nor the waits for a core, so it varies less than the wall time on a shared machine."""
    with CaptureQueriesContext(connection) as queries:
        call()
    count = len(queries)  # now: the next request's start empties the log it reads
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(times), max(times), statistics.median(cpu), count


def get_ok(client: Client, url: str, params: dict[str, str] | None = None) -> Callable[[], None]:
    def call() -> None:
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, params, response.status_code)
        response.content  # noqa: B018  (render fully)

    return call


def list_filters(boss: Any) -> dict[str, dict[str, str]]:
    fsw = Program.objects.get(slug="express-entry-fsw")
    newest = Assessment.objects.order_by("-submitted_at").values_list("submitted_at", flat=True)[0]
    day = newest.astimezone(timezone.get_current_timezone())
    return {
        "no filter": {},
        "status: new": {"lead_status__exact": "new"},
        "assigned to me": {"assigned": "me"},
        "unassigned": {"assigned": "nobody"},
        "program: FSW": {"eligible_programs__id__exact": str(fsw.pk)},
        "CRS 450-499": {"crs": "450-499"},
        "province: ON": {"intended_province__exact": "ON"},
        "language: fr": {"language__exact": "fr"},
        "outcome: eligible": {"outcome": "eligible"},
        "date: year": {"submitted_at__year": str(day.year)},
        "date: month": {"submitted_at__year": str(day.year), "submitted_at__month": str(day.month)},
        "date: day": {
            "submitted_at__year": str(day.year),
            "submitted_at__month": str(day.month),
            "submitted_at__day": str(day.day),
        },
        "search: name": {"q": "Tremblay"},
        "search: email": {"q": "bench4242@"},
        "search: phone": {"q": "555 0042"},
        "page 500": {"p": "500"},
        "status + program + CRS": {
            "lead_status__exact": "contacted",
            "eligible_programs__id__exact": str(fsw.pk),
            "crs": "450-499",
        },
    }


def bench_lists(runs: int, boss: Any, consultant: Any) -> list[tuple[Any, ...]]:
    rows = []
    for role, user in (("manager", boss), ("consultant", consultant)):
        client = Client()
        client.force_login(user)
        for name, params in list_filters(user).items():
            rows.append((role, name, *timed(get_ok(client, reverse(LIST), params), runs)))
    return rows


def export(client: Client, params: str) -> tuple[int, int]:
    """Run the export action on every lead matching `params`: (rows, bytes)."""
    url = reverse(LIST) + params
    response = client.post(
        url, {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": "1"}
    )
    assert response.streaming, response.status_code
    lines = size = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")  # the benchmark's names and emails hold no line break
        size += len(chunk)
    response.close()
    return lines - 1, size


def peak_rss_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))


def reset_peak_rss() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # Linux: reset VmHWM to the current RSS


def bench_export(boss: Any, subset: str) -> list[tuple[str, int, float, float, float]]:
    client = Client()
    client.force_login(boss)
    rows = []
    for name, params in (("subset", subset), ("all", "")):
        reset_peak_rss()
        before = peak_rss_kb()
        started = time.perf_counter()
        count, size = export(client, params)
        seconds = time.perf_counter() - started
        rss = (peak_rss_kb() - before) / 1024
        tracemalloc.start()
        export(client, params)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append(
            (f"{name}: {count:,} rows, {size / 1e6:.1f} MB", count, seconds, rss, peak / 1e6)
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    assert connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database"
    seed(options.leads)
    settings.DEBUG = False  # no query log growing in memory
    boss, consultants = staff()
    total = Assessment.objects.count()
    print(f"\n{total:,} leads in {connection.settings_dict['NAME']}, {options.runs} runs each\n")

    print(f"Load average {os.getloadavg()[0]:.2f} (other work on the machine skews wall times)\n")
    print("Leads list (ms, median / max, median CPU of this process, queries; goal < 300)")
    for role, name, median, worst, cpu, queries in bench_lists(options.runs, boss, consultants[0]):
        print(
            f"  {role:<10} {name:<24} {median:7.0f} / {worst:5.0f}  cpu {cpu:4.0f}  {queries:2d} q"
        )

    lead = Assessment.objects.filter(assigned_to=consultants[0]).order_by("-pk").first()
    if lead.notes.count() < 30:
        LeadNote.objects.bulk_create(
            LeadNote(assessment=lead, author=consultants[0], text=f"note {i}") for i in range(30)
        )
    client = Client()
    client.force_login(consultants[0])
    url = reverse("admin:assessments_assessment_change", args=[lead.pk])
    median, worst, cpu, queries = timed(get_ok(client, url), options.runs)
    print(
        f"\nA lead's page with 30 notes: {median:.0f} / {worst:.0f} ms, cpu {cpu:.0f}, {queries} q"
    )

    client.force_login(boss)
    overview = reverse("admin:assessments_assessment_overview")
    print("\nOverview (ms, median / max, median CPU, queries; goal < 1000)")
    today = timezone.localdate()
    two_years = {"from": today.replace(year=today.year - 2).isoformat(), "to": today.isoformat()}
    periods = {
        "last 26 weeks": {},
        "two years": two_years,
        "two years, CSV": {**two_years, "format": "csv"},
    }
    for name, params in periods.items():
        median, worst, cpu, queries = timed(get_ok(client, overview, params), options.runs)
        print(f"  {name:<24} {median:7.0f} / {worst:5.0f}  cpu {cpu:4.0f}  {queries:2d} q")

    print("\nCSV export (streamed): time, peak RSS growth, peak Python allocations")
    for name, _count, seconds, rss, peak in bench_export(boss, "?language__exact=fr&crs=350-449"):
        print(f"  {name:<34} {seconds:6.1f} s  RSS +{rss:6.1f} MB  tracemalloc peak {peak:5.1f} MB")


if __name__ == "__main__":
    main()
