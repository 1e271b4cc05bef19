"""Criterion kinds and the parameters each one takes.

A `programs.Criterion` row stores `kind` and `params` (JSON). The admin validates `params` with
the model registered here for the kind, so staff get a clear form error instead of a broken
rule. Each model belongs to a criterion kind class (`kinds.py`), which the engine evaluates;
`CRITERION_PARAMS` (kind -> model) is read from the registry of kinds (`criteria.KINDS`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .criteria import KINDS
from .i18n import gettext_noop
from .vocabulary import EducationLevel, Province

Ability = Literal["listening", "reading", "writing", "speaking"]
Level = Annotated[int, Field(ge=0, le=12)]
# A parameter that names another rule row carries what it names: "occupation_list", "program",
# "category" or "noc" (a NOC 2021 code), so that saving and loading can check it exists.
REFERS_TO = "refers_to"
LIST_REFERENCE = {REFERS_TO: "occupation_list"}
# The unit of a number, shown beside its box in the admin form (translated there).
UNIT = "unit"
MONTHS = {UNIT: gettext_noop("months")}
YEARS = {UNIT: gettext_noop("years")}
CLB = {UNIT: gettext_noop("CLB")}
POINTS = {UNIT: gettext_noop("points")}
AGE = {UNIT: gettext_noop("years of age")}


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LanguageMin(_Params):
    """Minimum CLB / NCLC per ability in the chosen language slot."""

    language: Literal["first", "any_official", "english", "french"] = Field(
        default="first",
        title=gettext_noop("Which test"),
        description=gettext_noop(
            "The language result that must reach the levels: the applicant's first official "
            "language, either English or French, English only, or French only."
        ),
    )
    levels: dict[Ability, Level] = Field(
        min_length=1,
        title=gettext_noop("Minimum level per ability"),
        description=gettext_noop(
            "The lowest CLB (NCLC in French) accepted in each ability. Leave an ability empty "
            "when it has no minimum; give at least one."
        ),
        json_schema_extra=CLB,
    )


class LanguageByTeer(_Params):
    """CEC: the level needed depends on the TEER of the qualifying Canadian experience."""

    teer_levels: dict[Literal["0", "1", "2", "3"], Level] = Field(
        title=gettext_noop("Minimum level by TEER of the experience"),
        description=gettext_noop(
            "The lowest CLB needed in every ability, by the TEER category of the qualifying "
            "Canadian work. Leave a TEER empty when its work does not qualify."
        ),
        json_schema_extra=CLB,
    )
    months: int = Field(
        default=12,
        ge=1,
        le=240,
        title=gettext_noop("Work needed"),
        description=gettext_noop("Full-time months (or the part-time equivalent) of that work."),
        json_schema_extra=MONTHS,
    )
    window_years: int = Field(
        default=3,
        ge=1,
        le=20,
        title=gettext_noop("Within the last"),
        description=gettext_noop("The work must fall within this many years before the day."),
        json_schema_extra=YEARS,
    )


class EducationMin(_Params):
    level: EducationLevel = Field(
        title=gettext_noop("Lowest education"),
        description=gettext_noop("The lowest completed education level accepted."),
    )
    requires_eca_or_canadian: bool = Field(
        default=True,
        title=gettext_noop("Needs a Canadian credential or an ECA"),
        description=gettext_noop(
            "Tick when a foreign credential counts only with an Educational Credential Assessment."
        ),
    )


class Experience(_Params):
    """At least `months` of work (1,560 h a year, 30 h a week at most) in a window of years."""

    months: int = Field(
        ge=1,
        le=240,
        title=gettext_noop("Work needed"),
        description=gettext_noop(
            "Full-time months (1,560 hours a year, at most 30 hours a week count)."
        ),
        json_schema_extra=MONTHS,
    )
    window_years: int = Field(
        ge=1,
        le=20,
        title=gettext_noop("Within the last"),
        description=gettext_noop("The work must fall within this many years before the day."),
        json_schema_extra=YEARS,
    )
    where: Literal["canada", "abroad", "any"] = Field(
        default="any",
        title=gettext_noop("Where the work was done"),
        description=gettext_noop("Only work in Canada, only work abroad, or both."),
    )
    teers: list[Literal[0, 1, 2, 3, 4, 5]] = Field(
        default=[0, 1, 2, 3],
        min_length=1,
        title=gettext_noop("TEER categories that count"),
        description=gettext_noop("Work counts only in occupations of the TEER categories ticked."),
    )
    occupation_list: str | None = Field(
        default=None,
        title=gettext_noop("Occupation list"),
        description=gettext_noop(
            "Work counts only in the occupations of this list. Empty: any occupation."
        ),
        json_schema_extra=LIST_REFERENCE,
    )
    continuous_same_noc: bool = Field(
        default=False,
        title=gettext_noop("One continuous run in one occupation"),
        description=gettext_noop("Tick when the months must be continuous, in the same NOC code."),
    )
    exclude_self_employed: bool = Field(
        default=False,
        title=gettext_noop("Self-employment does not count"),
        description=gettext_noop("Tick when self-employed work is left out."),
    )
    exclude_full_time_student: bool = Field(
        default=True,
        title=gettext_noop("Work while a full-time student does not count"),
        description=gettext_noop("Tick when work done while studying full time is left out."),
    )


class JobOffer(_Params):
    province: Province | None = Field(
        default=None,
        title=gettext_noop("Employer's province"),
        description=gettext_noop("The offer must be for a job in this province. Empty: anywhere."),
    )
    occupation_list: str | None = Field(
        default=None,
        title=gettext_noop("Occupation list"),
        description=gettext_noop(
            "The offered job must be one of the occupations of this list. Empty: any occupation."
        ),
        json_schema_extra=LIST_REFERENCE,
    )
    teers: list[Literal[0, 1, 2, 3, 4, 5]] | None = Field(
        default=None,
        title=gettext_noop("TEER categories accepted"),
        description=gettext_noop("The offered job's TEER category. None ticked: any TEER."),
    )
    full_time: bool = Field(
        default=True,
        title=gettext_noop("Full time"),
        description=gettext_noop("Tick when the offer must be for full-time work."),
    )
    min_duration_months: int | None = Field(
        default=None,
        ge=1,
        le=120,
        title=gettext_noop("Shortest duration"),
        description=gettext_noop(
            "The offer must last at least this long. Empty: permanent or any."
        ),
        json_schema_extra=MONTHS,
    )
    lmia_or_exempt: bool = Field(
        default=False,
        title=gettext_noop("Needs an LMIA or an exemption"),
        description=gettext_noop(
            "Tick when the offer must be supported by a Labour Market Impact Assessment or be "
            "exempt from one."
        ),
    )


class AgeRange(_Params):
    min: int | None = Field(
        default=None,
        ge=0,
        le=120,
        title=gettext_noop("Youngest age"),
        description=gettext_noop("The applicant must be at least this old. Empty: no minimum."),
        json_schema_extra=AGE,
    )
    max: int | None = Field(
        default=None,
        ge=0,
        le=120,
        title=gettext_noop("Oldest age"),
        description=gettext_noop("The applicant must be at most this old. Empty: no maximum."),
        json_schema_extra=AGE,
    )

    @model_validator(mode="after")
    def _order(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must not be above max")
        return self


class SettlementFunds(_Params):
    """Funds by family size from the `proof_of_funds` grid in force."""

    exempt_with_job_offer: bool = Field(
        default=True,
        title=gettext_noop("Not needed with a valid job offer"),
        description=gettext_noop(
            "Tick when an applicant with a valid job offer (or allowed to work in Canada) need "
            "not show the funds."
        ),
    )


class Province_(_Params):
    province: Province = Field(
        title=gettext_noop("Province or territory"),
        description=gettext_noop("Where the applicant must intend to live."),
    )
    exclude: bool = Field(
        default=False,
        title=gettext_noop("Anywhere but there"),
        description=gettext_noop("Tick when the applicant must intend to live outside it."),
    )


class ExpressEntryEligible(_Params):
    programs: list[str] = Field(
        min_length=1,
        title=gettext_noop("Express Entry programs"),
        description=gettext_noop(
            "The applicant must qualify for at least one of the programs ticked."
        ),
        json_schema_extra={REFERS_TO: "program"},
    )


class MinCrs(_Params):
    min: int = Field(
        ge=0,
        le=1200,
        title=gettext_noop("Lowest CRS score"),
        description=gettext_noop("The Comprehensive Ranking System score needed."),
        json_schema_extra=POINTS,
    )


class FswPoints(_Params):
    """The FSW 67-point grid; `pass_mark` overrides the grid's own when given."""

    pass_mark: int | None = Field(
        default=None,
        ge=0,
        le=100,
        title=gettext_noop("Pass mark"),
        description=gettext_noop(
            "The points needed on the Federal Skilled Worker grid. Empty: the grid's own (67)."
        ),
        json_schema_extra=POINTS,
    )


