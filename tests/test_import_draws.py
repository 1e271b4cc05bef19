"""Express Entry rounds from IRCC's feed: the command, the daily task, the admin upload."""

from __future__ import annotations

import csv
import json
from datetime import date
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django_celery_beat.models import PeriodicTask

from programs import tasks
from programs.draws_feed import FeedError, category_for, parse_feed
from programs.models import ExpressEntryDraw
from tests.profiles import job
from tests.test_draws_comparison import WORKER, draws_section

DATA = Path(__file__).resolve().parent.parent / "programs" / "data"
FEED = Path(__file__).resolve().parent / "fixtures" / "ee_rounds_123_en.json"
# The fixture holds the real rounds #436-#447; the tests take #444-#447 out of the seeded data,
# so that they are the rounds published after it.
NEW_ROUNDS = [444, 445, 446, 447]


@pytest.fixture
def seed_stops_at_443(db):
    ExpressEntryDraw.objects.filter(round__in=NEW_ROUNDS).delete()


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_draws", *args, stdout=out)
    return out.getvalue()


def test_every_seeded_round_name_gives_its_code():
    with open(DATA / "ee_draws.csv", encoding="utf-8") as f:
        codes = {row["round"]: row["category"] for row in csv.DictReader(f)}
    with open(DATA / "ee_draws_detail.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert category_for(row["ircc_draw_name"]) == codes[row["round"]], row["round"]
    assert category_for("Research occupations, 2027-Version 1") == "research_occupations"


def test_the_fixture_reads_as_the_seed_file_has_it():
    with open(DATA / "ee_draws.csv", encoding="utf-8") as f:
        seed = {int(row["round"]): row for row in csv.DictReader(f)}
    draws = parse_feed(FEED.read_bytes(), source="fixture")
    assert len(draws) == 12
    for draw in draws:
        row = seed[draw.round]
        assert (draw.date.isoformat(), draw.category, draw.invitations, draw.crs_cutoff) == (
            row["date"],
            row["category"],
            int(row["invitations"]),
            int(row["crs_cutoff"]),
        )


def test_import_adds_only_the_missing_rounds_and_twice_nothing_more(seed_stops_at_443, caplog):
    before = ExpressEntryDraw.objects.count()
    with caplog.at_level("INFO", logger="programs.draws_feed"):
        out = run_import("--file", str(FEED))
    assert "Added 4 round(s): #444, #445, #446, #447 (8 already stored)." in out
    assert "#444, #445, #446, #447" in caplog.text
    assert ExpressEntryDraw.objects.count() == before + 4
    trades = ExpressEntryDraw.objects.get(round=447)
    assert (trades.category, trades.draw_name, trades.invitations, trades.crs_cutoff) == (
        "trades",
        "Trades Occupations, 2026-Version 3",
        3500,
        476,
    )
    assert trades.history.count() == 1
    assert "No new round (12 already stored)." in run_import("--file", str(FEED))
    assert ExpressEntryDraw.objects.count() == before + 4


@pytest.mark.django_db
def test_import_never_changes_a_round_staff_edited():
    draw = ExpressEntryDraw.objects.get(round=440)
    draw.crs_cutoff = 111
    draw.source = "corrected by staff"
    draw.save()
    run_import("--file", str(FEED))
    draw.refresh_from_db()
    assert (draw.crs_cutoff, draw.source) == (111, "corrected by staff")


@pytest.mark.django_db
def test_a_file_that_is_not_the_feed_fails_with_a_message(tmp_path):
    bad = tmp_path / "feed.json"
    bad.write_text(json.dumps({"rounds": [{"drawNumber": "448", "drawDate": "soon"}]}))
    with pytest.raises(Exception, match="Round 448: cannot read"):
        run_import("--file", str(bad))


def test_result_page_compares_with_the_imported_rounds(seed_stops_at_443, client):
    as_of = date(2026, 11, 30)
    cec_worker = WORKER | {
        "as_of": as_of.isoformat(),
        "work_experience": [job("21231", 1.5, as_of=as_of)],
    }
    with translation.override("en"):
        cell = f'<td class="nowrap">{date_format(date(2026, 9, 29), "SHORT_DATE_FORMAT")}</td>'
    section, _crs = draws_section(client, cec_worker)
    assert cell not in section  # CEC round #446
    run_import("--file", str(FEED))
    section, _crs = draws_section(client, cec_worker)
    assert cell in section
    assert '<td class="num">518</td>' in section


def test_daily_task_imports_from_the_feed_url(seed_stops_at_443, settings):
    settings.EE_ROUNDS_FEED_URL = FEED.as_uri()  # a file: URL, so no network
    assert tasks.import_draws.delay().get() == NEW_ROUNDS
    assert tasks.import_draws.delay().get() == []
    # The migration's beat row; a transactional test elsewhere may have flushed it, so its
    # function is run again here (idempotent: update_or_create).
    import_module("programs.migrations.0003_import_draws_daily").add_schedule(django_apps, None)
    schedule = PeriodicTask.objects.get(task="programs.tasks.import_draws")
    assert (schedule.interval.every, schedule.interval.period, schedule.enabled) == (
        1440,
        "minutes",
        True,
    )


def test_staff_upload_the_feed_in_the_admin(seed_stops_at_443, admin_client):
    changelist = reverse("admin:programs_expressentrydraw_changelist")
    url = reverse("admin:programs_expressentrydraw_import")
    assert url in admin_client.get(changelist).content.decode()
    upload = SimpleUploadedFile("ee_rounds_123_en.json", FEED.read_bytes())
    response = admin_client.post(url, {"feed": upload}, follow=True)
    assert "Added 4 round(s)" in response.content.decode()
    assert ExpressEntryDraw.objects.filter(round__in=NEW_ROUNDS).count() == 4
    bad = SimpleUploadedFile("notes.json", b"not json")
    response = admin_client.post(url, {"feed": bad})
    assert response.status_code == 200
    assert "Not an Express Entry rounds feed" in response.content.decode()


@pytest.mark.django_db
def test_a_feed_that_cannot_be_fetched_fails_the_task_and_adds_nothing(settings, tmp_path):
    settings.EE_ROUNDS_FEED_URL = (tmp_path / "missing.json").as_uri()
    before = ExpressEntryDraw.objects.count()
    with pytest.raises(FeedError, match="Cannot fetch"):
        tasks.import_draws.delay().get()
    assert ExpressEntryDraw.objects.count() == before
