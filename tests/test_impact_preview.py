"""Impact preview: the stored leads scored with and without rule versions, as of a day, through
the admin; it reports exactly the leads whose outcome changes and writes nothing else."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import impact
from assessments.models import Assessment, ImpactChange, ImpactPreview, RescoreRun
from programs.impact import overlay_without, pending_versions
from programs.loader import build_rules, clear_cache
from programs.models import Criterion, ProgramStatus, ScoringGrid
from programs.versions import supersede_versions
from tests.celery_harness import Worker, celery_producer, database_url, wait_until
from tests.factories import LeadFactory
from tests.profiles import clb, engineer_abroad, job

DAY = date(2026, 7, 1)
FSW = "express-entry-fsw"
START = reverse("admin:assessments_impactpreview_start")


def lead(level: int, country: str, years: float = 3, **fields) -> Assessment:
    work = [job("21231", years, country=country)]
    return LeadFactory(
        profile=engineer_abroad(languages={"first": clb(level)}, work_experience=work), **fields
    )


@pytest.fixture
def clb8_from_day(db, django_capture_on_commit_callbacks) -> Criterion:
    """FSW's language minimum raised from CLB 7 to CLB 8 from DAY, the admin's way: the version
    in force superseded from DAY, then the copy edited."""
    current = Criterion.objects.get(program__slug=FSW, code="language", effective_to__isnull=True)
    with django_capture_on_commit_callbacks(execute=True):  # bumps the rules' version
        (copy,) = supersede_versions(rules=[current], from_day=DAY)
        copy.params = {**copy.params, "levels": dict.fromkeys(copy.params["levels"], 8)}
        copy.full_clean()
        copy.save()
    return copy


@pytest.fixture
def leads(db) -> dict[str, list[Assessment]]:
    """Leads eligible for FSW at CLB 7 (they change), and others that do not change: CLB 9 and
    CLB 8 (still eligible), CLB 6 (eligible neither way), an erased CLB 7 lead (not scored)."""
    changing = [lead(7, "CA", 2), lead(7, "CA", 2.5)]
    steady = [lead(9, "IN"), lead(9, "CA", 2), lead(8, "IN", 6), lead(8, "CA", 2), lead(6, "CA", 2)]
    erased = lead(7, "CA", 2)
    Assessment.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    for one in changing:
        assert FSW in outcomes(one, "eligible")
    return {"changing": changing, "steady": steady}


def outcomes(assessment: Assessment, outcome: str) -> set[str]:
    return {p["slug"] for p in assessment.result["programs"] if p["outcome"] == outcome}


def table_counts() -> dict[str, int]:
    """Rows of every table of the leads' and the rules' apps but the previews' own two."""
    own = {ImpactPreview, ImpactChange}
    return {
        model._meta.db_table: model._default_manager.count()
        for label in ("assessments", "programs")
        for model in apps.get_app_config(label).get_models()
        if model not in own
    }


def start(client, version: Criterion, day: date = DAY, threshold: int = 10):
    return client.post(
        START,
        {"v": f"criterion:{version.pk}", "as_of": day.isoformat(), "crs_threshold": threshold},
        follow=True,
    )


def test_the_preview_lists_exactly_the_leads_that_change_and_writes_nothing(
    admin_client, clb8_from_day, leads, django_assert_max_num_queries
):
    counts = table_counts()
    stamps = list(Assessment.objects.values_list("pk", "updated_at", "scored_at", "result"))
    with django_assert_max_num_queries(60):
        response = start(admin_client, clb8_from_day)
    assert response.status_code == 200
    preview = ImpactPreview.objects.get()
    assert preview.status == ImpactPreview.Status.DONE
    assert preview.total == preview.done == 7  # the erased lead is not scored
    changed = set(preview.changes.values_list("assessment_id", flat=True))
    assert changed == {one.pk for one in leads["changing"]}
    for change in preview.changes.all():
        assert change.programs == {FSW: ["eligible", "not_eligible"]}
        assert change.categories == {}
        assert change.crs_before == change.crs_after
    assert preview.summary["changed"] == 2
    assert preview.summary["programs"] == {FSW: {"no_longer_eligible": 2}}
    page = response.content.decode()
    for one in leads["changing"]:
        assert reverse("admin:assessments_assessment_change", args=[one.pk]) in page
    for one in leads["steady"]:
        assert reverse("admin:assessments_assessment_change", args=[one.pk]) not in page
    assert "Federal Skilled Worker" in page
    # Nothing written but the preview's own rows.
    assert table_counts() == counts
    assert list(Assessment.objects.values_list("pk", "updated_at", "scored_at", "result")) == stamps


