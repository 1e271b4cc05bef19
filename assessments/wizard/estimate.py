"""The running CRS estimate shown on the wizard's pages before the contact step.

The same engine and the same choice of language order as a submission's scoring, on the steps
answered so far (a step not answered yet counts as nothing: no work, no job offer, no relatives).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from programs.engine.errors import ProfileError, RuleError
from programs.scoring import RulesByDay, score_best_language_order

from .profile import build_profile

NEEDED = ("about", "education", "languages")  # age, education, language: most of a CRS score


def running_estimate(steps: Mapping[str, Any], *, as_of: date) -> int | None:
    """The CRS total of the answers so far, or None until age, education and languages are in.

    `steps` holds the cleaned data of the steps answered (as `build_profile` takes them)."""
    if any(steps.get(name) is None for name in NEEDED):
        return None
    profile = build_profile(steps) | {"as_of": as_of.isoformat()}
    try:
        result = score_best_language_order(profile, rules_by_day=RulesByDay(), suggestions=False)
    except (ProfileError, RuleError):  # a step's answers the engine refuses: no estimate, no error
        return None
    return result["crs"]["total"]
