"""Evaluate one eligibility criterion: met (True), not met (False) or unknown (None), and why.

Each kind of `criteria_params.CRITERION_PARAMS` is two functions here:

- a *measure* reads, from the profile's facts, exactly the figures the kind depends on and
  returns them as a small hashable value (a level, an age, months of work, a tuple of these);
- a *judge* turns those figures into a `Verdict`: the outcome, a message key of
  `messages.MESSAGES` and the values to fill it with.

The split is what makes scoring fast: `compiled.py` caches the judged verdict (and its rendered
message) by the measured figures, so thousands of applicants with the same age, level or months
of work share one judgement. A measure must therefore read everything its judge depends on;
`DEPENDS` names the facts each measure reads, so suggestion trials can skip criteria whose
inputs a change cannot touch.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from . import criteria_params as p
from . import fsw
from .compiled import per_rule_set
from .experience import MONTH_UNITS, Units, WorkPeriod, has_continuous_run, units_in_window
from .facts import SKILLED_TEERS, Facts
from .grids import ABILITIES, EDUCATION_LEVELS
from .language import Levels
from .messages import (
    ABILITY_NAMES,
    EDUCATION_NAMES,
    FLAG_LABELS,
    WHERE_NAMES,
    render,
    required_language_name,
)
from .provinces import in_province, outside_province
from .rules import RuleSet

Measure = Callable[["Context"], Hashable]
Judge = Callable[[Any], "Verdict"]


class Verdict(NamedTuple):
    met: bool | None
    key: str
    values: dict[str, Any]


@dataclass(slots=True)
class Context:
    facts: Facts
    rules: RuleSet
    crs_total: int
    fsw: dict[str, Any] | None  # None: worked out when a criterion first reads it (see fsw_result)
    language: str
    outcomes: dict[str, str] = field(default_factory=dict)
    mets: dict[str, list[bool | None]] = field(default_factory=dict)  # program -> per criterion
    category_mets: list[bool | None] = field(default_factory=list)  # requirement met, per category
    memo: dict[Any, Any] = field(default_factory=dict)  # work look-ups, for one profile only

    def fsw_result(self) -> dict[str, Any]:
        if self.fsw is None:
            self.fsw = fsw.score(self.facts, self.rules.grids)
        return self.fsw


def money(amount: int, language: str) -> str:
    """Whole dollars grouped as each language writes them: 15,263 in English, 15 263 in French."""
    grouped = f"{amount:,}"
    return grouped.replace(",", "\u202f") if language == "fr" else grouped


def _scale(language: str | None) -> str:
    return "NCLC" if language == "fr" else "CLB"


# --- work history look-ups (memoised per profile) -----------------------------------------


@dataclass(eq=False, slots=True)
class WorkQuestion:
    """Which jobs count and in which window; one instance per distinct question and rule set.

    Hashed by identity (`work_question` interns them), so a profile's memo finds the answer to a
    question asked by several criteria and categories without building a key each time.
    """

    where: str  # canada / abroad / any
    teers: frozenset[int]
    codes: frozenset[str] | None  # NOC 2021 codes of an occupation list, None for any
    exclude_self_employed: bool
    exclude_student: bool
    window_years: int

    def select(self, jobs: tuple[WorkPeriod, ...]) -> list[WorkPeriod]:
        where, teers, codes = self.where, self.teers, self.codes
        chosen = []
        for job in jobs:
            in_canada = job.in_canada
            if (where == "canada" and not in_canada) or (where == "abroad" and in_canada):
                continue
            if job.teer not in teers:
                continue
            # Self-employment never counts as Canadian experience (contract rule 6).
            if job.self_employed and (self.exclude_self_employed or in_canada):
                continue
            if self.exclude_student and job.while_full_time_student:
                continue
            if codes is not None and codes.isdisjoint(job.codes_2021):
                continue
            chosen.append(job)
        return chosen


def work_question(
    rules: RuleSet,
    *,
    where: str,
    teers: Collection[int],
    occupation_list: str | None,
    exclude_self_employed: bool,
    exclude_student: bool,
    window_years: int,
) -> WorkQuestion:
    """The rule set's one instance of this question (built when criteria are compiled)."""
    interned = per_rule_set(rules, "work-questions", (rules.occupation_lists,), dict)
    teers = frozenset(teers)
    key = (where, teers, occupation_list, exclude_self_employed, exclude_student, window_years)
    question = interned.get(key)
    if question is None:
        codes = rules.occupation_list(occupation_list) if occupation_list else None
        question = interned[key] = WorkQuestion(
            where, teers, codes, exclude_self_employed, exclude_student, window_years
        )
    return question


