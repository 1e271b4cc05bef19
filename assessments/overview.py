"""The managers' overview of the leads (selectors): every figure computed by the database, in a
handful of grouped queries whatever the number of leads.

Dates are Toronto days (the project's time zone): a lead submitted at 23:30 in Toronto on
Sunday belongs to that Sunday's week.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, F, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Assessment, LeadStatusChange

Status = Assessment.LeadStatus
CRS_BUCKET = 50
CONTACTED_STATUSES = [Status.CONTACTED, Status.BOOKED, Status.RETAINED, Status.UNRESPONSIVE]


class Median(Aggregate):
    """PostgreSQL's median (a continuous percentile over the group)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass(frozen=True)
class Overview:
    start: date
    end: date
    total: int
    per_week: list[tuple[date, int]]
    by_outcome: list[tuple[str, int]]  # best outcome ("" = not scored), count
    by_program: list[tuple[str, str, int]]  # slug, name, leads eligible
    crs_histogram: list[tuple[int, int]]  # bucket's lowest CRS, count
    by_status: list[tuple[str, int]]
    funnel: list[tuple[str, int]]  # stage, leads that reached it
    median_to_first_contact: timedelta | None
    contacted: int

    @property
    def median_hours(self) -> float | None:
        delay = self.median_to_first_contact
        return None if delay is None else round(delay.total_seconds() / 3600, 1)


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the current time zone: an index range."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def leads_submitted(start: date, end: date) -> QuerySet[Assessment]:
    low, high = day_bounds(start, end)
    return Assessment.objects.filter(submitted_at__gte=low, submitted_at__lt=high)


def _weeks(leads: QuerySet, start: date, end: date) -> list[tuple[date, int]]:
    counts = {
        row["week"].date() if isinstance(row["week"], datetime) else row["week"]: row["n"]
        for row in leads.annotate(week=TruncWeek("submitted_at"))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by()
    }
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append((monday, counts.get(monday, 0)))
        monday += timedelta(days=7)
    return weeks


def _grouped(leads: QuerySet, field: str) -> dict[Any, int]:
    rows = leads.values(field).annotate(n=Count("pk")).order_by()
    return {row[field]: row["n"] for row in rows}


def _by_program(leads: QuerySet) -> list[tuple[str, str, int]]:
    through = Assessment.eligible_programs.through
    rows = (
        through.objects.filter(assessment__in=leads.values("pk"))
        .values("program__slug", "program__name_en", "program__position")
        .annotate(n=Count("pk"))
        .order_by("program__position", "program__slug")
    )
    return [(row["program__slug"], row["program__name_en"], row["n"]) for row in rows]


def _crs_histogram(leads: QuerySet) -> list[tuple[int, int]]:
    buckets = _grouped(
        leads.filter(crs_total__isnull=False).annotate(bucket=F("crs_total") / CRS_BUCKET),
        "bucket",
    )
    if not buckets:
        return []
    return [(b * CRS_BUCKET, buckets.get(b, 0)) for b in range(min(buckets), max(buckets) + 1)]


def _stages(leads: QuerySet) -> dict[str, Any]:
    """Status counts, funnel stages and the median delay to first contact, in one query on
    PostgreSQL (the median needs a second, bounded query elsewhere)."""
    # An uncorrelated IN (hashed once) rather than EXISTS per lead: 100,000 index probes made
    # PostgreSQL's cost estimate high enough to JIT-compile the query, slower than running it.
    ever_booked = Q(
        pk__in=LeadStatusChange.objects.filter(to_status=Status.BOOKED).values("assessment_id")
    )
    contacted = Q(first_contacted_at__isnull=False) | Q(lead_status__in=CONTACTED_STATUSES)
    figures: dict[str, Any] = {
        f"status_{value}": Count("pk", filter=Q(lead_status=value)) for value in Status.values
    }
    figures.update(
        total=Count("pk"),
        contacted=Count("pk", filter=contacted),
        booked=Count(
            "pk", filter=Q(lead_status__in=[Status.BOOKED, Status.RETAINED]) | ever_booked
        ),
        retained=Count("pk", filter=Q(lead_status=Status.RETAINED)),
    )
    delay = F("first_contacted_at") - F("submitted_at")
    if connection.vendor == "postgresql":
        figures["median"] = Median(delay, filter=Q(first_contacted_at__isnull=False))
        return leads.aggregate(**figures)
    result = leads.aggregate(**figures)
    delays = leads.filter(first_contacted_at__isnull=False).annotate(delay=delay)
    values = list(delays.values_list("delay", flat=True))
    result["median"] = statistics.median(values) if values else None
    return result


def lead_overview(*, start: date, end: date) -> Overview:
    """The figures of the leads submitted from `start` to `end` (both included)."""
    leads = leads_submitted(start, end)
    stages = _stages(leads)
    outcomes = _grouped(leads, "best_outcome")
    return Overview(
        start=start,
        end=end,
        total=stages["total"],
        per_week=_weeks(leads, start, end),
        by_outcome=sorted(outcomes.items(), key=lambda item: -item[1]),
        by_program=_by_program(leads),
        crs_histogram=_crs_histogram(leads),
        by_status=[(value, stages[f"status_{value}"]) for value in Status.values],
        funnel=[
            ("submitted", stages["total"]),
            ("contacted", stages["contacted"]),
            ("booked", stages["booked"]),
            ("retained", stages["retained"]),
        ],
        median_to_first_contact=stages["median"],
        contacted=stages["contacted"],
    )


def funnel_label(stage: str) -> str:
    labels = {
        "submitted": _("Submitted"),
        "contacted": _("Contacted"),
        "booked": _("Consultation booked"),
        "retained": _("Retained"),
    }
    return str(labels.get(stage, stage))


def overview_rows(overview: Overview, outcome_label: Any, status_label: Any) -> list[list[Any]]:
    """The same figures as rows (section, item, value) for the CSV download."""
    rows: list[list[Any]] = [
        ["period", "from", overview.start.isoformat()],
        ["period", "to", overview.end.isoformat()],
        ["leads", "total", overview.total],
    ]
    rows += [["leads per week", week.isoformat(), n] for week, n in overview.per_week]
    rows += [["best outcome", outcome_label(key), n] for key, n in overview.by_outcome]
    rows += [["eligible program", name, n] for _slug, name, n in overview.by_program]
    rows += [["CRS", f"{low}-{low + CRS_BUCKET - 1}", n] for low, n in overview.crs_histogram]
    rows += [["status", status_label(value), n] for value, n in overview.by_status]
    rows += [["funnel", funnel_label(stage), n] for stage, n in overview.funnel]
    median = overview.median_hours
    rows.append(["first contact", "median hours", "" if median is None else median])
    return rows
