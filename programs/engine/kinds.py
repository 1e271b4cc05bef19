"""The criterion kinds the rules use, one class each (see `criteria.Kind` for what a kind is).

Each class names its parameter model, the facts it reads, how it judges a profile (a `Verdict`:
met or not, a message key of `messages.MESSAGES` and the values to fill it with) and the
requirement sentence the applicant reads, generated from the parameters in English and French
(`programs.Criterion.message_en` / `message_fr`, when staff fill them, are shown instead).
"""

from __future__ import annotations

from typing import Any, ClassVar

from . import criteria_params as p
from .criteria import (
    CRS_TOTAL,
    FSW_RESULT,
    KINDS,
    LANGUAGE_FACTS,
    OUTCOMES,
    Kind,
    Reading,
    Verdict,
    render_verdict,
)
from .experience import MONTH_UNITS, has_continuous_run, select_jobs, units_in_window
from .facts import SKILLED_TEERS, OfferFacts
from .grids import EDUCATION_LEVELS
from .i18n import gettext_noop, translate
from .language import Levels
from .messages import (
    ABILITY_NAMES,
    EDUCATION_NAMES,
    FLAG_LABELS,
    TEER_LEVEL,
    WHERE_NAMES,
    required_language_name,
)
from .provinces import in_province, outside_province
from .rules import RuleSet

# --- shared helpers ---------------------------------------------------------------------------


def _(message: str, language: str, **values: Any) -> str:
    """A `gettext_noop`-marked template in `language`, filled (no double space when one is empty)."""
    return translate(message, language).format(**values).replace("  ", " ")


def _scale(language: str | None) -> str:
    return "NCLC" if language == "fr" else "CLB"


def _listed(items: list[str], language: str, last: str = "and") -> str:
    """ "a, b and c" (or "a, b or c") in `language`."""
    if len(items) < 2:
        return "".join(items)
    template = (
        gettext_noop("{first} and {last}") if last == "and" else gettext_noop("{first} or {last}")
    )
    return _(template, language, first=", ".join(items[:-1]), last=items[-1])


def _teers(teers: Any, language: str) -> str:
    return _listed([str(teer) for teer in sorted(teers)], language, "or")


def money(amount: int, language: str) -> str:
    """Whole dollars grouped as each language writes them: 15,263 in English, 15 263 in French."""
    grouped = f"{amount:,}"
    return grouped.replace(",", "\u202f") if language == "fr" else grouped


def required_funds(rules: RuleSet, family_size: int) -> int:
    grid = rules.grids["proof_of_funds"]
    amounts = grid.amounts
    if family_size <= len(amounts):
        return amounts[family_size - 1]
    return amounts[-1] + (family_size - len(amounts)) * grid.each_additional


def program_name(rules: RuleSet, slug: str, language: str) -> str:
    for program in rules.programs:
        if program.slug == slug:
            return program.name.get(language) or program.name.get("en", slug)
    return slug


def _at_least(education: str, language: str) -> str:
    return _(gettext_noop("You need at least {education}."), language, education=education)


# --- language ---------------------------------------------------------------------------------


