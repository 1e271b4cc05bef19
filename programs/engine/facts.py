"""The figures scoring is based on, derived once from a profile and the rules of the day.

Scoring functions read `Facts`, never the raw profile, so suggestions can re-score a changed
copy (`facts._replace(...)`) without parsing or counting again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from .dates import completed_years
from .errors import ProfileError
from .experience import Units, WorkPeriod, exact_hours, units_in_window, whole_years
from .language import Levels, is_valid, to_levels
from .profile import Job, JobOffer, LanguageResult, Profile
from .rules import NocIndex, RuleSet
from .vocabulary import WITH_SPOUSE

SKILLED_TEERS = frozenset({0, 1, 2, 3})


@dataclass(frozen=True, slots=True)
class OfferFacts:
    noc: str
    codes_2021: tuple[str, ...]
    teer: int | None
    province: str
    full_time: bool
    non_seasonal: bool
    duration_months: int | None
    lmia_or_exempt: bool

    @property
    def skilled(self) -> bool:
        return self.teer in SKILLED_TEERS

    @property
    def senior_management(self) -> bool:
        """TEER 0, major group 00 (senior managers)."""
        return self.teer == 0 and any(code.startswith("00") for code in self.codes_2021)

    @property
    def lasts_a_year(self) -> bool:
        return self.duration_months is None or self.duration_months >= 12

    @property
    def qualifies_for_crs(self) -> bool:
        """Arranged employment as the CRS counted it: LMIA or exempt, full time, non-seasonal, 1 year+."""
        return (
            self.skilled
            and self.lmia_or_exempt
            and self.full_time
            and self.non_seasonal
            and self.lasts_a_year
        )

    @property
    def qualifies_for_fsw(self) -> bool:
        return self.skilled and self.lmia_or_exempt and self.full_time and self.non_seasonal


class Facts(NamedTuple):
    as_of: date
    age: int
    with_spouse: bool
    education: str
    canadian_education: str
    has_eca: bool
    first: Levels | None
    first_language: str | None  # "en" / "fr"
    second: Levels | None
    second_language: str | None
    spouse_levels: Levels | None
    spouse_education: str
    spouse_canadian_education: str
    canadian_years: int
    foreign_years: int
    fsw_years: int
    spouse_canadian_years: int
    jobs: tuple[WorkPeriod, ...]
    offer: OfferFacts | None
    certificate_of_qualification: bool
    provincial_nomination: bool
    sibling_in_canada: bool
    relative_in_canada: bool
    settlement_funds_cad: int | None
    family_size: int
    intended_province: str | None
    quebec: dict[str, object]
    notes: tuple[str, ...] = ()

    def levels_in(self, language: str) -> Levels | None:
        """Levels of the valid test in English ("en") or French ("fr"), whichever slot holds it."""
        return levels_in(self, language)


def levels_in(facts: Any, language: str) -> Levels | None:
    """The levels of the test in `language` ("en" or "fr"), whichever slot holds it.

    Reads only through attributes, so a `Recording` notes and a kind's `Reading` checks them.
    """
    if facts.first_language == language:
        return facts.first
    if facts.second_language == language:
        return facts.second
    return None


class Recording:
    """Facts that note which fields are read.

    A result computed from a `Recording` depends only on the fields in `read` (and the rules):
    a copy of the facts that differs in none of them gives the same result. Suggestion trials
    use this to re-score only the CRS groups and the FSW grid a change touches. Each field is a
    property (set below); there is no `__getattr__`, which would slow every attribute read, so
    a method of Facts (which would read fields unrecorded) is simply missing here.
    """

    __slots__ = ("_facts", "read")

    def __init__(self, facts: Facts) -> None:
        self._facts = facts
        self.read: set[str] = set()

    def levels_in(self, language: str) -> Levels | None:
        """Facts.levels_in, recording the fields it reads."""
        return levels_in(self, language)


def _recorded(index: int, name: str) -> property:
    def read(recording: Recording) -> object:
        recording.read.add(name)
        return recording._facts[index]

    return property(read, doc=f"`Facts.{name}`, noted as read.")


for _index, _name in enumerate(Facts._fields):
    setattr(Recording, _name, _recorded(_index, _name))
del _index, _name


def is_canadian_work(job: WorkPeriod) -> bool:
    return (
        job.in_canada
        and job.teer in SKILLED_TEERS
        and not job.self_employed
        and not job.while_full_time_student
    )


def is_foreign_work(job: WorkPeriod) -> bool:
    return not job.in_canada and job.teer in SKILLED_TEERS and not job.while_full_time_student


def _periods(jobs: list[Job], rules: RuleSet, path: str) -> tuple[WorkPeriod, ...]:
    periods = []
    noc = rules.noc
    for index, job in enumerate(jobs):
        codes = noc.codes_2021(job.noc)
        if not codes:
            raise ProfileError(f"{path}.{index}.noc", f"{job.noc} is not a known NOC code.")
        periods.append(
            WorkPeriod(
                noc=job.noc,
                codes_2021=codes,
                teer=noc.teer_of(job.noc),
                in_canada=job.country == "CA",
                start=job.start,
                end=job.end,
                hours_per_week=exact_hours(job.hours_per_week),
                self_employed=job.self_employed,
                while_full_time_student=job.while_full_time_student,
            )
        )
    return tuple(periods)


def _offer(offer: JobOffer | None, noc: NocIndex) -> OfferFacts | None:
    if offer is None:
        return None
    codes = noc.codes_2021(offer.noc)
    if not codes:
        raise ProfileError("job_offer.noc", f"{offer.noc} is not a known NOC code.")
    return OfferFacts(
        noc=offer.noc,
        codes_2021=codes,
        teer=noc.teer_of(offer.noc),
        province=offer.province,
        full_time=offer.full_time,
        non_seasonal=offer.non_seasonal,
        duration_months=offer.duration_months,
        lmia_or_exempt=offer.lmia_or_exempt,
    )


def _valid_levels(
    result: LanguageResult | None, rules: RuleSet, label: str, notes: list[str]
) -> tuple[Levels | None, str | None]:
    if result is None:
        return None, None
    if not is_valid(result, rules.as_of):
        notes.append(f"expired_test:{label}")
        return None, None
    return to_levels(result, rules), result.language


def _units(jobs: list[WorkPeriod], as_of: date) -> Units:
    """Week-hour days in the 10-year window (0 without a job, the common case abroad)."""
    return units_in_window(jobs, as_of, 10) if jobs else 0


def derive_facts(profile: Profile, rules: RuleSet) -> Facts:
    """Everything scoring needs, counted by the contract's rules on rules.as_of."""
    as_of = rules.as_of
    notes: list[str] = []
    first, first_language = _valid_levels(profile.languages.first, rules, "first", notes)
    second, second_language = _valid_levels(profile.languages.second, rules, "second", notes)
    if second is not None and second_language == first_language:
        notes.append("second_same_language")
        second, second_language = None, None
    if second is not None and first_language is None and profile.languages.first is not None:
        # Slots never swap: an expired first test leaves the first language empty.
        first_test = profile.languages.first
        if first_test.language == second_language:
            second, second_language = None, None

    spouse = profile.spouse
    with_spouse = (
        profile.marital_status in WITH_SPOUSE
        and spouse is not None
        and spouse.accompanying
        and not spouse.is_canadian_citizen_or_pr
    )
    jobs = _periods(profile.work_experience, rules, "work_experience")
    spouse_jobs = (
        _periods(spouse.work_experience, rules, "spouse.work_experience") if spouse else ()
    )
    spouse_levels = None
    if spouse is not None:
        spouse_levels, _ = _valid_levels(spouse.language, rules, "spouse", notes)

    canadian = [job for job in jobs if is_canadian_work(job)]
    foreign = [job for job in jobs if is_foreign_work(job)]
    canadian_units = _units(canadian, as_of)
    foreign_units = _units(foreign, as_of)
    both_units = _units(canadian + foreign, as_of) if canadian and foreign else None
    quebec = dict(profile.quebec) if profile.quebec else {}  # flat: the same as model_dump()
    return Facts(
        as_of=as_of,
        age=completed_years(profile.date_of_birth, as_of),
        with_spouse=with_spouse,
        education=profile.education.level,
        canadian_education=profile.education.canadian,
        has_eca=profile.education.has_eca,
        first=first,
        first_language=first_language,
        second=second,
        second_language=second_language,
        spouse_levels=spouse_levels,
        spouse_education=(spouse.education if spouse and spouse.education else "none"),
        spouse_canadian_education=spouse.canadian_education if spouse else "none",
        canadian_years=whole_years(canadian_units),
        foreign_years=whole_years(foreign_units),
        fsw_years=whole_years(
            both_units if both_units is not None else canadian_units + foreign_units
        ),
        spouse_canadian_years=whole_years(
            _units([j for j in spouse_jobs if is_canadian_work(j)], as_of)
        ),
        jobs=jobs,
        offer=_offer(profile.job_offer, rules.noc),
        certificate_of_qualification=profile.certificate_of_qualification,
        provincial_nomination=profile.provincial_nomination,
        sibling_in_canada=profile.sibling_in_canada,
        relative_in_canada=profile.relative_in_canada,
        settlement_funds_cad=profile.settlement_funds_cad,
        family_size=profile.family_size or 1,
        intended_province=profile.intended_province,
        quebec=quebec,
        notes=tuple(notes),
    )
