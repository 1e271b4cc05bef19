"""The engine's domain errors, turned into the contract's error object at the edges."""

from __future__ import annotations


class ProfileError(ValueError):
    """A profile that breaks the contract: `field` is a dotted path such as languages.first.writing."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"field": self.field, "message": self.message}}


class RuleError(Exception):
    """The rules stored for a day are missing or inconsistent (a staff / data problem, not the applicant's)."""
