"""The engine's fast paths give exactly what plain evaluation gives.

Scoring caches each criterion's verdict by the values of the facts its kind declares, re-evaluates
in suggestion trials only the criteria a change touches, and skips work in a few common cases
(programs/engine/programs.py, verdicts.py, suggestions.py, experience.py, profile.py). Each shortcut is checked here against the
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

from programs.engine import assess, crs, fsw, parse_profile
from programs.engine.criteria import Context, evaluate, render_verdict, requirement_text
from programs.engine.criteria_params import references
from programs.engine.experience import WorkPeriod, units_in_window
from programs.engine.facts import Recording, derive_facts
from programs.engine.grids import ABILITIES
from programs.engine.profile import VALID_SCORES, check_profile, scale_problem
from programs.engine.programs import (
    checks_in_order,
    evaluate_categories,
    evaluate_programs,
    share_judged,
    trial_outcomes,
)
from programs.engine.rules import ProgramRules, RuleSet
from programs.engine.suggestions import _candidates, _opened, _trial_opens
from programs.engine.verdicts import VerdictCache
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
    ctx = Context(
        facts,
        RULES,
        points["total"],
        fsw.score(facts, RULES.grids),
        language,
        checks_in_order(RULES),
    )
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
            assert criterion["code"] == rule.code
            assert criterion["requirement"] == requirement_text(
                rule.kind, rule.params, rule.requirement, RULES, language
            )
            assert criterion["met"] == verdict.met
            assert criterion["message"] == render_verdict(verdict, language)


def test_a_copy_of_the_rules_with_other_programs_shows_its_own_criteria() -> None:
    """The verdict cache travels with copies of a rule set: a copy with other programs (here a
    twin with other codes and texts) must not be shown the entries judged for the first."""
    fsw_program = RULES.programs[0]
    twin = dataclasses.replace(
        fsw_program,
        slug="twin",
        criteria=tuple(
            dataclasses.replace(rule, code=f"twin-{rule.code}", requirement={"en": "Twin."})
            for rule in fsw_program.criteria
        ),
    )
    parsed = parse_profile(json.dumps(profile()))
    facts = derive_facts(parsed, RULES)
    scores = (crs.total(facts, RULES.grids), fsw.score(facts, RULES.grids))
    evaluate_programs(
        Context(facts, RULES, *scores, "en", checks_in_order(RULES))
    )  # fills the cache for RULES
    rules = dataclasses.replace(RULES, programs=(twin, fsw_program))
    second, first = evaluate_programs(Context(facts, rules, *scores, "en", checks_in_order(rules)))
    assert [c["code"] for c in second["criteria"]] == [
        f"twin-{c['code']}" for c in first["criteria"]
    ]
    assert {c["requirement"] for c in second["criteria"]} == {"Twin."}
    assert [c["message"] for c in second["criteria"]] == [c["message"] for c in first["criteria"]]


def _copy(rules: RuleSet, **changes: object) -> RuleSet:
    """A copy of a rule set with its own, empty verdict cache (as the loader builds one)."""
    return dataclasses.replace(rules, verdicts=VerdictCache(), **changes)


def _paused(program: ProgramRules) -> ProgramRules:
    return dataclasses.replace(program, status="paused", status_note={"en": "Paused."})


def test_a_new_interval_keeps_what_the_unchanged_programs_judged() -> None:
    earlier = _copy(RULES)
    changed = RULES.programs[0].slug
    later = _copy(RULES, programs=(_paused(RULES.programs[0]), *RULES.programs[1:]))
    share_judged(later, earlier)
    theirs = {checks.program.slug: checks for checks in checks_in_order(earlier)}
    for checks in checks_in_order(later):
        assert (checks is theirs[checks.program.slug]) == (checks.program.slug != changed)
    assert later.verdict_cache().categories is earlier.verdict_cache().categories

    # Another version of a list a program's criteria name: that program judges afresh.
    named = {
        checks.program.slug
        for checks in checks_in_order(earlier)
        if any(
            target == "occupation_list" and value == "ontario-tech"
            for rule in checks.program.criteria
            for _, target, value in references(rule.params)
        )
    }
    assert named
    lists = {**RULES.occupation_lists, "ontario-tech": frozenset({"21231"})}
    relisted = _copy(RULES, occupation_lists=lists)
    share_judged(relisted, earlier)
    for checks in checks_in_order(relisted):
        assert (checks is theirs[checks.program.slug]) == (checks.program.slug not in named)

    # Another grid: nothing is shared.
    funds = RULES.grids["proof_of_funds"].model_copy(update={"each_additional": 1})
    grids = {**RULES.grids, "proof_of_funds": funds}
    other = _copy(RULES, grids=grids)
    share_judged(other, earlier)
    assert not set(map(id, checks_in_order(other))) & set(map(id, theirs.values()))
    assert other.verdict_cache().categories is not earlier.verdict_cache().categories


@SETTINGS
@given(st.lists(profiles(), min_size=1, max_size=4), st.sampled_from(["en", "fr"]))
def test_shared_judgements_give_what_a_fresh_rule_set_gives(
    documents: list[dict], language: str
) -> None:
    earlier = _copy(RULES)
    programs = (_paused(RULES.programs[0]), *RULES.programs[1:])
    later = _copy(RULES, programs=programs)
    share_judged(later, earlier)
    fresh = _copy(RULES, programs=programs)
    for data in documents:  # the earlier interval judges first, as a batch over time does
        assess(parse_profile(json.dumps(data)), earlier, language=language)
    for data in documents:
        profile = parse_profile(json.dumps(data))
        shared = assess(profile, later, language=language)
        assert shared == assess(profile, fresh, language=language)


@SETTINGS
@given(profiles())
def test_suggestion_trials_match_scoring_the_changed_profile_afresh(data: dict) -> None:
    facts, points, ctx, _, categories = scored(data)
    qualifying = {c["slug"] for c in categories if c["qualifies"]}
    crs_reads: dict[str, frozenset[str]] = {}
    assert crs.score(facts, RULES.grids, crs_reads) == points  # recorded while scoring
    recording = Recording(facts)
    assert fsw.score(recording, RULES.grids) == ctx.fsw
    fsw_reads = frozenset(recording.read)
    for _code, change, _recheck, _values in _candidates(facts, ctx):
        changed = facts._replace(**change)
        total = crs.total_after(points, crs_reads, changed, RULES.grids, change)
        assert total == crs.total(changed, RULES.grids)
        fresh = Context(changed, RULES, total, fsw.score(changed, RULES.grids), "en", ctx.checks)
        evaluate_programs(fresh)
        fresh_qualifying = {c["slug"] for c in evaluate_categories(fresh) if c["qualifies"]}
        expected = _opened(ctx.outcomes, fresh.outcomes, (qualifying, fresh_qualifying))
        assert _trial_opens(ctx, fsw_reads, changed, change, total, qualifying) == expected

        # Even told that everything moved, a trial gives the fresh outcomes, in the same order.
        trial = Context(changed, RULES, total, fresh.fsw, "en", ctx.checks)
        everything = set(facts._fields) | {"@crs", "@fsw", "@outcomes"}
        outcomes = trial_outcomes(trial, ctx, everything)
        assert list(outcomes.items()) == list(fresh.outcomes.items())


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