class ProfileFlag(_Params):
    field: Literal[
        "certificate_of_qualification",
        "provincial_nomination",
        "sibling_in_canada",
        "relative_in_canada",
        "quebec.intends_to_live_in_quebec",
        "quebec.holds_quebec_job_offer",
        "quebec.francization_agreement",
    ] = Field(
        title=gettext_noop("Answer"),
        description=gettext_noop("The applicant's yes-or-no answer this rule reads."),
    )
    expected: bool = Field(
        default=True,
        title=gettext_noop("Must be yes"),
        description=gettext_noop("Ticked: the answer must be yes. Not ticked: it must be no."),
    )


class QuebecDiploma(_Params):
    min: Literal["dep_or_dec", "bachelors_or_higher"] = Field(
        title=gettext_noop("Lowest Quebec diploma"),
        description=gettext_noop("The lowest diploma from a Quebec institution accepted."),
    )


class ManualReview(_Params):
    """Something the profile cannot answer (expert opinion, salary): always 'unknown'.

    `reason` is for staff only; applicants read the criterion's own requirement text.
    """

    reason: str = Field(
        default="",
        max_length=500,
        title=gettext_noop("What to check by hand"),
        description=gettext_noop(
            "For staff only: what a consultant must check, since the answers cannot tell."
        ),
    )


