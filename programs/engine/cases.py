"""Rule cases: a profile on a day and the outcomes the rules must give it (pure, no ORM).

A case is written by people who know the policy, not Python (OpenFisca's YAML tests):

    name: FSW typical pass
    as_of: 2025-06-01
    profile: {...}            # the assessment API's profile, without as_of
    expect:
      programs: {express-entry-fsw: eligible, express-entry-cec: not_eligible}
      crs: 468                # optional
      categories: {stem: true}  # optional; null = to review
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

import pydantic

from .errors import ProfileError
from .profile import Profile, parse_profile

Verdict = Literal["eligible", "not_eligible", "needs_review", "closed"]


class Expectation(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    programs: dict[str, Verdict] = pydantic.Field(default_factory=dict)
    crs: int | None = pydantic.Field(default=None, ge=0, le=1200)
    categories: dict[str, bool | None] = pydantic.Field(default_factory=dict)

    @pydantic.model_validator(mode="after")
    def _something(self) -> Expectation:
        if not (self.programs or self.categories or self.crs is not None):
            raise ValueError("expect at least one program, category or CRS total")
        return self


class CaseError(ValueError):
    """A case that cannot be read: `field` is profile, expected or as_of."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_case(as_of: date, profile: Any, expected: Any) -> tuple[Profile, Expectation]:
    """The case's profile (dated `as_of`) and expectation; CaseError names what is wrong."""
    if not isinstance(profile, dict):
        raise CaseError("profile", "Expected an object.")
    try:
        parsed = parse_profile(json.dumps(profile | {"as_of": as_of.isoformat()}, default=str))
    except ProfileError as error:
        raise CaseError("profile", str(error)) from None
    try:
        expectation = Expectation.model_validate(expected)
    except pydantic.ValidationError as error:
        details = "; ".join(
            ".".join(str(p) for p in item["loc"]) + f": {item['msg']}" for item in error.errors()
        )
        raise CaseError("expected", details) from None
    return parsed, expectation


def mismatches(result: dict[str, Any], expected: Expectation) -> list[str]:
    """What the result gives that the case does not expect, in words; empty when it passes."""
    found = []
    outcomes = {p["slug"]: p["outcome"] for p in result["programs"]}
    for slug, verdict in expected.programs.items():
        got = outcomes.get(slug, "absent")
        if got != verdict:
            found.append(f"{slug}: {got}, expected {verdict}")
    if expected.crs is not None and result["crs"]["total"] != expected.crs:
        found.append(f"CRS: {result['crs']['total']}, expected {expected.crs}")
    qualifies = {c["slug"]: c["qualifies"] for c in result["categories"]}
    for slug, value in expected.categories.items():
        got = qualifies.get(slug, "absent")
        if got != value:
            found.append(f"category {slug}: {got}, expected {value}")
    return found
