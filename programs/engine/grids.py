"""Shapes of the numeric grids that scoring reads (CRS, FSW, CLB conversions, proof of funds).

Each grid is stored as JSON in `programs.ScoringGrid.table`, versioned by date, and validated
against the model named here for its key, both when staff save it in the admin and when the
engine loads it. "Rows" tables are threshold bands: a value gets the last row whose `at_least`
is at or below it; a value below the first row gets 0 (or level 0). Rows must be in ascending
order of `at_least` (checked here): `bands.band` finds the row by bisection.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .vocabulary import CONVERTED_TESTS, CanadianEducation, EducationLevel, codes, literal

EducationLevelCode = literal(EducationLevel)
CanadianEducationCode = literal(CanadianEducation)
EDUCATION_LEVELS: tuple[str, ...] = codes(EducationLevel)  # lowest first: the order ranks them
ABILITIES: tuple[str, ...] = ("listening", "reading", "writing", "speaking")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _ascending(rows: list, attr: str = "at_least") -> None:
    values = [getattr(row, attr) for row in rows]
    if values != sorted(values) or len(set(values)) != len(values):
        raise ValueError(f"rows must be in strictly ascending order of {attr}")


class SplitPoints(_Strict):
    """Points in the CRS columns with and without an accompanying spouse."""

    with_spouse: int = Field(ge=0)
    single: int = Field(ge=0)


class SplitRow(SplitPoints):
    at_least: int = Field(ge=0)


class PointsRow(_Strict):
    at_least: int = Field(ge=0)
    points: int = Field(ge=0)


class TierRow(_Strict):
    at_least: int = Field(ge=0)
    tier: int = Field(ge=0, le=2)


class TierPointsRow(_Strict):
    """Points for education / foreign-work tiers 0, 1 and 2, from a threshold up."""

    at_least: int = Field(ge=0)
    points: tuple[int, int, int]


class SplitBands(_Strict):
    rows: list[SplitRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> SplitBands:
        _ascending(self.rows)
        return self


class CrsSecondLanguage(SplitBands):
    cap: SplitPoints


class CrsEducation(_Strict):
    levels: dict[EducationLevelCode, SplitPoints]

    @model_validator(mode="after")
    def _complete(self) -> CrsEducation:
        missing = set(EDUCATION_LEVELS) - set(self.levels)
        if missing:
            raise ValueError(f"missing education levels: {', '.join(sorted(missing))}")
        return self


class PointsBands(_Strict):
    rows: list[PointsRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> PointsBands:
        _ascending(self.rows)
        return self


class CappedPointsBands(PointsBands):
    cap: int = Field(ge=0)


class CrsSpouse(_Strict):
    education: dict[EducationLevelCode, int]
    language: CappedPointsBands
    canadian_work: PointsBands


class CrsTransferability(_Strict):
    """Skill transferability: tiers for education and foreign work, points by language or Canadian work."""

    education_tier: dict[EducationLevelCode, int]
    foreign_work_tier: list[TierRow]
    language: list[TierPointsRow] = Field(description="by minimum CLB over the four abilities")
    canadian_work: list[TierPointsRow] = Field(description="by years of Canadian experience")
    certificate: list[PointsRow] = Field(description="by minimum CLB over the four abilities")
    group_cap: int = Field(ge=0)
    total_cap: int = Field(ge=0)

    @model_validator(mode="after")
    def _check(self) -> CrsTransferability:
        for rows in (self.foreign_work_tier, self.language, self.canadian_work, self.certificate):
            _ascending(rows)
        return self


class CrsFrench(_Strict):
    min_nclc: int = Field(ge=0, le=12)
    english_min_clb: int = Field(ge=0, le=12)
    points_without_english: int = Field(ge=0)
    points_with_english: int = Field(ge=0)


class CrsJobOffer(_Strict):
    senior_management: int = Field(ge=0, description="TEER 0, major group 00")
    other: int = Field(ge=0)


class CrsAdditional(_Strict):
    provincial_nomination: int = Field(ge=0)
    sibling: int = Field(ge=0)
    french: CrsFrench
    canadian_education: dict[CanadianEducationCode, int]
    job_offer: CrsJobOffer
    cap: int = Field(ge=0)


class FswAdaptability(_Strict):
    spouse_language: int
    spouse_language_min_clb: int
    study_in_canada: int
    spouse_study_in_canada: int
    work_in_canada: int
    spouse_work_in_canada: int
    arranged_employment: int
    relative: int
    cap: int


class FswGrid(_Strict):
    first_language: list[PointsRow] = Field(description="points per ability by CLB")
    second_language_min_clb: int
    second_language_points: int
    education: dict[EducationLevelCode, int]
    experience: list[PointsRow]
    age: list[PointsRow]
    arranged_employment: int
    adaptability: FswAdaptability
    pass_mark: int

    @model_validator(mode="after")
    def _check(self) -> FswGrid:
        for rows in (self.first_language, self.experience, self.age):
            _ascending(rows)
        return self


class ProofOfFunds(_Strict):
    amounts: list[int] = Field(min_length=1, description="CAD for 1, 2, 3, ... family members")
    each_additional: int = Field(ge=0)


class ScoreRow(_Strict):
    at_least: float = Field(ge=0)
    level: int = Field(ge=0, le=12)


class LanguageConversion(_Strict):
    """Minimum test score per ability for each CLB / NCLC level."""

    abilities: dict[Literal["listening", "reading", "writing", "speaking"], list[ScoreRow]]

    @model_validator(mode="after")
    def _check(self) -> LanguageConversion:
        if set(self.abilities) != set(ABILITIES):
            raise ValueError("give rows for listening, reading, writing and speaking")
        for rows in self.abilities.values():
            _ascending(rows)
            _ascending(rows, "level")
        return self


LANGUAGE_TESTS: tuple[str, ...] = tuple(test.value for test in CONVERTED_TESTS)

GRID_SCHEMAS: dict[str, type[_Strict]] = {
    "crs_age": SplitBands,
    "crs_education": CrsEducation,
    "crs_first_language": SplitBands,
    "crs_second_language": CrsSecondLanguage,
    "crs_canadian_work": SplitBands,
    "crs_spouse": CrsSpouse,
    "crs_transferability": CrsTransferability,
    "crs_additional": CrsAdditional,
    "fsw_grid": FswGrid,
    "proof_of_funds": ProofOfFunds,
    **{f"clb_{test}": LanguageConversion for test in LANGUAGE_TESTS},
}


def validate_grid(key: str, table: object) -> _Strict:
    """Parse a stored grid; raises KeyError for an unknown key, pydantic.ValidationError for bad data."""
    return GRID_SCHEMAS[key].model_validate(table)