def units_of(ctx: Context, jobs: list[WorkPeriod], window_years: int) -> Units:
    """Week-hour days of these jobs in the window, memoised: many questions pick the same jobs."""
    if not jobs:
        return 0
    key = (window_years, *map(id, jobs))  # the jobs outlive the memo (one profile's facts)
    units = ctx.memo.get(key)
    if units is None:
        units = ctx.memo[key] = units_in_window(jobs, ctx.facts.as_of, window_years)
    return units


def worked(ctx: Context, question: WorkQuestion) -> tuple[list[WorkPeriod], Units]:
    """The jobs that count and their week-hour days in the window, memoised per work history.

    Programs and categories ask the same questions many times per profile (and again in each
    suggestion trial); the memo holds the work history it was computed for and is used only
    while that very object is the one being scored.
    """
    history = ctx.facts.jobs
    if not history:
        return [], 0
    hit = ctx.memo.get(question)
    if hit is not None and hit[0] is history:
        return hit[1], hit[2]
    jobs = question.select(history)
    units = units_of(ctx, jobs, question.window_years)
    ctx.memo[question] = (history, jobs, units)
    return jobs, units


def continuous_run(ctx: Context, question: WorkQuestion, months: int) -> bool:
    """Whether the question's jobs hold a continuous run of `months` (contract rule 7), memoised."""
    history = ctx.facts.jobs
    key = (question, months)
    hit = ctx.memo.get(key)
    if hit is not None and hit[0] is history:
        return hit[1]
    jobs, _ = worked(ctx, question)
    run = (
        has_continuous_run(jobs, ctx.facts.as_of, question.window_years, months) if jobs else False
    )
    ctx.memo[key] = (history, run)
    return run


def required_funds(rules: RuleSet, family_size: int) -> int:
    grid = rules.grids["proof_of_funds"]
    amounts = grid.amounts
    if family_size <= len(amounts):
        return amounts[family_size - 1]
    return amounts[-1] + (family_size - len(amounts)) * grid.each_additional


def _works_in_canada_now(facts: Facts) -> bool:
    return any(job.in_canada and (job.end is None or job.end >= facts.as_of) for job in facts.jobs)


# --- measures: the figures each kind reads --------------------------------------------------


def _language_slots(params: p.LanguageMin, facts: Facts) -> tuple:
    if params.language == "first":
        return ((facts.first, facts.first_language),)
    if params.language == "english":
        return ((facts.levels_in("en"), "en"),)
    if params.language == "french":
        return ((facts.levels_in("fr"), "fr"),)
    return ((facts.first, facts.first_language), (facts.second, facts.second_language))


def measure_language_min(params: p.LanguageMin, ctx: Context) -> Hashable:
    return _language_slots(params, ctx.facts)


def canadian_work(rules: RuleSet, window_years: int) -> WorkQuestion:
    """Skilled work in Canada as CEC counts it (not self-employed, not while a student)."""
    return work_question(
        rules,
        where="canada",
        teers=SKILLED_TEERS,
        occupation_list=None,
        exclude_self_employed=True,
        exclude_student=True,
        window_years=window_years,
    )


def measure_language_by_teer(
    params: p.LanguageByTeer, ctx: Context, question: WorkQuestion
) -> Hashable:
    """(lowest level, TEERs of the Canadian skilled work, enough of it at a reached TEER?)."""
    facts = ctx.facts
    if facts.first is None:
        return None
    lowest = facts.first.lowest
    canadian, _ = worked(ctx, question)  # often CEC's own experience question: memoised once
    teers_worked = tuple(sorted({job.teer for job in canadian if job.teer is not None}))
    if not teers_worked:
        return lowest, teers_worked, False
    reached = {int(t) for t, level in params.teer_levels.items() if lowest >= level}
    qualifying = [job for job in canadian if job.teer in reached]
    units = units_of(ctx, qualifying, params.window_years)
    return lowest, teers_worked, units >= params.months * MONTH_UNITS


