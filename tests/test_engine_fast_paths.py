"""The engine's fast paths give exactly what plain evaluation gives.

Scoring caches each criterion's verdict by the figures it reads, re-scores in suggestion trials
only what a change touches, and skips work in a few common cases (programs/engine/programs.py,
suggestions.py, crs.py, experience.py, profile.py). Each shortcut is checked here against the
slow way on generated profiles, so a shortcut that drifts fails a test rather than a comparison
with another implementation.
"""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.engine import crs, fsw, parse_profile
from programs.engine.criteria import Context, evaluate
from programs.engine.experience import WorkPeriod, units_in_window
from programs.engine.facts import derive_facts, with_changes
from programs.engine.grids import ABILITIES
from programs.engine.messages import render
from programs.engine.profile import VALID_SCORES, check_profile, scale_problem
from programs.engine.programs import evaluate_categories, evaluate_programs, trial_outcomes
from programs.engine.suggestions import _candidates, _opened, _trial_opens
from tests.profiles import AS_OF, born_aged, clb, job, profile
from tests.strategies import profiles
from tests.test_seed_data import seed_rules

RULES = seed_rules(AS_OF)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def scored(data: dict, language: str = "en") -> tuple:
    """Facts, CRS, evaluated context, programs and categories, as `assess` computes them."""
    parsed = parse_profile(json.dumps(data))
    check_profile(parsed, AS_OF)
    facts = derive_facts(parsed, RULES)
    points = crs.score(facts, RULES.grids)
    ctx = Context(facts, RULES, points["total"], fsw.score(facts, RULES.grids), language)
    programs = evaluate_programs(ctx)
    return facts, points, ctx, programs, evaluate_categories(ctx)


@SETTINGS
@given(profiles(), st.sampled_from(["en", "fr"]))
def test_cached_verdicts_are_what_each_criterion_says(data: dict, language: str) -> None:
    _, _, ctx, programs, _ = scored(data, language)
    assert [p["slug"] for p in programs] == [p.slug for p in RULES.programs]
    for rules, shown in zip(RULES.programs, programs, strict=True):
        criteria = [c for c in shown["criteria"] if c["kind"] != "program_status"]
        for rule, criterion in zip(rules.criteria, criteria, strict=True):
            verdict = evaluate(rule.kind, rule.params, ctx)  # uncached, built afresh
            # Programs share a cache when their criteria have the same kind and parameters;
            # each entry must still show its own program's code and requirement.
            assert criterion["code"] == rule.code
            assert criterion["requirement"] == (
                rule.requirement.get(language) or rule.requirement.get("en", "")
            )
            assert criterion["met"] == verdict.met
            assert criterion["message"] == render(verdict.key, language, **verdict.values)


def test_programs_sharing_a_criterion_show_their_own_code_and_requirement() -> None:
    """Criteria of the same kind and parameters share judged verdicts across programs; the
    entries shown must not: each keeps the code and wording of its own program."""
    fsw_program = RULES.programs[0]
    twin = dataclasses.replace(
        fsw_program,
        slug="twin",
        criteria=tuple(
            dataclasses.replace(rule, code=f"twin-{rule.code}", requirement={"en": "Twin."})
            for rule in fsw_program.criteria
        ),
    )
    rules = dataclasses.replace(RULES, programs=(fsw_program, twin), extra={})
    parsed = parse_profile(json.dumps(profile()))
    facts = derive_facts(parsed, rules)
    ctx = Context(facts, rules, crs.total(facts, rules.grids), None, "en")
    first, second = evaluate_programs(ctx)
    assert [c["code"] for c in second["criteria"]] == [
        f"twin-{c['code']}" for c in first["criteria"]
    ]
    assert {c["requirement"] for c in second["criteria"]} == {"Twin."}
    assert [c["message"] for c in second["criteria"]] == [c["message"] for c in first["criteria"]]


