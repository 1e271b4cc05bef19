"""Re-scoring after a rule change: a background run over a set of assessments, in chunks, with
its progress and the list of leads whose outcome changed (so consultants can tell them)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from programs.scoring import RulesByDay

from .jobs import RESCORE_RUN, start
from .models import Assessment, RescoreRun
from .services import assessment_score

CHUNK_SIZE = 100


def rescore_start(
    *, assessment_ids: Iterable[int], user: AbstractBaseUser | None, reason: str = ""
) -> RescoreRun:
    """Record a run and queue it once the transaction commits (the sweeper does not need to
    know about runs: a run left `running` by a dead worker is resumed by starting it again)."""
    ids = sorted(set(assessment_ids))
    run = RescoreRun.objects.create(
        created_by=user if user and user.is_authenticated else None,
        reason=reason[:200],
        assessment_ids=ids,
        total=len(ids),
    )
    transaction.on_commit(lambda: _queue(run.pk))
    return run


def rescore_all_start(*, user: AbstractBaseUser | None, reason: str) -> RescoreRun:
    """Re-score every assessment that has been scored or failed, i.e. all that a rule affects.
    Erased leads are left out: their answers were coarsened, their stored scores are statistics."""
    ids = Assessment.objects.filter(
        status__in=[Assessment.Status.SCORED, Assessment.Status.FAILED], erased_at__isnull=True
    ).values_list("pk", flat=True)
    return rescore_start(assessment_ids=ids, user=user, reason=reason)


def _queue(run_id: int) -> None:
    start(RESCORE_RUN, run_id)


def _outcome(assessment: Assessment) -> dict[str, object]:
    return {
        "best_outcome": assessment.best_outcome,
        "crs": assessment.crs_total,
        "eligible": sorted(p.slug for p in assessment.eligible_programs.all()),
    }


def rescore_run_chunk(*, run_id: int, rules_by_day: RulesByDay) -> bool:
    """Re-score the next chunk of a run and record its progress; False once the run is done.

    Each chunk is one transaction with the progress, so a worker that dies repeats at most one
    chunk, and re-scoring an assessment twice gives the same result.
    """
    with transaction.atomic():
        run = RescoreRun.objects.select_for_update().get(pk=run_id)
        if run.status in (RescoreRun.Status.DONE, RescoreRun.Status.FAILED):
            return False
        chunk = run.assessment_ids[run.done : run.done + CHUNK_SIZE]
        for assessment_id in chunk:
            change = _rescore_one(assessment_id, rules_by_day)
            if change:
                run.changed.append(change)
        run.done += len(chunk)
        run.status = RescoreRun.Status.RUNNING
        if run.done >= run.total:
            run.status = RescoreRun.Status.DONE
            run.finished_at = timezone.now()
        run.save()
        return run.status == RescoreRun.Status.RUNNING


def _rescore_one(assessment_id: int, rules_by_day: RulesByDay) -> dict[str, object] | None:
    assessment = (
        Assessment.objects.filter(pk=assessment_id, erased_at__isnull=True)
        .prefetch_related("eligible_programs")
        .first()
    )
    if assessment is None:  # erased or deleted since the run was started
        return None
    before = _outcome(assessment)
    after_assessment = assessment_score(
        assessment_id=assessment_id, rules_by_day=rules_by_day, force=True, notify=False
    )
    after = _outcome(after_assessment)
    if (before["best_outcome"], before["eligible"]) == (after["best_outcome"], after["eligible"]):
        return None
    return {"id": assessment_id, "name": assessment.name, "before": before, "after": after}


def rescore_mark_failed(*, run_id: int) -> None:
    """A run whose task raised: shown as failed in the admin (done / total tells how far it got)."""
    RescoreRun.objects.filter(pk=run_id).exclude(status=RescoreRun.Status.DONE).update(
        status=RescoreRun.Status.FAILED, finished_at=timezone.now()
    )
