"""Evaluate one eligibility criterion: met (True), not met (False) or unknown (None), and why.

Each kind of `criteria_params.CRITERION_PARAMS` has one evaluator here. An evaluator returns a
`Verdict`: the outcome, a message key of `messages.MESSAGES` and the figures to fill it with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import criteria_params as p
from .experience import MONTH_UNITS, WorkPeriod, has_continuous_run, units_in_window
from .facts import SKILLED_TEERS, Facts
from .grids import ABILITIES, EDUCATION_LEVELS
from .language import Levels
from .messages import ABILITY_NAMES, EDUCATION_NAMES, WHERE_NAMES, render
from .rules import RuleSet


class Verdict(NamedTuple):
    met: bool | None
    key: str
    values: dict[str, Any]


@dataclass(slots=True)
class Context:
    facts: Facts
    rules: RuleSet
    crs_total: int
    fsw: dict[str, Any]
    language: str
    outcomes: dict[str, str] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)
    explain: bool = True  # False: only outcomes are needed (suggestion trials), skip messages


def money(amount: int, language: str) -> str:
    """Whole dollars grouped as each language writes them: 15,263 in English, 15 263 in French."""
    grouped = f"{amount:,}"
    return grouped.replace(",", "\u202f") if language == "fr" else grouped


def _scale(language: str | None) -> str:
    return "NCLC" if language == "fr" else "CLB"


def _language_slot(params: p.LanguageMin, facts: Facts) -> list[tuple[Levels | None, str | None]]:
    if params.language == "first":
        return [(facts.first, facts.first_language)]
    if params.language == "english":
        return [(facts.levels_in("en"), "en")]
    if params.language == "french":
        return [(facts.levels_in("fr"), "fr")]
    return [(facts.first, facts.first_language), (facts.second, facts.second_language)]


def language_min(params: p.LanguageMin, ctx: Context) -> Verdict:
    names = ABILITY_NAMES[ctx.language]
    wanted = max(params.levels.values())
    abilities = ", ".join(names[a] for a in params.levels)
    best: Verdict | None = None
    for levels, language in _language_slot(params, ctx.facts):
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
    language_name = {"english": "English", "french": "French"}.get(
        params.language, "English or French"
    )
    if ctx.language == "fr":
        language_name = {"english": "anglais", "french": "français"}.get(
            params.language, "anglais ou français"
        )
    # "No test yet" is an answer, not a gap: the requirement is not met until a test is taken.
    return Verdict(
        False,
        "language.no_test",
        {"language": language_name, "scale": "CLB/NCLC", "level": wanted, "abilities": abilities},
    )


def _select_jobs(
    facts: Facts,
    rules: RuleSet,
    *,
    where: str,
    teers: Any,
    occupation_list: str | None,
    exclude_self_employed: bool,
    exclude_student: bool,
) -> list[WorkPeriod]:
    codes = rules.occupation_lists.get(occupation_list, frozenset()) if occupation_list else None
    chosen = []
    for job in facts.jobs:
        if (where == "canada" and not job.in_canada) or (where == "abroad" and job.in_canada):
            continue
        if job.teer not in teers:
            continue
        # Self-employment never counts as Canadian experience (contract rule 6).
        if job.self_employed and (exclude_self_employed or job.in_canada):
            continue
        if exclude_student and job.while_full_time_student:
            continue
        if codes is not None and codes.isdisjoint(job.codes_2021):
            continue
        chosen.append(job)
    return chosen


def worked(
    ctx: Context,
    *,
    where: str,
    teers: frozenset[int],
    occupation_list: str | None,
    exclude_self_employed: bool,
    exclude_student: bool,
    window_years: int,
) -> tuple[list[WorkPeriod], float]:
    """The jobs that count and their week-hour days in the window, memoised per work history.

    Programs and categories ask the same questions many times per profile (and again in each
    suggestion trial); the memo holds the work history it was computed for and is used only
    while that very object is the one being scored.
    """
    key = (where, teers, occupation_list, exclude_self_employed, exclude_student, window_years)
    hit = ctx.memo.get(key)
    if hit is not None and hit[0] is ctx.facts.jobs:
        return hit[1], hit[2]
    jobs = _select_jobs(
        ctx.facts,
        ctx.rules,
        where=where,
        teers=teers,
        occupation_list=occupation_list,
        exclude_self_employed=exclude_self_employed,
        exclude_student=exclude_student,
    )
    units = units_in_window(jobs, ctx.facts.as_of, window_years)
    ctx.memo[key] = (ctx.facts.jobs, jobs, units)
    return jobs, units


def experience(params: p.Experience, ctx: Context) -> Verdict:
    jobs, units = worked(
        ctx,
        where=params.where,
        teers=frozenset(params.teers),
        occupation_list=params.occupation_list,
        exclude_self_employed=params.exclude_self_employed,
        exclude_student=params.exclude_full_time_student,
        window_years=params.window_years,
    )
    months = int((units + 1e-6) // MONTH_UNITS)
    values = {
        "months": months,
        "required": params.months,
        "window": params.window_years,
        "where": WHERE_NAMES[ctx.language][params.where],
    }
    if params.continuous_same_noc:
        met = has_continuous_run(jobs, ctx.facts.as_of, params.window_years, params.months)
        return Verdict(met, "experience.met" if met else "experience.not_continuous", values)
    met = months >= params.months
    return Verdict(met, "experience.met" if met else "experience.low", values)


def language_by_teer(params: p.LanguageByTeer, ctx: Context) -> Verdict:
    """Met when the experience in TEERs whose level the applicant reaches adds up to `months`."""
    facts = ctx.facts
    if facts.first is None:
        return Verdict(
            False,
            "language.no_test",
            {
                "language": "English or French" if ctx.language == "en" else "anglais ou français",
                "scale": "CLB/NCLC",
                "level": min(params.teer_levels.values()),
                "abilities": "4",
            },
        )
    lowest = facts.first.lowest
    reached = {int(t) for t, level in params.teer_levels.items() if lowest >= level}
    canadian = _select_jobs(
        facts,
        ctx.rules,
        where="canada",
        teers=SKILLED_TEERS,
        occupation_list=None,
        exclude_self_employed=True,
        exclude_student=True,
    )
    teers_worked = sorted({job.teer for job in canadian if job.teer is not None})
    if not teers_worked:
        levels = ", ".join(f"TEER {t}: {level}" for t, level in sorted(params.teer_levels.items()))
        return Verdict(False, "language_teer.no_experience", {"actual": lowest, "levels": levels})
    qualifying = [job for job in canadian if job.teer in reached]
    units = units_in_window(qualifying, facts.as_of, params.window_years)
    met = units + 1e-6 >= params.months * MONTH_UNITS
    shown = ", ".join(str(t) for t in teers_worked)
    needed = min(params.teer_levels.get(str(t), 12) for t in teers_worked)
    return Verdict(
        met,
        "language_teer.met" if met else "language_teer.low",
        {"actual": lowest, "teers": shown, "level": needed},
    )


def education_min(params: p.EducationMin, ctx: Context) -> Verdict:
    facts = ctx.facts
    names = EDUCATION_NAMES[ctx.language]
    values = {"actual": names[facts.education], "required": names[params.level]}
    if EDUCATION_LEVELS.index(facts.education) < EDUCATION_LEVELS.index(params.level):
        return Verdict(False, "education.low", values)
    assessed = facts.has_eca or facts.canadian_education != "none"
    if params.requires_eca_or_canadian and not assessed:
        return Verdict(False, "education.no_eca", values)
    return Verdict(True, "education.met", values)


def job_offer(params: p.JobOffer, ctx: Context) -> Verdict:
    offer = ctx.facts.offer
    where = f" ({params.province})" if params.province else ""
    if offer is None:
        return Verdict(False, "offer.none", {"where": where})
    if params.province and offer.province != params.province:
        return Verdict(
            False, "offer.province", {"actual": offer.province, "required": params.province}
        )
    if params.occupation_list:
        codes = ctx.rules.occupation_lists.get(params.occupation_list, frozenset())
        if codes.isdisjoint(offer.codes_2021):
            return Verdict(False, "offer.occupation", {"actual": offer.noc})
    if params.teers is not None and offer.teer not in params.teers:
        return Verdict(
            False,
            "offer.teer",
            {"actual": offer.teer, "required": ", ".join(map(str, params.teers))},
        )
    if params.full_time and not offer.full_time:
        return Verdict(False, "offer.full_time", {})
    minimum = params.min_duration_months
    if minimum and offer.duration_months is not None and offer.duration_months < minimum:
        return Verdict(
            False, "offer.duration", {"actual": offer.duration_months, "required": minimum}
        )
    if params.lmia_or_exempt and not offer.lmia_or_exempt:
        return Verdict(False, "offer.lmia", {})
    return Verdict(True, "offer.met", {"actual": offer.noc})


def age_range(params: p.AgeRange, ctx: Context) -> Verdict:
    age = ctx.facts.age
    if params.min is not None and age < params.min:
        return Verdict(False, "age.low", {"actual": age, "required": params.min})
    if params.max is not None and age > params.max:
        return Verdict(False, "age.high", {"actual": age, "required": params.max})
    return Verdict(True, "age.met", {"actual": age})


def required_funds(rules: RuleSet, family_size: int) -> int:
    grid = rules.grids["proof_of_funds"]
    amounts = grid.amounts
    if family_size <= len(amounts):
        return amounts[family_size - 1]
    return amounts[-1] + (family_size - len(amounts)) * grid.each_additional


def _works_in_canada_now(facts: Facts) -> bool:
    return any(job.in_canada and (job.end is None or job.end >= facts.as_of) for job in facts.jobs)


def settlement_funds(params: p.SettlementFunds, ctx: Context) -> Verdict:
    facts = ctx.facts
    required = required_funds(ctx.rules, facts.family_size)
    values = {"family": facts.family_size, "required": money(required, ctx.language), "actual": ""}
    offer = facts.offer
    if (
        params.exempt_with_job_offer
        and offer is not None
        and offer.lmia_or_exempt
        and _works_in_canada_now(facts)
    ):
        return Verdict(True, "funds.exempt", values)
    if facts.settlement_funds_cad is None:
        return Verdict(None, "funds.unknown", values)
    values["actual"] = money(facts.settlement_funds_cad, ctx.language)
    met = facts.settlement_funds_cad >= required
    return Verdict(met, "funds.met" if met else "funds.low", values)


def province(params: p.Province_, ctx: Context) -> Verdict:
    actual = ctx.facts.intended_province
    if actual is None:
        return Verdict(None, "province.unknown", {})
    values = {"actual": actual, "required": params.province}
    if params.exclude:
        met = actual != params.province
        return Verdict(met, "province.met" if met else "province.excluded", values)
    met = actual == params.province
    return Verdict(met, "province.met" if met else "province.not_in", values)


def express_entry_eligible(params: p.ExpressEntryEligible, ctx: Context) -> Verdict:
    outcomes = [ctx.outcomes.get(slug) for slug in params.programs]
    names = ", ".join(_program_name(ctx, slug) for slug in params.programs)
    if "eligible" in outcomes:
        eligible = [s for s, o in zip(params.programs, outcomes, strict=True) if o == "eligible"]
        return Verdict(
            True, "ee.met", {"programs": ", ".join(_program_name(ctx, s) for s in eligible)}
        )
    if "needs_review" in outcomes:
        return Verdict(None, "ee.unknown", {"programs": names})
    return Verdict(False, "ee.not_met", {"programs": names})


def _program_name(ctx: Context, slug: str) -> str:
    for program in ctx.rules.programs:
        if program.slug == slug:
            return program.name.get(ctx.language) or program.name.get("en", slug)
    return slug


def min_crs(params: p.MinCrs, ctx: Context) -> Verdict:
    met = ctx.crs_total >= params.min
    return Verdict(
        met, "crs.met" if met else "crs.low", {"actual": ctx.crs_total, "required": params.min}
    )


def fsw_points(params: p.FswPoints, ctx: Context) -> Verdict:
    pass_mark = params.pass_mark if params.pass_mark is not None else ctx.fsw["pass_mark"]
    met = ctx.fsw["total"] >= pass_mark
    return Verdict(
        met, "fsw.met" if met else "fsw.low", {"actual": ctx.fsw["total"], "required": pass_mark}
    )


FLAG_LABELS = {
    "en": {
        "certificate_of_qualification": "a Canadian certificate of qualification in a trade",
        "provincial_nomination": "a provincial or territorial nomination",
        "sibling_in_canada": "a brother or sister in Canada",
        "relative_in_canada": "a close relative in Canada",
        "quebec.intends_to_live_in_quebec": "you intend to live in Quebec",
        "quebec.holds_quebec_job_offer": "a full-time job offer in Quebec",
        "quebec.francization_agreement": "you are willing to sign the Francization agreement",
    },
    "fr": {
        "certificate_of_qualification": "un certificat de compétence canadien dans un métier",
        "provincial_nomination": "une désignation provinciale ou territoriale",
        "sibling_in_canada": "un frère ou une sœur au Canada",
        "relative_in_canada": "un proche parent au Canada",
        "quebec.intends_to_live_in_quebec": "vous comptez vivre au Québec",
        "quebec.holds_quebec_job_offer": "une offre d'emploi à temps plein au Québec",
        "quebec.francization_agreement": "vous acceptez de signer l'entente de francisation",
    },
}


def profile_flag(params: p.ProfileFlag, ctx: Context) -> Verdict:
    if params.field.startswith("quebec."):
        value = ctx.facts.quebec.get(params.field.removeprefix("quebec."))
    else:
        value = getattr(ctx.facts, params.field)
    label = FLAG_LABELS[ctx.language][params.field]
    if value is None:
        return Verdict(None, "flag.unknown", {"label": label})
    met = value == params.expected
    return Verdict(met, "flag.met" if met else "flag.not_met", {"label": label})


_DIPLOMAS = ("none", "dep_or_dec", "bachelors_or_higher")


def quebec_diploma(params: p.QuebecDiploma, ctx: Context) -> Verdict:
    value = ctx.facts.quebec.get("quebec_diploma")
    values = {"required": EDUCATION_NAMES[ctx.language][params.min]}
    if value is None:
        return Verdict(None, "diploma.unknown", values)
    met = _DIPLOMAS.index(value) >= _DIPLOMAS.index(params.min)
    return Verdict(met, "diploma.met" if met else "diploma.low", values)


def manual_review(params: p.ManualReview, ctx: Context) -> Verdict:
    return Verdict(None, "review", {"reason": params.reason})


def any_of(params: p.AnyOf, ctx: Context) -> Verdict:
    verdicts = [evaluate(option.kind, parse_option(option, ctx), ctx) for option in params.options]
    for verdict in verdicts:
        if verdict.met:
            detail = render(verdict.key, ctx.language, **verdict.values) if ctx.explain else ""
            return Verdict(True, "any_of.met", {"detail": detail})
    met = None if any(v.met is None for v in verdicts) else False
    if not ctx.explain:
        return Verdict(met, "any_of.not_met", {"detail": ""})
    detail = " / ".join(render(v.key, ctx.language, **v.values) for v in verdicts)
    return Verdict(met, "any_of.not_met", {"detail": detail})


def parse_option(option: p.SubCriterion, ctx: Context) -> Any:
    """Sub-criteria are parsed once per rule set (the rule set keeps the option objects alive)."""
    cache = ctx.rules.extra.setdefault("parsed_options", {})
    parsed = cache.get(id(option))
    if parsed is None:
        parsed = cache[id(option)] = p.parse_params(option.kind, option.params)
    return parsed


EVALUATORS: dict[str, Callable[[Any, Context], Verdict]] = {
    "language_min": language_min,
    "language_by_teer": language_by_teer,
    "education_min": education_min,
    "experience": experience,
    "job_offer": job_offer,
    "age_range": age_range,
    "settlement_funds": settlement_funds,
    "province": province,
    "express_entry_eligible": express_entry_eligible,
    "min_crs": min_crs,
    "fsw_points": fsw_points,
    "profile_flag": profile_flag,
    "quebec_diploma": quebec_diploma,
    "manual_review": manual_review,
    "any_of": any_of,
}
assert set(EVALUATORS) == set(p.CRITERION_PARAMS), "every criterion kind needs an evaluator"
assert set(ABILITIES) == set(Levels._fields)


def evaluate(kind: str, params: Any, ctx: Context) -> Verdict:
    return EVALUATORS[kind](params, ctx)
