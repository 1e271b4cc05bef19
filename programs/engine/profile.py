"""The applicant profile contract (programs/contracts/profile.schema.json) as pydantic models.

`parse_profile` turns JSON text into a `Profile` or raises `ProfileError` with the dotted path of
the first bad field. Types are strict (a string is not a number), and a test cannot be dated
before its scale existed; checks that need more than one field or the day scored (scales of each
language test, dates not after `as_of`, jobs not before the 14th birthday, end after start) run
in `check_profile`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .errors import ProfileError
from .grids import ABILITIES, CanadianEducationCode, EducationLevelCode
from .vocabulary import (
    ENGLISH_TESTS,
    WITH_SPOUSE,
    LanguageTest,
    MaritalStatus,
    Province,
    QuebecDiploma,
    literal,
)

MAX_PROFILE_BYTES = 256 * 1024
# What no database stores as text: NUL (PostgreSQL refuses it, in text and in jsonb) and lone
# UTF-16 surrogates (JSON's "\ud800" decodes to one; it cannot be encoded as UTF-8).
UNSTORABLE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "The text contains a NUL character or an unpaired surrogate."


def has_unstorable_characters(value: str) -> bool:
    return UNSTORABLE_CHARACTERS.search(value) is not None


def _storable(value: str) -> str:
    if has_unstorable_characters(value):
        raise PydanticCustomError("unstorable_text", UNSTORABLE_MESSAGE)
    return value


# Every free-text field of the profile: at most 200 characters, each one storable.
Text = Annotated[str, Field(max_length=200), AfterValidator(_storable)]

Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
NocCode = Annotated[str, Field(pattern=r"^[0-9]{4,5}$")]
# The contract's vocabularies (vocabulary.py) as Literal types of their codes.
ProvinceCode = literal(Province)
TestName = literal(LanguageTest)
QuebecDiplomaCode = literal(QuebecDiploma)
MaritalStatusCode = literal(MaritalStatus)
Score = Annotated[float, Field(ge=0, le=699)]


# The first day a result of each test can carry, on the scale this contract takes its scores in.
# An earlier date cannot be true: the test, or its scale, did not exist yet. The dates are the
# earliest the sources allow (an old but real result is expired, not refused: see language.py).
SCALE_FROM: dict[str, tuple[str, date]] = {
    # IELTS was launched in 1989 with its 0-9 band scale (its owners' own history; not checked
    # against a page here: the year only bounds what is impossible, it refuses no real result).
    LanguageTest.IELTS_GENERAL: (LanguageTest.IELTS_GENERAL.brand, date(1989, 1, 1)),
    # Levels 1-12 for tests taken from 1 April 2014; earlier results were 2H to 5H (IRCC's
    # instructions quoted on forum.iask.ca/canadameet/topic/744758: "For tests taken after
    # April 1, 2014, ... level 4 or higher (up to 12)").
    LanguageTest.CELPIP_GENERAL: (LanguageTest.CELPIP_GENERAL.brand, date(2014, 4, 1)),
    # PTE Core: accepted by IRCC since 30 January 2024 (the Express Entry reference tables, §2).
    LanguageTest.PTE_CORE: (LanguageTest.PTE_CORE.brand, date(2024, 1, 30)),
    # 0-699 in all four abilities from 1 October 2019 (the stored 2019-2023 table, then the one
    # from 11 December 2023); before, other maxima (reading 300...): the Express Entry
    # reference tables, §2.4.
    LanguageTest.TEF_CANADA: (LanguageTest.TEF_CANADA.brand, date(2019, 10, 1)),
    # Created by France Education International (CIEP) in 2018, accepted by IRCC from November
    # 2018 (ciep.fr, 28 March 2019; cicnews.com, 10 November 2018): the start of 2018.
    LanguageTest.TCF_CANADA: (LanguageTest.TCF_CANADA.brand, date(2018, 1, 1)),
    # The Canadian Language Benchmarks were first published in 1996 (the CCLB's history of the
    # CLB), their French counterpart, the NCLC, in 2006 ("Niveaux de compétence linguistique
    # canadiens 2006"); not checked against a page here, and early enough to refuse no real level.
    LanguageTest.CLB: (LanguageTest.CLB.brand, date(1996, 1, 1)),
    LanguageTest.NCLC: (LanguageTest.NCLC.brand, date(2006, 1, 1)),
}
# Nobody works before 14 (a job starting earlier cannot be true); a spouse's jobs, whose date of
# birth is not asked, may not start before the oldest applicant accepted (MAX_AGE_YEARS) was 14.
MIN_WORKING_AGE = 14
MAX_AGE_YEARS = 125


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Education(_Model):
    level: EducationLevelCode
    canadian: CanadianEducationCode = "none"
    has_eca: bool = False
    field_of_study: Text | None = None


class LanguageResult(_Model):
    test: TestName
    test_date: date | None = None
    listening: Score
    reading: Score
    writing: Score
    speaking: Score

    @field_validator("test_date")
    @classmethod
    def _not_before_the_scale(cls, value: date | None, info: ValidationInfo) -> date | None:
        name, first = SCALE_FROM.get(info.data.get("test", ""), ("", date.min))
        if value is not None and value < first:
            raise PydanticCustomError(
                "date_before_scale",
                "{name} results on this scale exist from {first} on; check the test date.",
                {"name": name, "first": first.isoformat()},
            )
        return value

    @property
    def language(self) -> str:
        return "en" if self.test in ENGLISH_TESTS else "fr"


class Languages(_Model):
    first: LanguageResult | None
    second: LanguageResult | None = None


class Job(_Model):
    noc: NocCode
    title: Text | None = None
    country: Country
    province: ProvinceCode | None = None
    start: date
    end: date | None = None
    hours_per_week: Annotated[float, Field(gt=0, le=168)]
    self_employed: bool = False
    while_full_time_student: bool = False


class JobOffer(_Model):
    noc: NocCode
    province: ProvinceCode
    full_time: bool = True
    non_seasonal: bool = True
    duration_months: Annotated[int, Field(ge=0, le=1200)] | None = None
    lmia_or_exempt: bool = False
    employer_sector: Text | None = None


class Spouse(_Model):
    is_canadian_citizen_or_pr: bool = False
    accompanying: bool
    education: EducationLevelCode | None = None
    canadian_education: CanadianEducationCode = "none"
    language: LanguageResult | None = None
    work_experience: Annotated[list[Job], Field(max_length=30)] = []


class Quebec(_Model):
    intends_to_live_in_quebec: bool | None = None
    quebec_diploma: QuebecDiplomaCode | None = None
    holds_quebec_job_offer: bool | None = None
    francization_agreement: bool | None = None


class Profile(_Model):
    as_of: date | None = None
    date_of_birth: date
    citizenship: Country | None = None
    country_of_residence: Country | None = None
    marital_status: MaritalStatusCode
    spouse: Spouse | None = None
    education: Education
    languages: Languages
    work_experience: Annotated[list[Job], Field(max_length=30)]
    certificate_of_qualification: bool = False
    job_offer: JobOffer | None = None
    provincial_nomination: bool = False
    sibling_in_canada: bool = False
    relative_in_canada: bool = False
    settlement_funds_cad: Annotated[int, Field(ge=0, le=100_000_000)] | None = None
    family_size: Annotated[int, Field(ge=1, le=30)] | None = None
    intended_province: ProvinceCode | None = None
    quebec: Quebec | None = None


def _dotted(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "This field is not part of the profile.",
    "json_invalid": "The profile is not valid JSON.",
    "model_type": "Expected an object.",
    "model_attributes_type": "Expected an object.",
}


def _first_error(exc: ValidationError) -> ProfileError:
    error = exc.errors(include_url=False)[0]
    message = _MESSAGES.get(error["type"], error["msg"])
    return ProfileError(_dotted(error["loc"]), message)


def parse_profile(text: str | bytes) -> Profile:
    """Parse one profile document; raises ProfileError (never a pydantic or JSON exception)."""
    if len(text) > MAX_PROFILE_BYTES:
        raise ProfileError("", f"The profile is larger than {MAX_PROFILE_BYTES // 1024} KB.")
    try:
        return Profile.model_validate_json(text)
    except ValidationError as exc:
        raise _first_error(exc) from None


def _whole(low: int, high: int) -> frozenset[float]:
    return frozenset(float(n) for n in range(low, high + 1))


# Scores `scale_problem` accepts, by test and ability (the schema already keeps them in 0-699):
# most profiles pass with four set look-ups instead of four checks.
_ANY_WHOLE = _whole(0, 699)
VALID_SCORES: dict[str, tuple[frozenset[float], ...]] = {
    LanguageTest.IELTS_GENERAL: (frozenset(n / 2 for n in range(19)),) * 4,
    LanguageTest.CLB: (_whole(0, 12),) * 4,
    LanguageTest.NCLC: (_whole(0, 12),) * 4,
    LanguageTest.CELPIP_GENERAL: (_whole(0, 12),) * 4,
    LanguageTest.PTE_CORE: (_whole(10, 90),) * 4,
    LanguageTest.TCF_CANADA: (_ANY_WHOLE, _ANY_WHOLE, _whole(0, 20), _whole(0, 20)),
    LanguageTest.TEF_CANADA: (_ANY_WHOLE,) * 4,
}


def _check_scale(result: LanguageResult, path: str) -> None:
    listening, reading, writing, speaking = VALID_SCORES[result.test]
    if (
        result.listening in listening
        and result.reading in reading
        and result.writing in writing
        and result.speaking in speaking
    ):
        return
    for ability in ABILITIES:
        score = getattr(result, ability)
        problem = scale_problem(result.test, ability, score)
        if problem:
            raise ProfileError(f"{path}.{ability}", problem)


def scale_problem(test: str, ability: str, score: float) -> str | None:
    """Why a score is impossible on its test's scale, or None when it is fine."""
    whole = float(score).is_integer()
    if test == LanguageTest.IELTS_GENERAL:
        if score > 9 or not (score * 2).is_integer():
            return f"IELTS scores go from 0 to 9 in half bands; {score:g} is not one."
    elif test in (LanguageTest.CLB, LanguageTest.NCLC):
        if score > 12 or not whole:
            return f"A {test.upper()} level is a whole number from 0 to 12; {score:g} is not one."
    elif test == LanguageTest.CELPIP_GENERAL:
        if score > 12 or not whole:
            return f"CELPIP-General levels are whole numbers from 0 to 12; {score:g} is not one."
    elif test == LanguageTest.PTE_CORE:
        if not whole or not 10 <= score <= 90:
            return f"PTE Core scores are whole numbers from 10 to 90; {score:g} is not one."
    elif test == LanguageTest.TCF_CANADA and ability in ("writing", "speaking"):
        if not whole or score > 20:
            return f"TCF Canada {ability} is scored from 0 to 20; {score:g} is not a valid score."
    elif not whole:
        return f"{test.upper()} scores are whole numbers from 0 to 699; {score:g} is not one."
    return None


