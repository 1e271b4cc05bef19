"""The managers' overview: right figures on a small known set of leads, the same as CSV, a fixed
number of queries, and managers only."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from assessments.models import Assessment, LeadStatusChange
from assessments.overview import lead_overview
from programs.models import Program
from tests.factories import LeadFactory, consultant, manager

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("admin:assessments_assessment_overview")
TORONTO = ZoneInfo("America/Toronto")
START, END = date(2026, 10, 1), date(2026, 10, 31)


def lead(day: date, hour: int = 10, **fields) -> Assessment:
    """A lead submitted on `day` (Toronto time) with the figures given."""
    programs = fields.pop("programs", [])
    contacted_after = fields.pop("contacted_after", None)
    created = LeadFactory(scored=False, **fields)
    submitted = datetime(day.year, day.month, day.day, hour, tzinfo=TORONTO)
    first_contact = submitted + contacted_after if contacted_after else None
    Assessment.objects.filter(pk=created.pk).update(
        submitted_at=submitted, first_contacted_at=first_contact
    )
    created.eligible_programs.set(Program.objects.filter(slug__in=programs))
    return created


@pytest.fixture
def known_leads() -> dict[str, Assessment]:
    """Six leads in October 2026, and two outside it that no figure may count."""
    fsw, cec = "express-entry-fsw", "express-entry-cec"
    leads = {
        "a": lead(
            date(2026, 10, 5),
            crs_total=455,
            best_outcome="eligible",
            programs=[fsw, cec],
            lead_status="retained",
            contacted_after=timedelta(hours=1),
        ),
        "b": lead(
            date(2026, 10, 6),
            crs_total=470,
            best_outcome="eligible",
            programs=[fsw],
            lead_status="booked",
            contacted_after=timedelta(hours=2),
        ),
        "c": lead(
            date(2026, 10, 7),
            crs_total=320,
            best_outcome="not_eligible",
            lead_status="contacted",
            contacted_after=timedelta(hours=10),
        ),
        "d": lead(date(2026, 10, 14), crs_total=301, best_outcome="needs_review"),
        "e": lead(
            date(2026, 10, 31),
            hour=23,
            crs_total=498,
            best_outcome="eligible",
            programs=[fsw],
            lead_status="not_a_fit",
        ),
        "f": lead(date(2026, 10, 20), crs_total=None, best_outcome=""),
        "before": lead(date(2026, 9, 30), hour=23, crs_total=999, best_outcome="eligible"),
        "after": lead(date(2026, 11, 1), hour=0, crs_total=999, best_outcome="eligible"),
    }
    # "e" was booked once, then judged not a fit: it went through the booked stage.
    LeadStatusChange.objects.create(
        assessment=leads["e"], from_status="contacted", to_status="booked"
    )
    return leads


def test_the_figures_of_a_known_month(known_leads):
    figures = lead_overview(start=START, end=END)
    assert figures.total == 6
    weeks = dict(figures.per_week)
    assert weeks[date(2026, 9, 28)] == 0  # the week of Oct 1 starts on Monday Sep 28
    assert weeks[date(2026, 10, 5)] == 3
    assert weeks[date(2026, 10, 12)] == 1
    assert weeks[date(2026, 10, 19)] == 1
    assert weeks[date(2026, 10, 26)] == 1  # Saturday Oct 31 at 23:00 in Toronto
    assert sum(weeks.values()) == 6
    assert dict(figures.by_outcome) == {
        "eligible": 3,
        "not_eligible": 1,
        "needs_review": 1,
        "": 1,
    }
    assert {slug: n for slug, _name, n in figures.by_program} == {
        "express-entry-fsw": 3,
        "express-entry-cec": 1,
    }
    assert figures.crs_histogram == [(300, 2), (350, 0), (400, 0), (450, 3)]
    assert dict(figures.by_status)["new"] == 2
    assert dict(figures.by_status)["not_a_fit"] == 1
    assert dict(figures.funnel) == {"submitted": 6, "contacted": 3, "booked": 3, "retained": 1}
    assert figures.median_to_first_contact == timedelta(hours=2)
    assert figures.median_hours == 2.0


def test_an_empty_period_has_zeros_and_no_median():
    figures = lead_overview(start=date(2020, 1, 1), end=date(2020, 1, 31))
    assert figures.total == 0
    assert figures.median_to_first_contact is None
    assert figures.crs_histogram == []
    assert {n for _week, n in figures.per_week} == {0}


def test_the_page_and_its_csv_for_a_manager(client, known_leads, django_assert_max_num_queries):
    client.force_login(manager())
    client.get(OVERVIEW)
    with django_assert_max_num_queries(12):  # 11 on PostgreSQL; SQLite's median needs one more
        response = client.get(OVERVIEW, {"from": "2026-10-01", "to": "2026-10-31"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="overview-data"' in page and "<script>" not in page  # data only, no inline code
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "6 leads submitted" in page
    response = client.get(OVERVIEW, {"from": "2026-10-01", "to": "2026-10-31", "format": "csv"})
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert ["leads", "total", "6"] in rows
    assert ["funnel", "Consultation booked", "3"] in rows
    assert ["first contact", "median hours", "2.0"] in rows
    assert ["CRS", "450-499", "3"] in rows


def test_a_bad_or_reversed_period_still_answers(client, known_leads):
    client.force_login(manager())
    assert client.get(OVERVIEW, {"from": "nonsense", "to": "2026-13-45"}).status_code == 200
    response = client.get(OVERVIEW, {"from": "2026-10-31", "to": "2026-10-01"})
    assert "6 leads submitted" in response.content.decode()


def test_the_overview_is_for_managers_and_linked_from_the_index(client):
    client.force_login(consultant())
    assert client.get(OVERVIEW).status_code == 403
    client.force_login(manager())
    assert OVERVIEW in client.get(reverse("admin:index")).content.decode()