def test_the_preview_makes_no_query_per_lead(admin_client, clb8_from_day, leads):
    clear_cache()
    with CaptureQueriesContext(connection) as few:
        start(admin_client, clb8_from_day)
    for n in range(12):
        lead(7 + n % 3, "CA", 2)
    clear_cache()
    with CaptureQueriesContext(connection) as many:
        start(admin_client, clb8_from_day)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_before_the_versions_day_nothing_changes(admin_client, clb8_from_day, leads):
    start(admin_client, clb8_from_day, day=DAY - timedelta(days=1))
    preview = ImpactPreview.objects.get()
    assert preview.status == ImpactPreview.Status.DONE
    assert preview.summary["changed"] == 0
    assert not preview.changes.exists()


def test_without_a_superseding_version_the_one_before_runs_on(clb8_from_day):
    before = Criterion.objects.get(
        program__slug=FSW, code="language", effective_to=DAY - timedelta(1)
    )
    overlay = overlay_without([("criterion", clb8_from_day.pk)])
    assert overlay.ends == {("criterion", before.pk): None}
    fsw = next(p for p in build_rules(DAY, overlay=overlay).programs if p.slug == FSW)
    language = next(c for c in fsw.criteria if c.code == "language")
    assert set(language.params.levels.values()) == {7}
    fsw = next(p for p in build_rules(DAY).programs if p.slug == FSW)
    assert set(next(c for c in fsw.criteria if c.code == "language").params.levels.values()) == {8}


def test_a_program_closed_from_a_day_changes_every_lead(
    admin_client, leads, django_capture_on_commit_callbacks
):
    """A status "closed" from DAY, previewed from its own page's action."""
    program = Criterion.objects.get(program__slug=FSW, code="language", effective_to=None).program
    with django_capture_on_commit_callbacks(execute=True):
        status = ProgramStatus.objects.create(program=program, status="closed", effective_from=DAY)
    form = {"v": f"programstatus:{status.pk}", "as_of": DAY.isoformat(), "crs_threshold": 0}
    assert admin_client.post(START, form).status_code == 302
    preview = ImpactPreview.objects.get()
    everyone = {one.pk for group in leads.values() for one in group}
    eligible = {one.pk for one in leads["changing"]} | {
        one.pk for one in leads["steady"] if FSW in outcomes(one, "eligible")
    }
    assert set(preview.changes.values_list("assessment_id", flat=True)) == everyone
    assert preview.summary["programs"][FSW] == {
        "no_longer_eligible": len(eligible),
        "other": len(everyone - eligible),  # not eligible -> closed
    }


@pytest.mark.parametrize(("threshold", "listed"), [(10, False), (9, True)])
def test_a_crs_move_of_more_than_the_threshold_is_listed(
    admin_client, leads, django_capture_on_commit_callbacks, threshold, listed
):
    """Two years of Canadian work worth 10 more CRS points from DAY (a grid superseded)."""
    grid = ScoringGrid.objects.get(key="crs_canadian_work", effective_to=None)
    with django_capture_on_commit_callbacks(execute=True):
        (copy,) = supersede_versions(rules=[grid], from_day=DAY)
        for row in copy.table["rows"]:
            if row["at_least"] == 2:
                row["single"] += 10
        copy.full_clean()
        copy.save()
    form = {"v": f"scoringgrid:{copy.pk}", "as_of": DAY.isoformat(), "crs_threshold": threshold}
    admin_client.post(START, form)
    preview = ImpactPreview.objects.get()
    in_canada = {
        one.pk
        for group in leads.values()
        for one in group
        if one.profile["work_experience"][0]["country"] == "CA"
    }
    changed = set(preview.changes.values_list("assessment_id", flat=True))
    assert changed == (in_canada if listed else set())
    for change in preview.changes.all():
        assert (change.crs_after - change.crs_before, change.programs) == (10, {})


def test_the_rule_pages_offer_the_preview(admin_client, clb8_from_day):
    page = admin_client.get(reverse("admin:programs_criterion_change", args=[clb8_from_day.pk]))
    url = f"{START}?v=criterion%3A{clb8_from_day.pk}"
    assert url in page.content.decode()
    changelist = reverse("admin:programs_criterion_changelist")
    response = admin_client.post(
        changelist, {"action": "preview_impact", "_selected_action": [clb8_from_day.pk]}
    )
    assert response.status_code == 302 and response["Location"] == url
    form = admin_client.get(url).content.decode()
    assert "express-entry-fsw / language" in form
    assert 'value="2026-12-05"' in form or f'value="{max(DAY, timezone.localdate())}"' in form
    for name in ("occupationlist", "scoringgrid", "expressentrycategory", "programstatus"):
        row = apps.get_model("programs", name).objects.first()
        page = admin_client.get(reverse(f"admin:programs_{name}_change", args=[row.pk]))
        assert f"{START}?v={name}%3A{row.pk}" in page.content.decode(), name


def test_pending_versions_are_those_that_start_after_today(admin_client, clb8_from_day, db):
    today = timezone.localdate()
    current = Criterion.objects.get(program__slug="express-entry-cec", code="language")
    (later,) = supersede_versions(rules=[current], from_day=today + timedelta(days=10))
    assert ("criterion", later.pk) in pending_versions(today)
    assert ("criterion", clb8_from_day.pk) not in pending_versions(today)  # DAY is past
    page = admin_client.get(f"{START}?pending=1").content.decode()
    assert "express-entry-cec / language" in page