def birthday(born: date, years: int) -> date:
    """The day one turns `years` (29 February: 1 March in common years, as `completed_years`
    counts), held at the calendar's ends (years 1 and 9999). Negative `years`: the day that many
    years earlier."""
    year = born.year + years
    if not 1 <= year <= 9999:  # out of the calendar: no real date is on the other side
        return date.max if years > 0 else date.min
    try:
        return born.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


_BEFORE_WORKING_AGE = (
    f"The start date is before the applicant's {MIN_WORKING_AGE}th birthday ({{earliest}})."
)
_BEFORE_ANYONE_WORKED = (
    f"The start date is more than {MAX_AGE_YEARS - MIN_WORKING_AGE} years ago ({{earliest}})."
)


def _check_jobs(jobs: list[Job], as_of: date, path: str, earliest: date, too_early: str) -> None:
    """Each job starts between `earliest` (`too_early` is the message's template) and as_of."""
    for index, job in enumerate(jobs):
        if job.start > as_of:
            raise ProfileError(f"{path}.{index}.start", "The start date is in the future.")
        if job.start < earliest:
            message = too_early.format(earliest=earliest.isoformat())
            raise ProfileError(f"{path}.{index}.start", message)
        if job.end is not None and job.end < job.start:
            raise ProfileError(f"{path}.{index}.end", "The end date is before the start date.")