def measure_education_min(params: p.EducationMin, ctx: Context) -> Hashable:
    facts = ctx.facts
    return facts.education, facts.has_eca or facts.canadian_education != "none"


def experience_question(params: p.Experience, rules: RuleSet) -> WorkQuestion:
    return work_question(
        rules,
        where=params.where,
        teers=params.teers,
        occupation_list=params.occupation_list,
        exclude_self_employed=params.exclude_self_employed,
        exclude_student=params.exclude_full_time_student,
        window_years=params.window_years,
    )


def measure_experience(params: p.Experience, ctx: Context, question: WorkQuestion) -> Hashable:
    """(whole months of work, a continuous run when the kind asks for one, else None)."""
    _, units = worked(ctx, question)
    months = int(units // MONTH_UNITS)
    if not params.continuous_same_noc:
        return months, None
    return months, continuous_run(ctx, question, params.months)


def measure_job_offer(params: p.JobOffer, ctx: Context) -> Hashable:
    offer = ctx.facts.offer
    if offer is None:
        return None
    listed = None
    if params.occupation_list:
        codes = ctx.rules.occupation_list(params.occupation_list)
        listed = not codes.isdisjoint(offer.codes_2021)
    return (
        offer.province,
        listed,
        offer.teer,
        offer.full_time,
        offer.duration_months,
        offer.lmia_or_exempt,
        offer.noc,
    )


def measure_age_range(params: p.AgeRange, ctx: Context) -> Hashable:
    return ctx.facts.age


def measure_settlement_funds(params: p.SettlementFunds, ctx: Context) -> Hashable:
    facts = ctx.facts
    offer = facts.offer
    exempt = (
        params.exempt_with_job_offer
        and offer is not None
        and offer.lmia_or_exempt
        and _works_in_canada_now(facts)
    )
    return facts.family_size, exempt, facts.settlement_funds_cad


def measure_province(params: p.Province_, ctx: Context) -> Hashable:
    return ctx.facts.intended_province


def measure_express_entry_eligible(params: p.ExpressEntryEligible, ctx: Context) -> Hashable:
    outcomes = ctx.outcomes
    return tuple([outcomes.get(slug) for slug in params.programs])


def measure_min_crs(params: p.MinCrs, ctx: Context) -> Hashable:
    return ctx.crs_total


def measure_fsw_points(params: p.FswPoints, ctx: Context) -> Hashable:
    scored = ctx.fsw_result()
    return scored["total"], scored["pass_mark"]


def measure_profile_flag(params: p.ProfileFlag, ctx: Context) -> Hashable:
    if params.field.startswith("quebec."):
        return ctx.facts.quebec.get(params.field.removeprefix("quebec."))
    return getattr(ctx.facts, params.field)


def measure_quebec_diploma(params: p.QuebecDiploma, ctx: Context) -> Hashable:
    return ctx.facts.quebec.get("quebec_diploma")


def measure_manual_review(params: p.ManualReview, ctx: Context) -> Hashable:
    return None


# --- judges: figures -> verdict (no facts read here) ---------------------------------------


def judge_language_min(params: p.LanguageMin, slots: tuple, rules: RuleSet, lang: str) -> Verdict:
    names = ABILITY_NAMES[lang]
    wanted = max(params.levels.values())
    abilities = ", ".join(names[a] for a in params.levels)
    best: Verdict | None = None
    for levels, language in slots:
        if levels is None:
            continue
        short = [
            (a, getattr(levels, a), need)
            for a, need in params.levels.items()
            if getattr(levels, a) < need
        ]
        scale = _scale(language)
        if not short:
            shown = ", ".join(f"{names[a]} {getattr(levels, a)}" for a in params.levels)
            return Verdict(True, "language.met", {"scale": scale, "levels": shown, "level": wanted})
        ability, actual, need = short[0]
        best = best or Verdict(
            False,
            "language.low",
            {"scale": scale, "ability": names[ability], "actual": actual, "level": need},
        )
    if best is not None:
        return best
    language_name = required_language_name(params.language, lang)
    # "No test yet" is an answer, not a gap: the requirement is not met until a test is taken.
    return Verdict(
        False,
        "language.no_test",
        {"language": language_name, "scale": "CLB/NCLC", "level": wanted, "abilities": abilities},
    )


def judge_language_by_teer(
    params: p.LanguageByTeer, figures: Any, rules: RuleSet, lang: str
) -> Verdict:
    """Met when the experience in TEERs whose level the applicant reaches adds up to `months`."""
    if figures is None:
        return Verdict(
            False,
            "language.no_test",
            {
                "language": required_language_name(None, lang),
                "scale": "CLB/NCLC",
                "level": min(params.teer_levels.values()),
                "abilities": "4",
            },
        )
    lowest, teers_worked, met = figures
    if not teers_worked:
        levels = ", ".join(f"TEER {t}: {level}" for t, level in sorted(params.teer_levels.items()))
        return Verdict(False, "language_teer.no_experience", {"actual": lowest, "levels": levels})
    shown = ", ".join(str(t) for t in teers_worked)
    needed = min(params.teer_levels.get(str(t), 12) for t in teers_worked)
    return Verdict(
        met,
        "language_teer.met" if met else "language_teer.low",
        {"actual": lowest, "teers": shown, "level": needed},
    )


def judge_education_min(params: p.EducationMin, figures: Any, rules: RuleSet, lang: str) -> Verdict:
    education, assessed = figures
    names = EDUCATION_NAMES[lang]
    values = {"actual": names[education], "required": names[params.level]}
    if EDUCATION_LEVELS.index(education) < EDUCATION_LEVELS.index(params.level):
        return Verdict(False, "education.low", values)
    if params.requires_eca_or_canadian and not assessed:
        return Verdict(False, "education.no_eca", values)
    return Verdict(True, "education.met", values)


def judge_experience(params: p.Experience, figures: Any, rules: RuleSet, lang: str) -> Verdict:
    months, run = figures
    values = {
        "months": months,
        "required": params.months,
        "window": params.window_years,
        "where": WHERE_NAMES[lang][params.where],
    }
    if params.continuous_same_noc:
        return Verdict(run, "experience.met" if run else "experience.not_continuous", values)
    met = months >= params.months
    return Verdict(met, "experience.met" if met else "experience.low", values)


def judge_job_offer(params: p.JobOffer, figures: Any, rules: RuleSet, lang: str) -> Verdict:
    where = f" {in_province(params.province, lang)}" if params.province else ""
    if figures is None:
        return Verdict(False, "offer.none", {"where": where})
    province, listed, teer, full_time, duration_months, lmia_or_exempt, noc = figures
    if params.province and province != params.province:
        actual = in_province(province, lang) if province else WHERE_NAMES[lang]["abroad"]
        required = in_province(params.province, lang)
        return Verdict(False, "offer.province", {"actual": actual, "required": required})
    if params.occupation_list and not listed:
        return Verdict(False, "offer.occupation", {"actual": noc})
    if params.teers is not None and teer not in params.teers:
        return Verdict(
            False, "offer.teer", {"actual": teer, "required": ", ".join(map(str, params.teers))}
        )
    if params.full_time and not full_time:
        return Verdict(False, "offer.full_time", {})
    minimum = params.min_duration_months
    if minimum and duration_months is not None and duration_months < minimum:
        return Verdict(False, "offer.duration", {"actual": duration_months, "required": minimum})
    if params.lmia_or_exempt and not lmia_or_exempt:
        return Verdict(False, "offer.lmia", {})
    return Verdict(True, "offer.met", {"actual": noc})


def judge_age_range(params: p.AgeRange, age: Any, rules: RuleSet, lang: str) -> Verdict:
    if params.min is not None and age < params.min:
        return Verdict(False, "age.low", {"actual": age, "required": params.min})
    if params.max is not None and age > params.max:
        return Verdict(False, "age.high", {"actual": age, "required": params.max})
    return Verdict(True, "age.met", {"actual": age})


def judge_settlement_funds(
    params: p.SettlementFunds, figures: Any, rules: RuleSet, lang: str
) -> Verdict:
    family_size, exempt, funds = figures
    required = required_funds(rules, family_size)
    values = {"family": family_size, "required": money(required, lang), "actual": ""}
    if exempt:
        return Verdict(True, "funds.exempt", values)
    if funds is None:
        return Verdict(None, "funds.unknown", values)
    values["actual"] = money(funds, lang)
    met = funds >= required
    return Verdict(met, "funds.met" if met else "funds.low", values)


def judge_province(params: p.Province_, actual: Any, rules: RuleSet, lang: str) -> Verdict:
    if actual is None:  # not decided yet: someone who has not chosen a province is not in it
        values = {"required": in_province(params.province, lang)}
        if params.exclude:
            return Verdict(True, "province.undecided_outside", values)
        return Verdict(None, "province.undecided_in", values)
    values = {"actual": in_province(actual, lang), "required": in_province(params.province, lang)}
    if params.exclude:
        met = actual != params.province
        values["required"] = outside_province(params.province, lang)
        return Verdict(met, "province.met" if met else "province.excluded", values)
    met = actual == params.province
    return Verdict(met, "province.met" if met else "province.not_in", values)


def program_name(rules: RuleSet, slug: str, lang: str) -> str:
    for program in rules.programs:
        if program.slug == slug:
            return program.name.get(lang) or program.name.get("en", slug)
    return slug


def judge_express_entry_eligible(
    params: p.ExpressEntryEligible, outcomes: Any, rules: RuleSet, lang: str
) -> Verdict:
    names = ", ".join(program_name(rules, slug, lang) for slug in params.programs)
    if "eligible" in outcomes:
        eligible = [s for s, o in zip(params.programs, outcomes, strict=True) if o == "eligible"]
        return Verdict(
            True, "ee.met", {"programs": ", ".join(program_name(rules, s, lang) for s in eligible)}
        )
    if "needs_review" in outcomes:
        return Verdict(None, "ee.unknown", {"programs": names})
    return Verdict(False, "ee.not_met", {"programs": names})


def judge_min_crs(params: p.MinCrs, total: Any, rules: RuleSet, lang: str) -> Verdict:
    met = total >= params.min
    return Verdict(met, "crs.met" if met else "crs.low", {"actual": total, "required": params.min})


def judge_fsw_points(params: p.FswPoints, figures: Any, rules: RuleSet, lang: str) -> Verdict:
    total, grid_pass_mark = figures
    pass_mark = params.pass_mark if params.pass_mark is not None else grid_pass_mark
    met = total >= pass_mark
    return Verdict(met, "fsw.met" if met else "fsw.low", {"actual": total, "required": pass_mark})


def judge_profile_flag(params: p.ProfileFlag, value: Any, rules: RuleSet, lang: str) -> Verdict:
    label = FLAG_LABELS[lang][params.field]
    if value is None:
        return Verdict(None, "flag.unknown", {"label": label})
    met = value == params.expected
    return Verdict(met, "flag.met" if met else "flag.not_met", {"label": label})


_DIPLOMAS = ("none", "dep_or_dec", "bachelors_or_higher")


def judge_quebec_diploma(params: p.QuebecDiploma, value: Any, rules: RuleSet, lang: str) -> Verdict:
    values = {"required": EDUCATION_NAMES[lang][params.min]}
    if value is None:
        return Verdict(None, "diploma.unknown", values)
    met = _DIPLOMAS.index(value) >= _DIPLOMAS.index(params.min)
    return Verdict(met, "diploma.met" if met else "diploma.low", values)


def judge_manual_review(params: p.ManualReview, _: Any, rules: RuleSet, lang: str) -> Verdict:
    return Verdict(None, "review", {"reason": params.reason})


def judge_any_of(verdicts: list[Verdict], lang: str) -> Verdict:
    """Met when one option is met; its own explanation is shown, or why none of them is."""
    for verdict in verdicts:
        if verdict.met:
            return Verdict(
                True, "any_of.met", {"detail": render(verdict.key, lang, **verdict.values)}
            )
    met = None if any(v.met is None for v in verdicts) else False
    detail = " / ".join(render(v.key, lang, **v.values) for v in verdicts)
    return Verdict(met, "any_of.not_met", {"detail": detail})


# kind -> (measure, judge, facts the measure reads). "@crs", "@fsw" and "@outcomes" stand for
# the CRS total, the FSW grid result and other programs' outcomes.
LANGUAGE_FACTS = frozenset({"first", "first_language", "second", "second_language"})
KINDS: dict[str, tuple[Callable, Callable, frozenset[str]]] = {
    "language_min": (measure_language_min, judge_language_min, LANGUAGE_FACTS),
    "language_by_teer": (
        measure_language_by_teer,
        judge_language_by_teer,
        frozenset({"first", "jobs"}),
    ),
    "education_min": (
        measure_education_min,
        judge_education_min,
        frozenset({"education", "has_eca", "canadian_education"}),
    ),
    "experience": (measure_experience, judge_experience, frozenset({"jobs"})),
    "job_offer": (measure_job_offer, judge_job_offer, frozenset({"offer"})),
    "age_range": (measure_age_range, judge_age_range, frozenset({"age"})),
    "settlement_funds": (
        measure_settlement_funds,
        judge_settlement_funds,
        frozenset({"family_size", "offer", "jobs", "settlement_funds_cad"}),
    ),
    "province": (measure_province, judge_province, frozenset({"intended_province"})),
    "express_entry_eligible": (
        measure_express_entry_eligible,
        judge_express_entry_eligible,
        frozenset({"@outcomes"}),
    ),
    "min_crs": (measure_min_crs, judge_min_crs, frozenset({"@crs"})),
    "fsw_points": (measure_fsw_points, judge_fsw_points, frozenset({"@fsw"})),
    "profile_flag": (measure_profile_flag, judge_profile_flag, frozenset()),  # see depends()
    "quebec_diploma": (measure_quebec_diploma, judge_quebec_diploma, frozenset({"quebec"})),
    "manual_review": (measure_manual_review, judge_manual_review, frozenset()),
    "any_of": (None, None, frozenset()),  # composed from its options in compile_check
}
assert set(KINDS) == set(p.CRITERION_PARAMS), "every criterion kind needs a measure and a judge"
assert set(ABILITIES) == set(Levels._fields)


def depends(kind: str, params: Any) -> frozenset[str]:
    """The facts (and "@..." results) a criterion reads: a change to none of them cannot move it."""
    if kind == "profile_flag":
        return frozenset({params.field.partition(".")[0]})
    if kind == "any_of":
        return frozenset().union(*(depends(kind, sub) for kind, sub in parsed_options(params)))
    return KINDS[kind][2]


def parsed_options(params: p.AnyOf) -> list[tuple[str, Any]]:
    return [(option.kind, p.parse_params(option.kind, option.params)) for option in params.options]


def compile_check(
    kind: str, params: Any, rules: RuleSet, language: str
) -> tuple[Measure, Callable[[Any], Verdict]]:
    """(measure, judge) closures for one criterion of a rule set, in one language."""
    if kind == "any_of":
        parts = [compile_check(k, sub, rules, language) for k, sub in parsed_options(params)]
        measures = tuple(measure for measure, _ in parts)
        judges = tuple(judge for _, judge in parts)

        def measure_any(ctx: Context) -> Hashable:
            return tuple([measure(ctx) for measure in measures])

        def judge_any(figures: Any) -> Verdict:
            return judge_any_of(
                [judge(f) for judge, f in zip(judges, figures, strict=True)], language
            )

        return measure_any, judge_any
    measure, judge, _ = KINDS[kind]
    judged = partial(judge, params, rules=rules, lang=language)
    # partial: no Python frame of its own, and measures run for every criterion of every profile
    if kind == "experience":
        return partial(measure, params, question=experience_question(params, rules)), judged
    if kind == "language_by_teer":
        return partial(measure, params, question=canadian_work(rules, params.window_years)), judged
    return partial(measure, params), judged


def evaluate(kind: str, params: Any, ctx: Context) -> Verdict:
    """One criterion, uncached (tests and one-off use); scoring goes through programs.compiled."""
    measure, judge = compile_check(kind, params, ctx.rules, ctx.language)
    return judge(measure(ctx))