class AnyOf(_Params):
    """Met when any one of the listed sub-criteria is met."""

    options: list[SubCriterion] = Field(
        min_length=2,
        title=gettext_noop("Options"),
        description=gettext_noop("The rule is met when any one of these is met."),
    )


class SubCriterion(_Params):
    kind: str
    params: dict = Field(default_factory=dict)
    _parsed: BaseModel = PrivateAttr()  # `params` validated by the kind's model

    @model_validator(mode="after")
    def _valid(self) -> SubCriterion:
        if self.kind not in CRITERION_PARAMS:
            raise ValueError(f"unknown criterion kind {self.kind!r}")
        self._parsed = CRITERION_PARAMS[self.kind].model_validate(self.params)
        return self

    @property
    def parsed(self) -> BaseModel:
        """The option's parameters, parsed once when the criterion's parameters are."""
        return self.__pydantic_private__["_parsed"]  # self._parsed, without pydantic's __getattr__


class _ParamsByKind(Mapping[str, type[BaseModel]]):
    """kind -> parameter model, read from the registry of criterion kinds (criteria.KINDS)."""

    def __getitem__(self, kind: str) -> type[BaseModel]:
        return KINDS[kind].Params

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


CRITERION_PARAMS: Mapping[str, type[BaseModel]] = _ParamsByKind()
AnyOf.model_rebuild()


def references(params: BaseModel, path: str = "") -> list[tuple[str, str, str]]:
    """(parameter path, what it names, value) for every reference in parsed parameters.

    Walks `any_of` options too (path `options.1.params.occupation_list`).
    """
    found = []
    for name, info in type(params).model_fields.items():
        value = getattr(params, name)
        target = (info.json_schema_extra or {}).get(REFERS_TO)  # type: ignore[union-attr]
        if target and value:
            found += [
                (path + name, str(target), v)
                for v in (value if isinstance(value, list) else [value])
            ]
        elif isinstance(params, AnyOf) and name == "options":
            for i, option in enumerate(value):
                found += references(option.parsed, f"{path}options.{i}.params.")
    return found


def parse_params(kind: str, params: object) -> BaseModel:
    """Validate a criterion's parameters; KeyError for an unknown kind, ValidationError otherwise."""
    return CRITERION_PARAMS[kind].model_validate(params)


def canonical_params(kind: str, params: object) -> dict:
    """Valid parameters with every field written out (defaults too), as the admin form stores
    them: a dated rule keeps its meaning if a default in the code changes later."""
    parsed = parse_params(kind, params)
    if isinstance(parsed, AnyOf):
        return {
            "options": [
                {"kind": option.kind, "params": canonical_params(option.kind, option.params)}
                for option in parsed.options
            ]
        }
    return parsed.model_dump(mode="json")
