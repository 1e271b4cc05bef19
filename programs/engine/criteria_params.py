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
from .vocabulary import EducationLevel, Province

Ability = Literal["listening", "reading", "writing", "speaking"]
Level = Annotated[int, Field(ge=0, le=12)]
# A parameter that names another rule row carries what it names: "occupation_list", "program",
# "category" or "noc" (a NOC 2021 code), so that saving and loading can check it exists.
REFERS_TO = "refers_to"
LIST_REFERENCE = {REFERS_TO: "occupation_list"}


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LanguageMin(_Params):
    """Minimum CLB / NCLC per ability in the chosen language slot."""

    language: Literal["first", "any_official", "english", "french"] = "first"
    levels: dict[Ability, Level] = Field(min_length=1)


class LanguageByTeer(_Params):
    """CEC: the level needed depends on the TEER of the qualifying Canadian experience."""

    teer_levels: dict[Literal["0", "1", "2", "3"], Level]
    months: int = Field(default=12, ge=1, le=240)
    window_years: int = Field(default=3, ge=1, le=20)


class EducationMin(_Params):
    level: EducationLevel
    requires_eca_or_canadian: bool = True


class Experience(_Params):
    """At least `months` of work (1,560 h a year, 30 h a week at most) in a window of years."""

    months: int = Field(ge=1, le=240)
    window_years: int = Field(ge=1, le=20)
    where: Literal["canada", "abroad", "any"] = "any"
    teers: list[Literal[0, 1, 2, 3, 4, 5]] = Field(default=[0, 1, 2, 3], min_length=1)
    occupation_list: str | None = Field(
        default=None, description="slug of an OccupationList", json_schema_extra=LIST_REFERENCE
    )
    continuous_same_noc: bool = False
    exclude_self_employed: bool = False
    exclude_full_time_student: bool = True


class JobOffer(_Params):
    province: Province | None = None
    occupation_list: str | None = Field(default=None, json_schema_extra=LIST_REFERENCE)
    teers: list[Literal[0, 1, 2, 3, 4, 5]] | None = None
    full_time: bool = True
    min_duration_months: int | None = Field(default=None, ge=1, le=120)
    lmia_or_exempt: bool = False


class AgeRange(_Params):
    min: int | None = Field(default=None, ge=0, le=120)
    max: int | None = Field(default=None, ge=0, le=120)

    @model_validator(mode="after")
    def _order(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must not be above max")
        return self


class SettlementFunds(_Params):
    """Funds by family size from the `proof_of_funds` grid in force."""

    exempt_with_job_offer: bool = True


class Province_(_Params):
    province: Province
    exclude: bool = Field(default=False, description="true: must intend to live outside it")


class ExpressEntryEligible(_Params):
    programs: list[str] = Field(
        min_length=1,
        description="slugs of Express Entry programs",
        json_schema_extra={REFERS_TO: "program"},
    )


class MinCrs(_Params):
    min: int = Field(ge=0, le=1200)


class FswPoints(_Params):
    """The FSW 67-point grid; `pass_mark` overrides the grid's own when given."""

    pass_mark: int | None = Field(default=None, ge=0, le=100)


class ProfileFlag(_Params):
    field: Literal[
        "certificate_of_qualification",
        "provincial_nomination",
        "sibling_in_canada",
        "relative_in_canada",
        "quebec.intends_to_live_in_quebec",
        "quebec.holds_quebec_job_offer",
        "quebec.francization_agreement",
    ]
    expected: bool = True


class QuebecDiploma(_Params):
    min: Literal["dep_or_dec", "bachelors_or_higher"]


class ManualReview(_Params):
    """Something the profile cannot answer (expert opinion, salary): always 'unknown'.

    `reason` is for staff only; applicants read the criterion's own requirement text.
    """

    reason: str = Field(default="", max_length=500)


class AnyOf(_Params):
    """Met when any one of the listed sub-criteria is met."""

    options: list[SubCriterion] = Field(min_length=2)


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
