"""Impact preview: what some rule versions would change for the stored leads, as of a day.

Each lead is scored twice on the chosen day: with the rules as stored, and without the chosen
versions (`programs.impact.overlay_without`: a superseded version runs on in their place). The
leads whose program outcomes, Express Entry categories or CRS total (by more than the preview's
threshold) differ are recorded with the preview. Nothing is written to the leads: staff apply a
change with the re-score flow (`assessments.rescore`).

A small set runs in the request; a large one in Celery: primary-key ranges of `CHUNK_SIZE`
leads, one task each (a group, so workers take them in parallel), each adding its counts to the
preview under a row lock. A chunk delivered twice is counted once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from programs.engine import ProfileError, RuleError, RuleSet, assess, parse_profile
from programs.engine.profile import Profile
from programs.impact import RuleRef, overlay_without, version_label, versions_of
from programs.loader import build_rules, load_rules, rules_version
from programs.scoring import score_best_language_order

from .jobs import IMPACT_PREVIEW_RUN, start
from .models import Assessment, ImpactChange, ImpactPreview

CHUNK_SIZE = 2000
# Up to this many leads the request previews them itself (a few seconds at most); above, Celery.
INLINE_LIMIT = 300
READ_BATCH = 500  # rows fetched at a time from the database cursor


def preview_leads() -> QuerySet[Assessment]:
    """The leads a preview scores: those re-scoring would touch (rescore_all_start's set)."""
    return Assessment.objects.filter(
        status__in=[Assessment.Status.SCORED, Assessment.Status.FAILED], erased_at__isnull=True
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    programs: dict[str, str]
    categories: dict[str, bool | None]
    crs: int


def rules_pair(as_of: date, refs: Iterable[RuleRef]) -> tuple[RuleSet, RuleSet]:
    """The rules of `as_of` without the versions (before the change) and as stored (after);
    RuleError when either cannot be built."""
    after = load_rules(as_of)
    return build_rules(as_of, after.noc, overlay=overlay_without(refs)), after


# One entry: the rule sets of the preview a worker is running, until the rules change.
_rules_cache: dict[tuple[int, object, object], tuple[RuleSet, RuleSet]] = {}


def _preview_rules(
    preview: ImpactPreview, built: tuple[RuleSet, RuleSet] | None = None
) -> tuple[RuleSet, RuleSet]:
    """The preview's two rule sets, built once per process (or given, already built)."""
    key = (preview.pk, preview.created_at, rules_version())
    if key not in _rules_cache:
        _rules_cache.clear()
        _rules_cache[key] = built or rules_pair(preview.as_of, refs_of(preview))
    return _rules_cache[key]


def refs_of(preview: ImpactPreview) -> list[RuleRef]:
    return [(version["model"], version["id"]) for version in preview.versions]


def impact_preview_start(
    *,
    refs: list[RuleRef],
    as_of: date,
    crs_threshold: int,
    user: AbstractBaseUser | None,
) -> ImpactPreview:
    """Record a preview of these versions and run it: here for a small set of leads, else in
    Celery once the transaction commits. RuleError (nothing recorded) when the rules with or
    without the versions cannot be built on `as_of`."""
    built = rules_pair(as_of, refs)
    preview = ImpactPreview.objects.create(
        created_by=user if user and user.is_authenticated else None,
        as_of=as_of,
        crs_threshold=crs_threshold,
        versions=[
            {"model": rule._meta.model_name, "id": rule.pk, "label": version_label(rule)}
            for rule in versions_of(refs)
        ],
        total=preview_leads().count(),
    )
    if preview.total <= INLINE_LIMIT:
        _preview_rules(preview, built)
        for low, high in impact_preview_plan(preview_id=preview.pk):
            impact_preview_chunk(preview_id=preview.pk, low=low, high=high)
        preview.refresh_from_db()
    else:
        transaction.on_commit(lambda: _queue(preview.pk))
    return preview


def _queue(preview_id: int) -> None:
    start(IMPACT_PREVIEW_RUN, preview_id, CHUNK_SIZE)


def chunk_ranges(chunk_size: int | None = None) -> list[tuple[int, int | None]]:
    """Primary-key ranges [low, high) of `chunk_size` leads each (the last one open), read
    through a cursor: the keys are never all in memory."""
    chunk_size = chunk_size or CHUNK_SIZE
    keys = preview_leads().order_by("pk").values_list("pk", flat=True)
    starts = [
        pk for index, pk in enumerate(keys.iterator(chunk_size=10_000)) if index % chunk_size == 0
    ]
    return list(zip(starts, [*starts[1:], None], strict=True))


def impact_preview_plan(
    *, preview_id: int, chunk_size: int | None = None
) -> list[tuple[int, int | None]]:
    """Split the leads into chunks and record how many; a preview with no lead is done."""
    ranges = chunk_ranges(chunk_size)
    status = ImpactPreview.Status.RUNNING if ranges else ImpactPreview.Status.DONE
    ImpactPreview.objects.filter(pk=preview_id).update(
        chunks=len(ranges),
        status=status,
        finished_at=None if ranges else timezone.now(),
    )
    return ranges


def impact_preview_chunk(*, preview_id: int, low: int, high: int | None) -> int:
    """Score the leads with primary keys in [low, high) with and without the change, and add
    what changed to the preview (one transaction). Returns the leads scored; 0 when the chunk
    was counted already or the preview has ended."""
    preview = ImpactPreview.objects.get(pk=preview_id)
    if preview.status in (ImpactPreview.Status.DONE, ImpactPreview.Status.FAILED):
        return 0
    if low in preview.chunks_done:
        return 0
    before_rules, after_rules = _preview_rules(preview)
    leads = preview_leads().filter(pk__gte=low)
    if high is not None:
        leads = leads.filter(pk__lt=high)
    # The profile as JSON text: parsed once by the engine, not decoded by the driver first.
    as_text = Cast("profile", output_field=TextField())
    rows = leads.order_by("pk").values_list("pk", as_text).iterator(chunk_size=READ_BATCH)
    tally = Tally(preview.crs_threshold)
    changes = [
        ImpactChange(preview_id=preview_id, **change)
        for change in tally.compare(rows, preview.as_of, before_rules, after_rules)
    ]
    with transaction.atomic():
        preview = ImpactPreview.objects.select_for_update().get(pk=preview_id)
        if low in preview.chunks_done or preview.status == ImpactPreview.Status.FAILED:
            return 0
        ImpactChange.objects.bulk_create(changes)
        preview.summary = merge_summaries(preview.summary, tally.summary)
        preview.done += tally.scored
        preview.chunks_done.append(low)
        if len(preview.chunks_done) >= preview.chunks:
            preview.status = ImpactPreview.Status.DONE
            preview.finished_at = timezone.now()
        preview.save()
    return tally.scored


def impact_preview_mark_failed(*, preview_id: int, error: str) -> None:
    ImpactPreview.objects.filter(pk=preview_id).exclude(status=ImpactPreview.Status.DONE).update(
        status=ImpactPreview.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def outcomes(
    text: str, as_of: date, before: RuleSet, after: RuleSet
) -> tuple[Outcome | None, Outcome | None]:
    """A lead's outcomes on `as_of` with each rule set (None: the profile cannot be scored on
    that day). The profile is parsed once; one with two language results is scored in its
    better order, as its stored result was (`score_best_language_order`)."""
    try:
        profile = parse_profile(text)
        if profile.languages.first is None or profile.languages.second is None:
            return _assessed(profile, before), _assessed(profile, after)
    except (ProfileError, RuleError):
        return None, None
    data = json.loads(text) | {"as_of": as_of.isoformat()}
    return _best_order(data, as_of, before), _best_order(data, as_of, after)


def _assessed(profile: Profile, rules: RuleSet) -> Outcome | None:
    try:
        return _outcome(assess(profile, rules, suggestions=False))
    except (ProfileError, RuleError):
        return None


def _best_order(data: dict[str, Any], as_of: date, rules: RuleSet) -> Outcome | None:
    try:
        result = score_best_language_order(
            data,
            rules_by_day=lambda _day: rules,  # type: ignore[arg-type]
            today=as_of,
            suggestions=False,
        )
    except (ProfileError, RuleError):
        return None
    return _outcome(result)


def _outcome(result: dict[str, Any]) -> Outcome:
    return Outcome(
        programs={p["slug"]: p["outcome"] for p in result["programs"]},
        categories={c["slug"]: c["qualifies"] for c in result["categories"]},
        crs=result["crs"]["total"],
    )


def _differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        slug: [before.get(slug), after.get(slug)]
        for slug in sorted(before.keys() | after.keys())
        if before.get(slug) != after.get(slug)
    }


class Tally:
    """Compares leads one by one and counts the changes, program by program."""

    def __init__(self, crs_threshold: int) -> None:
        self.crs_threshold = crs_threshold
        self.scored = 0
        self.summary: dict[str, Any] = {
            "changed": 0,
            "crs_moved": 0,
            "unscored": 0,
            "programs": {},
            "categories": {},
        }

    def compare(
        self, rows: Iterable[tuple[int, str]], as_of: date, before: RuleSet, after: RuleSet
    ) -> Iterator[dict[str, Any]]:
        """The changes of the leads whose outcome differs (fields of an ImpactChange)."""
        for pk, text in rows:
            self.scored += 1
            old, new = outcomes(text, as_of, before, after)
            if old is None or new is None:
                self.summary["unscored"] += 1
                continue
            change = self._change(old, new)
            if change is not None:
                yield {"assessment_id": pk, **change}

    def _change(self, old: Outcome, new: Outcome) -> dict[str, Any] | None:
        programs = _differences(old.programs, new.programs)
        categories = _differences(old.categories, new.categories)
        crs_moved = abs(new.crs - old.crs) > self.crs_threshold
        if not (programs or categories or crs_moved):
            return None
        self.summary["changed"] += 1
        self.summary["crs_moved"] += crs_moved
        for slug, (was, now) in programs.items():
            key = (
                "newly_eligible"
                if now == "eligible"
                else "no_longer_eligible"
                if was == "eligible"
                else "other"
            )
            _count(self.summary["programs"], slug, key)
        for slug, (was, now) in categories.items():
            key = "newly" if now is True else "no_longer" if was is True else "other"
            _count(self.summary["categories"], slug, key)
        return {
            "programs": programs,
            "categories": categories,
            "crs_before": old.crs,
            "crs_after": new.crs,
        }


def _count(table: dict[str, dict[str, int]], slug: str, key: str) -> None:
    row = table.setdefault(slug, {})
    row[key] = row.get(key, 0) + 1


def merge_summaries(total: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """Two chunks' counts added up (the same shape as Tally.summary)."""
    merged: dict[str, Any] = {}
    for key in ("changed", "crs_moved", "unscored"):
        merged[key] = total.get(key, 0) + part.get(key, 0)
    for key in ("programs", "categories"):
        table: dict[str, dict[str, int]] = {
            slug: dict(counts) for slug, counts in total.get(key, {}).items()
        }
        for slug, counts in part.get(key, {}).items():
            row = table.setdefault(slug, {})
            for name, count in counts.items():
                row[name] = row.get(name, 0) + count
        merged[key] = table
    return merged
