"""The assessments app's one domain error, raised by its services and turned into a message at
the edge (the wizard, the API, the admin). A module of its own so that every service module
can raise it without importing another."""

from __future__ import annotations


class AssessmentError(Exception):
    """Bad input for an assessment, with the contract's field path."""

    http_status = 400

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"field": self.field, "message": self.message}}