def check_profile(profile: Profile, as_of: date) -> None:
    """Checks that span several fields or depend on the day scored; raises ProfileError."""
    if profile.date_of_birth > as_of:
        raise ProfileError("date_of_birth", "The date of birth is in the future.")
    if as_of.year - profile.date_of_birth.year > MAX_AGE_YEARS:
        raise ProfileError(
            "date_of_birth", f"The date of birth is more than {MAX_AGE_YEARS} years ago."
        )
    married = profile.marital_status in WITH_SPOUSE
    if married and profile.spouse is None:
        raise ProfileError("spouse", "Tell us about your spouse or common-law partner.")
    for slot in ("first", "second"):
        result = getattr(profile.languages, slot)
        if result is not None:
            _check_test(result, as_of, f"languages.{slot}")
    if profile.work_experience:
        working_age = birthday(profile.date_of_birth, MIN_WORKING_AGE)
        jobs = profile.work_experience
        _check_jobs(jobs, as_of, "work_experience", working_age, _BEFORE_WORKING_AGE)
    if profile.spouse is not None:
        if profile.spouse.language is not None:
            _check_test(profile.spouse.language, as_of, "spouse.language")
        if profile.spouse.work_experience:
            oldest = birthday(as_of, MIN_WORKING_AGE - MAX_AGE_YEARS)
            jobs = profile.spouse.work_experience
            _check_jobs(jobs, as_of, "spouse.work_experience", oldest, _BEFORE_ANYONE_WORKED)


# TEF Canada's old scale (results before 2023-12-11) tops out below 699 (IRCC equivalency chart).
TEF_NEW_SCALE_FROM = date(2023, 12, 11)
TEF_OLD_SCALE_MAX = {"listening": 360, "reading": 300, "writing": 450, "speaking": 450}


def old_scale_maximum(test: str, ability: str, taken: date) -> int | None:
    """The top score `test` gave in `ability` on `taken` when that was an older, smaller scale.

    None when the day's scale is the one `scale_problem` checks. The wizard asks the same
    question at the field, so a step it accepts is never refused at submission.
    """
    if test == LanguageTest.TEF_CANADA and taken < TEF_NEW_SCALE_FROM:
        return TEF_OLD_SCALE_MAX[ability]
    return None


def _check_test(result: LanguageResult, as_of: date, path: str) -> None:
    if result.test_date is not None and result.test_date > as_of:
        raise ProfileError(f"{path}.test_date", "The test date is in the future.")
    _check_scale(result, path)
    for ability in TEF_OLD_SCALE_MAX:
        top = old_scale_maximum(result.test, ability, result.test_date or as_of)
        score = getattr(result, ability)
        if top is not None and score > top:
            raise ProfileError(
                f"{path}.{ability}",
                f"TEF Canada {ability} before 11 December 2023 was scored out of {top}; "
                f"{score:g} is not a valid score for that date.",
            )