def test_applying_goes_through_the_rescore_flow(
    admin_client, clb8_from_day, leads, django_capture_on_commit_callbacks
):
    start(admin_client, clb8_from_day)
    preview = ImpactPreview.objects.get()
    stamps = dict(Assessment.objects.values_list("pk", "scored_at"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:assessments_impactpreview_apply", args=[preview.pk])
        )
    run = RescoreRun.objects.get()
    assert response.status_code == 302
    assert sorted(run.assessment_ids) == sorted(one.pk for one in leads["changing"])
    rescored = {
        pk for pk, at in Assessment.objects.values_list("pk", "scored_at") if at != stamps[pk]
    }
    assert rescored == set(run.assessment_ids)  # the run wrote, the preview did not


def test_a_large_set_runs_in_celery_chunks(
    admin_client, clb8_from_day, leads, monkeypatch, django_capture_on_commit_callbacks
):
    """Above the inline limit the preview is queued; chunks of 3 leads, eager Celery."""
    monkeypatch.setattr(impact, "INLINE_LIMIT", 2)
    monkeypatch.setattr(impact, "CHUNK_SIZE", 3)
    with django_capture_on_commit_callbacks(execute=True):
        start(admin_client, clb8_from_day)
    preview = ImpactPreview.objects.get()
    assert (preview.chunks, len(preview.chunks_done), preview.status) == (3, 3, "done")
    changed = set(preview.changes.values_list("assessment_id", flat=True))
    assert changed == {one.pk for one in leads["changing"]}
    # A chunk delivered again is not counted twice.
    impact.impact_preview_chunk(preview_id=preview.pk, low=preview.chunks_done[0], high=None)
    preview.refresh_from_db()
    assert preview.done == 7 and preview.summary["changed"] == 2


def test_the_page_refreshes_itself_while_running(admin_client, db):
    preview = ImpactPreview.objects.create(as_of=DAY, total=10, status="running", done=4)
    response = admin_client.get(
        reverse("admin:assessments_impactpreview_change", args=[preview.pk])
    )
    assert response["Refresh"] == "2"
    assert '<progress value="4" max="10">' in response.content.decode()


@pytest.mark.services("postgres", "redis")
def test_a_real_worker_previews_in_parallel_chunks(
    reference_data_restored, transactional_db, postgres_required, redis_url, monkeypatch, tmp_path
):
    """Two pool processes of a Celery worker on Redis take the chunks (a group) and add them up."""
    broker = redis_url  # this run's own Redis database; the queue's keys are Celery's own
    changing = [lead(7, "CA", 2), lead(7, "CA", 2.5), lead(7, "CA", 3)]
    steady = [lead(9, "IN"), lead(8, "CA", 2), lead(6, "CA", 2), lead(9, "CA", 2)]
    current = Criterion.objects.get(program__slug=FSW, code="language", effective_to__isnull=True)
    (copy,) = supersede_versions(rules=[current], from_day=DAY)
    copy.params = {**copy.params, "levels": dict.fromkeys(copy.params["levels"], 8)}
    copy.save()
    monkeypatch.setattr(impact, "INLINE_LIMIT", 0)
    monkeypatch.setattr(impact, "CHUNK_SIZE", 2)
    worker = Worker(
        {"DATABASE_URL": database_url(connection.settings_dict), "CELERY_BROKER_URL": broker},
        concurrency=2,
        log=tmp_path / "worker.log",
    )
    worker.start()
    try:
        with celery_producer(broker):
            preview = impact.impact_preview_start(
                refs=[("criterion", copy.pk)], as_of=DAY, crs_threshold=10, user=None
            )
            finished = ImpactPreview.objects.filter(pk=preview.pk, status__in=["done", "failed"])
            wait_until(finished.exists, 60, "the preview to finish")
    finally:
        worker.stop()
    preview.refresh_from_db()
    assert (preview.status, preview.chunks, preview.done) == ("done", 4, 7), worker.output()
    changed = set(preview.changes.values_list("assessment_id", flat=True))
    assert changed == {one.pk for one in changing}
    assert {one.pk for one in steady}.isdisjoint(changed)
    assert "impact_preview_chunk" in worker.output()


def test_a_day_too_far_ahead_or_rules_that_cannot_load_are_form_errors(admin_client, clb8_from_day):
    page = start(admin_client, clb8_from_day, day=date(2099, 1, 1)).content.decode()
    assert "at most 5 years after today" in page
    Criterion.objects.filter(pk=clb8_from_day.pk).update(params={"levels": {}})  # no signal
    clear_cache()
    page = start(admin_client, clb8_from_day).content.decode()
    assert "Criterion language of express-entry-fsw is invalid" in page
    assert not ImpactPreview.objects.exists()