class LanguageMin(Kind):
    """Minimum CLB / NCLC per ability, in the first language, English, French or either."""

    name = "language_min"
    Params = p.LanguageMin
    reads = LANGUAGE_FACTS

    def _slots(self, params: p.LanguageMin, facts: Reading) -> tuple:
        if params.language == "first":
            return ((facts.first, facts.first_language),)
        if params.language == "english":
            return ((facts.levels_in("en"), "en"),)
        if params.language == "french":
            return ((facts.levels_in("fr"), "fr"),)
        return ((facts.first, facts.first_language), (facts.second, facts.second_language))

    def evaluate(self, facts: Reading, params: p.LanguageMin) -> Verdict:
        lang = facts.language
        names = ABILITY_NAMES[lang]
        wanted = max(params.levels.values())
        best: Verdict | None = None
        for levels, language in self._slots(params, facts):
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
                values = {"scale": scale, "levels": shown, "level": wanted}
                return Verdict(True, "language.met", values)
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
        abilities = ", ".join(names[a] for a in params.levels)
        values = {
            "language": language_name,
            "scale": "CLB/NCLC",
            "level": wanted,
            "abilities": abilities,
        }
        return Verdict(False, "language.no_test", values)

    IN_LANGUAGE: ClassVar[dict[str, str]] = {
        "first": gettext_noop("in your first official language"),
        "any_official": gettext_noop("in English or French"),
        "english": gettext_noop("in English"),
        "french": gettext_noop("in French"),
    }

    def requirement(self, params: p.LanguageMin, rules: RuleSet, language: str) -> str:
        names = ABILITY_NAMES[language]
        by_level: dict[int, list[str]] = {}
        for ability, level in params.levels.items():
            by_level.setdefault(level, []).append(ability)
        parts = []
        for level, abilities in sorted(by_level.items(), reverse=True):
            values = {"scale": _scale(language), "level": level}
            if len(abilities) == len(Levels._fields):
                template = gettext_noop("{scale} {level} or higher in each of the four abilities")
                parts.append(_(template, language, **values))
            else:
                shown = _listed([names[a] for a in abilities], language)
                template = gettext_noop("{scale} {level} or higher in {abilities}")
                parts.append(_(template, language, abilities=shown, **values))
        return _(
            gettext_noop("You need {levels}, {in_language}."),
            language,
            levels=_listed(parts, language),
            in_language=translate(self.IN_LANGUAGE[params.language], language),
        )


class LanguageByTeer(Kind):
    """CEC: the level needed depends on the TEER of the qualifying Canadian experience."""

    name = "language_by_teer"
    Params = p.LanguageByTeer
    reads = frozenset({"first", "jobs", "as_of"})

    def evaluate(self, facts: Reading, params: p.LanguageByTeer) -> Verdict:
        """Met when the experience in TEERs whose level the applicant reaches adds up to `months`."""
        if facts.first is None:
            values = {
                "language": required_language_name(None, facts.language),
                "scale": "CLB/NCLC",
                "level": min(params.teer_levels.values()),
                "abilities": "4",
            }
            return Verdict(False, "language.no_test", values)
        lowest = facts.first.lowest
        canadian = select_jobs(  # skilled work in Canada as CEC counts it
            facts.jobs,
            where="canada",
            teers=SKILLED_TEERS,
            codes=None,
            exclude_self_employed=True,
            exclude_student=True,
        )
        teers_worked = sorted({job.teer for job in canadian if job.teer is not None})
        if not teers_worked:
            levels = ", ".join(
                TEER_LEVEL[facts.language].format(teer=t, level=lv)
                for t, lv in sorted(params.teer_levels.items())
            )
            return Verdict(
                False, "language_teer.no_experience", {"actual": lowest, "levels": levels}
            )
        reached = {int(t) for t, level in params.teer_levels.items() if lowest >= level}
        qualifying = [job for job in canadian if job.teer in reached]
        units = units_in_window(qualifying, facts.as_of, params.window_years) if qualifying else 0
        met = units >= params.months * MONTH_UNITS
        shown = ", ".join(str(t) for t in teers_worked)
        needed = min(params.teer_levels.get(str(t), 12) for t in teers_worked)
        return Verdict(
            met,
            "language_teer.met" if met else "language_teer.low",
            {"actual": lowest, "teers": shown, "level": needed},
        )

    def requirement(self, params: p.LanguageByTeer, rules: RuleSet, language: str) -> str:
        by_level: dict[int, list[str]] = {}
        for teer, level in params.teer_levels.items():
            by_level.setdefault(level, []).append(teer)
        options = [
            _(
                gettext_noop("{scale} {level} if your skilled work in Canada is in TEER {teers}"),
                language,
                scale=_scale(language),
                level=level,
                teers=_teers(teers, language),
            )
            for level, teers in sorted(by_level.items(), reverse=True)
        ]
        return _(
            gettext_noop("You need, in each of the four abilities, {options}."),
            language,
            options=_listed(options, language, "or"),
        )


# --- education, work, job offer ---------------------------------------------------------------


