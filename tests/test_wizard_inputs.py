"""Issue 16, the input side: traps in the wizard's answers that changed the result silently."""

from __future__ import annotations

import pytest

from tests.test_typical_profiles import DAY_2026, outcomes, score, software_engineer_abroad

pytestmark = pytest.mark.django_db


def _program(result: dict, slug: str) -> dict:
    return next(p for p in result["programs"] if p["slug"] == slug)


@pytest.mark.parametrize(
    ("language", "federal_line", "ontario_line"),
    [
        ("en", "If you choose QC, this program does not apply", "If you intend to live in ON"),
        (
            "fr",
            "Si vous choisissez QC, ce programme ne s'applique pas",
            "Si vous comptez vivre en ON",
        ),
    ],
)
def test_an_undecided_province_gets_the_federal_outcome(language, federal_line, ontario_line):
    undecided = software_engineer_abroad(DAY_2026)
    del undecided["intended_province"]
    result = score(undecided, language)
    assert outcomes(result)["express-entry-fsw"] == "eligible"
    fsw = _program(result, "express-entry-fsw")
    assert any(federal_line in c["message"] for c in fsw["criteria"] if c["met"] is True)
    ontario = _program(result, "ontario-hcp")
    assert ontario["outcome"] == "needs_review"  # eligible once they choose Ontario
    assert any(ontario_line in c["message"] for c in ontario["criteria"] if c["met"] is None)