@SETTINGS
@given(profiles())
def test_suggestion_trials_match_scoring_the_changed_profile_afresh(data: dict) -> None:
    facts, points, ctx, _, categories = scored(data)
    qualifying = {c["slug"] for c in categories if c["qualifies"]}
    for _code, change, _recheck, _values in _candidates(facts, ctx):
        changed = with_changes(facts, change)
        assert changed == facts._replace(**change)
        total = crs.total_after(points, changed, RULES.grids, change)
        assert total == crs.total(changed, RULES.grids)

        fresh = Context(changed, RULES, total, fsw.score(changed, RULES.grids), "en")
        evaluate_programs(fresh)
        fresh_qualifying = {c["slug"] for c in evaluate_categories(fresh) if c["qualifies"]}
        expected = _opened(ctx.outcomes, fresh.outcomes, (qualifying, fresh_qualifying))
        assert _trial_opens(ctx, changed, change, total, qualifying) == expected

        # Even told that everything moved, a trial gives the fresh outcomes, in the same order.
        trial = Context(changed, RULES, total, None, "en", memo=ctx.memo)
        everything = set(facts._fields) | {"@crs", "@fsw", "@outcomes"}
        assert list(trial_outcomes(trial, ctx, everything).items()) == list(fresh.outcomes.items())


@SETTINGS
@given(profiles())
def test_memoised_skill_transferability_is_the_group_worked_out_afresh(data: dict) -> None:
    facts, _, _, _, _ = scored(data)
    grid = RULES.grids["crs_transferability"]
    variants = [facts] + [
        with_changes(facts, change)
        for change in (
            {"first": None},
            {"education": "masters"},
            {"canadian_years": facts.canadian_years + 1},
            {"foreign_years": facts.foreign_years + 2},
            {"certificate_of_qualification": not facts.certificate_of_qualification},
        )
    ]
    for changed in variants:
        lowest = changed.first.lowest if changed.first is not None else 0
        afresh = crs._skill_transferability(
            grid,
            changed.education,
            lowest,
            changed.canadian_years,
            changed.foreign_years,
            changed.certificate_of_qualification,
        )
        assert crs.skill_transferability(changed, RULES.grids) == afresh
        assert crs.GROUPS["skill_transferability"][1] == {
            "first",
            "canadian_years",
            "education",
            "foreign_years",
            "certificate_of_qualification",
        }  # the memo key holds every fact the group reads


def test_valid_score_sets_agree_with_the_scale_rules() -> None:
    scores = [quarter / 4 for quarter in range(699 * 4 + 1)] + [-0.0, 0.1, 7.3, 1e-9]
    for test, valid in VALID_SCORES.items():
        for ability, allowed in zip(ABILITIES, valid, strict=True):
            for score in scores:
                assert (score in allowed) == (scale_problem(test, ability, score) is None)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 15 * 365),
    st.integers(0, 6 * 365),
    st.floats(0.01, 168, allow_nan=False, allow_infinity=False),
    st.sampled_from([3, 5, 10]),
)
def test_one_job_in_a_window_counts_as_the_sweep_does(
    started: int, length: int, hours: float, window: int
) -> None:
    start = AS_OF - timedelta(days=started)
    end = start + timedelta(days=length)
    one = WorkPeriod("21231", ("21231",), 1, True, start, end, hours, False, False)
    # A second job of zero hours on the very same days forces the general sweep.
    shadow = one._replace(hours_per_week=0.0)
    assert units_in_window([one], AS_OF, window) == units_in_window([one, shadow], AS_OF, window)


def _assess_lines(lines: list[str]) -> list[dict]:
    out = io.BytesIO()
    fake_in = io.TextIOWrapper(io.BytesIO("\n".join(lines).encode()), encoding="utf-8")
    fake_out = io.TextIOWrapper(out, encoding="utf-8")
    old_in, old_out = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = fake_in, fake_out
    try:
        call_command("assess", "--jsonl")
    finally:
        sys.stdin, sys.stdout = old_in, old_out
        fake_out.flush()
        fake_out.detach()
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_assess_jsonl_queries_do_not_grow_with_the_number_of_profiles(
    django_assert_max_num_queries,
) -> None:
    from django.db import connection

    from programs.loader import clear_cache

    documents = [
        json.dumps(
            profile(
                date_of_birth=born_aged(age),
                languages={"first": clb(level)},
                work_experience=[job("21231", years, country="IN")],
            )
        )
        for age in range(22, 42)
        for level, years in ((7, 1), (9, 3))
    ]
    clear_cache()
    with CaptureQueriesContext(connection) as one:
        (single,) = _assess_lines(documents[:1])
    assert single["as_of"] == AS_OF.isoformat()
    clear_cache()
    with django_assert_max_num_queries(len(one.captured_queries)):
        results = _assess_lines(documents)
    assert len(results) == len(documents) == 40
    assert len({r["crs"]["total"] for r in results}) > 10
    assert date.fromisoformat(results[-1]["as_of"]) == AS_OF