class EducationMin(Kind):
    name = "education_min"
    Params = p.EducationMin
    reads = frozenset({"education", "has_eca", "canadian_education"})

    def evaluate(self, facts: Reading, params: p.EducationMin) -> Verdict:
        names = EDUCATION_NAMES[facts.language]
        education = facts.education
        values = {"actual": names[education], "required": names[params.level]}
        if EDUCATION_LEVELS.index(education) < EDUCATION_LEVELS.index(params.level):
            return Verdict(False, "education.low", values)
        assessed = facts.has_eca or facts.canadian_education != "none"
        if params.requires_eca_or_canadian and not assessed:
            return Verdict(False, "education.no_eca", values)
        return Verdict(True, "education.met", values)

    def requirement(self, params: p.EducationMin, rules: RuleSet, language: str) -> str:
        education = EDUCATION_NAMES[language][params.level]
        if not params.requires_eca_or_canadian:
            return _at_least(education, language)
        template = gettext_noop(
            "You need at least {education}: a Canadian credential, or a foreign one with an "
            "Educational Credential Assessment (ECA)."
        )
        return _(template, language, education=education)


class Experience(Kind):
    """At least `months` of work (1,560 h a year, 30 h a week at most) in a window of years."""

    name = "experience"
    Params = p.Experience
    reads = frozenset({"jobs", "as_of"})

    def evaluate(self, facts: Reading, params: p.Experience) -> Verdict:
        rules = facts.rules
        jobs = select_jobs(
            facts.jobs,
            where=params.where,
            teers=params.teers,
            codes=rules.occupation_list(params.occupation_list) if params.occupation_list else None,
            exclude_self_employed=params.exclude_self_employed,
            exclude_student=params.exclude_full_time_student,
        )
        units = units_in_window(jobs, facts.as_of, params.window_years) if jobs else 0
        months = int(units // MONTH_UNITS)
        values = {
            "months": months,
            "required": params.months,
            "window": params.window_years,
            "where": WHERE_NAMES[facts.language][params.where],
        }
        if params.continuous_same_noc:
            run = bool(jobs) and has_continuous_run(
                jobs, facts.as_of, params.window_years, params.months
            )
            return Verdict(run, "experience.met" if run else "experience.not_continuous", values)
        met = months >= params.months
        return Verdict(met, "experience.met" if met else "experience.low", values)

    def requirement(self, params: p.Experience, rules: RuleSet, language: str) -> str:
        where = WHERE_NAMES[language][params.where]
        if params.occupation_list:
            occupations = translate(
                gettext_noop("in an occupation on the program's list"), language
            )
        else:
            occupations = _(
                gettext_noop("in a TEER {teers} occupation"),
                language,
                teers=_teers(params.teers, language),
            )
        text = _(
            gettext_noop(
                "You need at least {months} months of full-time work (or the same hours part "
                "time) {where} {occupations} in the last {window} years."
            ),
            language,
            months=params.months,
            where=where,
            occupations=occupations,
            window=params.window_years,
        )
        if params.continuous_same_noc:
            text += " " + translate(
                gettext_noop("The work must be continuous, in one occupation."), language
            )
        if params.exclude_self_employed:
            text += " " + translate(gettext_noop("Self-employment does not count."), language)
        if params.exclude_full_time_student:
            text += " " + translate(
                gettext_noop("Work while a full-time student does not count."), language
            )
        return text


class JobOffer(Kind):
    name = "job_offer"
    Params = p.JobOffer
    reads = frozenset({"offer"})

    def evaluate(self, facts: Reading, params: p.JobOffer) -> Verdict:
        lang = facts.language
        offer: OfferFacts | None = facts.offer
        if offer is None:
            where = f" {in_province(params.province, lang)}" if params.province else ""
            return Verdict(False, "offer.none", {"where": where})
        if params.province and offer.province != params.province:
            actual = (
                in_province(offer.province, lang) if offer.province else WHERE_NAMES[lang]["abroad"]
            )
            required = in_province(params.province, lang)
            return Verdict(False, "offer.province", {"actual": actual, "required": required})
        if params.occupation_list:
            codes = facts.rules.occupation_list(params.occupation_list)
            if codes.isdisjoint(offer.codes_2021):
                return Verdict(False, "offer.occupation", {"actual": offer.noc})
        if params.teers is not None and offer.teer not in params.teers:
            values = {"actual": offer.teer, "required": ", ".join(map(str, params.teers))}
            return Verdict(False, "offer.teer", values)
        if params.full_time and not offer.full_time:
            return Verdict(False, "offer.full_time", {})
        minimum = params.min_duration_months
        duration = offer.duration_months
        if minimum and duration is not None and duration < minimum:
            return Verdict(False, "offer.duration", {"actual": duration, "required": minimum})
        if params.lmia_or_exempt and not offer.lmia_or_exempt:
            return Verdict(False, "offer.lmia", {})
        return Verdict(True, "offer.met", {"actual": offer.noc})

    def requirement(self, params: p.JobOffer, rules: RuleSet, language: str) -> str:
        if params.full_time:
            text = translate(gettext_noop("You need a full-time job offer"), language)
        else:
            text = translate(gettext_noop("You need a job offer"), language)
        if params.province:
            text += " " + in_province(params.province, language)
        if params.occupation_list:
            text += " " + translate(
                gettext_noop("in an occupation on the program's list"), language
            )
        if params.teers is not None:
            occupation = gettext_noop("in a TEER {teers} occupation")
            text += " " + _(occupation, language, teers=_teers(params.teers, language))
        if params.min_duration_months:
            duration = gettext_noop("lasting at least {months} months")
            text += " " + _(duration, language, months=params.min_duration_months)
        if params.lmia_or_exempt:
            text += " " + translate(
                gettext_noop(
                    "supported by a Labour Market Impact Assessment (LMIA) or exempt from one"
                ),
                language,
            )
        return text + "."


# --- the person -------------------------------------------------------------------------------


class AgeRange(Kind):
    name = "age_range"
    Params = p.AgeRange
    reads = frozenset({"age"})

    def evaluate(self, facts: Reading, params: p.AgeRange) -> Verdict:
        age = facts.age
        if params.min is not None and age < params.min:
            return Verdict(False, "age.low", {"actual": age, "required": params.min})
        if params.max is not None and age > params.max:
            return Verdict(False, "age.high", {"actual": age, "required": params.max})
        return Verdict(True, "age.met", {"actual": age})

    def requirement(self, params: p.AgeRange, rules: RuleSet, language: str) -> str:
        if params.max is None:
            template = gettext_noop("You must be at least {min} years old.")
        elif params.min is None:
            template = gettext_noop("You must be {max} years old or younger.")
        else:
            template = gettext_noop("You must be between {min} and {max} years old.")
        return _(template, language, min=params.min, max=params.max)


class SettlementFunds(Kind):
    """Funds by family size from the `proof_of_funds` grid in force."""

    name = "settlement_funds"
    Params = p.SettlementFunds
    reads = frozenset({"family_size", "offer", "jobs", "as_of", "settlement_funds_cad"})

    def evaluate(self, facts: Reading, params: p.SettlementFunds) -> Verdict:
        lang = facts.language
        offer = facts.offer
        exempt = (
            params.exempt_with_job_offer
            and offer is not None
            and offer.lmia_or_exempt
            and any(  # works in Canada now
                job.in_canada and (job.end is None or job.end >= facts.as_of) for job in facts.jobs
            )
        )
        family_size = facts.family_size
        required = required_funds(facts.rules, family_size)
        values = {"family": family_size, "required": money(required, lang), "actual": ""}
        if exempt:
            return Verdict(True, "funds.exempt", values)
        funds = facts.settlement_funds_cad
        if funds is None:
            return Verdict(None, "funds.unknown", values)
        values["actual"] = money(funds, lang)
        met = funds >= required
        return Verdict(met, "funds.met" if met else "funds.low", values)

    def requirement(self, params: p.SettlementFunds, rules: RuleSet, language: str) -> str:
        if params.exempt_with_job_offer:
            template = gettext_noop(
                "You must show enough money to settle for your family size (${amount} for one "
                "person), unless you are authorized to work in Canada and have a valid job offer."
            )
        else:
            template = gettext_noop(
                "You must show enough money to settle for your family size (${amount} for one "
                "person)."
            )
        return _(template, language, amount=money(required_funds(rules, 1), language))


class Province(Kind):
    name = "province"
    Params = p.Province_
    reads = frozenset({"intended_province"})

    def evaluate(self, facts: Reading, params: p.Province_) -> Verdict:
        lang = facts.language
        actual = facts.intended_province
        if actual is None:  # not decided yet: someone who has not chosen a province is not in it
            values = {"required": in_province(params.province, lang)}
            if params.exclude:
                return Verdict(True, "province.undecided_outside", values)
            return Verdict(None, "province.undecided_in", values)
        values = {
            "actual": in_province(actual, lang),
            "required": in_province(params.province, lang),
        }
        if params.exclude:
            met = actual != params.province
            values["required"] = outside_province(params.province, lang)
            return Verdict(met, "province.met" if met else "province.excluded", values)
        met = actual == params.province
        return Verdict(met, "province.met" if met else "province.not_in", values)

    def requirement(self, params: p.Province_, rules: RuleSet, language: str) -> str:
        where = (outside_province if params.exclude else in_province)(params.province, language)
        return _(gettext_noop("You must intend to live {where}."), language, where=where)


# --- results of other rules -------------------------------------------------------------------


class ExpressEntryEligible(Kind):
    name = "express_entry_eligible"
    Params = p.ExpressEntryEligible
    reads = frozenset({OUTCOMES})

    def evaluate(self, facts: Reading, params: p.ExpressEntryEligible) -> Verdict:
        rules, lang = facts.rules, facts.language
        outcomes = [facts.outcomes.get(slug) for slug in params.programs]
        if "eligible" in outcomes:
            eligible = [
                s for s, o in zip(params.programs, outcomes, strict=True) if o == "eligible"
            ]
            names = ", ".join(program_name(rules, s, lang) for s in eligible)
            return Verdict(True, "ee.met", {"programs": names})
        names = ", ".join(program_name(rules, slug, lang) for slug in params.programs)
        if "needs_review" in outcomes:
            return Verdict(None, "ee.unknown", {"programs": names})
        return Verdict(False, "ee.not_met", {"programs": names})

    def requirement(self, params: p.ExpressEntryEligible, rules: RuleSet, language: str) -> str:
        names = [program_name(rules, slug, language) for slug in params.programs]
        return _(
            gettext_noop(
                "You need an Express Entry profile that qualifies for one of these programs: "
                "{programs}."
            ),
            language,
            programs=_listed(names, language, "or"),
        )


class MinCrs(Kind):
    name = "min_crs"
    Params = p.MinCrs
    reads = frozenset({CRS_TOTAL})

    def evaluate(self, facts: Reading, params: p.MinCrs) -> Verdict:
        total = facts.crs_total
        met = total >= params.min
        return Verdict(
            met, "crs.met" if met else "crs.low", {"actual": total, "required": params.min}
        )

    def requirement(self, params: p.MinCrs, rules: RuleSet, language: str) -> str:
        template = gettext_noop(
            "You need a Comprehensive Ranking System (CRS) score of at least {min} points."
        )
        return _(template, language, min=params.min)


class FswPoints(Kind):
    """The FSW 67-point grid; `pass_mark` overrides the grid's own when given."""

    name = "fsw_points"
    Params = p.FswPoints
    reads = frozenset({FSW_RESULT})

    def evaluate(self, facts: Reading, params: p.FswPoints) -> Verdict:
        scored = facts.fsw
        pass_mark = params.pass_mark if params.pass_mark is not None else scored["pass_mark"]
        total = scored["total"]
        met = total >= pass_mark
        return Verdict(
            met, "fsw.met" if met else "fsw.low", {"actual": total, "required": pass_mark}
        )

    def requirement(self, params: p.FswPoints, rules: RuleSet, language: str) -> str:
        pass_mark = params.pass_mark
        if pass_mark is None:
            pass_mark = rules.grids["fsw_grid"].pass_mark
        template = gettext_noop(
            "You must score at least {pass_mark} out of 100 on the Federal Skilled Worker "
            "selection grid."
        )
        return _(template, language, pass_mark=pass_mark)


class ProfileFlag(Kind):
    """A yes / no answer of the profile (a certificate, a nomination, a Quebec answer)."""

    name = "profile_flag"
    Params = p.ProfileFlag
    # Each criterion reads only the one fact its `field` names (see reads_of).
    reads = frozenset(
        {
            "certificate_of_qualification",
            "provincial_nomination",
            "sibling_in_canada",
            "relative_in_canada",
            "quebec",
        }
    )

    def reads_of(self, params: p.ProfileFlag) -> frozenset[str]:
        return frozenset({params.field.partition(".")[0]})

    def evaluate(self, facts: Reading, params: p.ProfileFlag) -> Verdict:
        field = params.field
        if field.startswith("quebec."):
            value = facts.quebec.get(field.removeprefix("quebec."))
        else:
            value = getattr(facts, field)
        label = FLAG_LABELS[facts.language][field]
        if value is None:
            return Verdict(None, "flag.unknown", {"label": label})
        met = value == params.expected
        return Verdict(met, "flag.met" if met else "flag.not_met", {"label": label})

    def requirement(self, params: p.ProfileFlag, rules: RuleSet, language: str) -> str:
        if params.expected:
            template = gettext_noop("Required: {label}.")
        else:
            template = gettext_noop("Must not apply: {label}.")
        return _(template, language, label=FLAG_LABELS[language][params.field])


class QuebecDiploma(Kind):
    name = "quebec_diploma"
    Params = p.QuebecDiploma
    reads = frozenset({"quebec"})
    DIPLOMAS: ClassVar[tuple[str, ...]] = ("none", "dep_or_dec", "bachelors_or_higher")

    def evaluate(self, facts: Reading, params: p.QuebecDiploma) -> Verdict:
        value = facts.quebec.get("quebec_diploma")
        values = {"required": EDUCATION_NAMES[facts.language][params.min]}
        if value is None:
            return Verdict(None, "diploma.unknown", values)
        met = self.DIPLOMAS.index(value) >= self.DIPLOMAS.index(params.min)
        return Verdict(met, "diploma.met" if met else "diploma.low", values)

    def requirement(self, params: p.QuebecDiploma, rules: RuleSet, language: str) -> str:
        return _at_least(EDUCATION_NAMES[language][params.min], language)


class ManualReview(Kind):
    """Something the profile cannot answer (expert opinion, salary): always 'unknown'."""

    name = "manual_review"
    Params = p.ManualReview

    def evaluate(self, facts: Reading, params: p.ManualReview) -> Verdict:
        return Verdict(None, "review", {"reason": params.reason})

    def requirement(self, params: p.ManualReview, rules: RuleSet, language: str) -> str:
        # `reason` is for staff only: the applicant reads that a person checks this.
        return translate(gettext_noop("A consultant checks this requirement with you."), language)


class AnyOf(Kind):
    """Met when one option is met; its own explanation is shown, or why none of them is."""

    name = "any_of"
    Params = p.AnyOf

    def reads_of(self, params: p.AnyOf) -> frozenset[str]:
        return frozenset().union(
            *(KINDS[option.kind].reads_of(option.parsed) for option in params.options)
        )

    def evaluate(self, facts: Reading, params: p.AnyOf) -> Verdict:
        lang = facts.language
        verdicts = []
        for option in params.options:  # in order, up to the first one met
            verdict = KINDS[option.kind].evaluate(facts, option.parsed)
            if verdict.met:
                return Verdict(True, "any_of.met", {"detail": render_verdict(verdict, lang)})
            verdicts.append(verdict)
        met = None if any(v.met is None for v in verdicts) else False
        detail = " / ".join(render_verdict(v, lang) for v in verdicts)
        return Verdict(met, "any_of.not_met", {"detail": detail})

    def requirement(self, params: p.AnyOf, rules: RuleSet, language: str) -> str:
        options = [
            KINDS[option.kind].requirement(option.parsed, rules, language)
            for option in params.options
        ]
        return _(
            gettext_noop("One of these is enough: {options}"),
            language,
            options=" / ".join(options),
        )
