"""Running the rule cases (shipped in `programs/cases/*.yaml`, or added by staff in the admin).

`run_rule_cases` scores every case with the rules stored now and records the failing ones in
`RuleCaseFailure`, each with the rule whose save first made it fail, so the admin shows it next
to that rule. The case format is `programs.engine.cases`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .engine import assess
from .engine.cases import CaseError, mismatches, parse_case
from .engine.errors import ProfileError, RuleError
from .models import RuleCase, RuleCaseFailure
from .scoring import RulesByDay

CASES_DIR = Path(__file__).resolve().parent / "cases"
ADMIN_ORIGIN = "admin"


@dataclass(frozen=True)
class Case:
    name: str
    origin: str  # the YAML file, or "admin"
    as_of: date
    profile: dict[str, Any]
    expected: dict[str, Any]


def file_cases(directory: Path = CASES_DIR) -> Iterator[Case]:
    """The cases of every YAML file; a file's `base` profile is the start of each case's."""
    for path in sorted(directory.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = document.get("base") or {}
        for item in document["cases"]:
            yield Case(
                name=item["name"],
                origin=f"programs/cases/{path.name}",
                as_of=item["as_of"],
                profile=base | (item.get("profile") or {}),
                expected=item["expect"],
            )


def admin_cases() -> Iterator[Case]:
    for row in RuleCase.objects.all():
        yield Case(row.name, ADMIN_ORIGIN, row.as_of, row.profile, row.expected)


def check_case(case: Case, rules_by_day: RulesByDay) -> list[str]:
    """What goes wrong with the case under the stored rules; empty when it passes."""
    try:
        profile, expectation = parse_case(case.as_of, case.profile, case.expected)
        result = assess(profile, rules_by_day(case.as_of), suggestions=False)
    except (CaseError, ProfileError, RuleError) as error:
        return [str(error)]
    return mismatches(result, expectation)


def run_rule_cases(*, changed: models.Model | None = None) -> dict[str, list[str]]:
    """Run every case and record the failures; returns {case name: problems} of the failing.

    A case that was failing already keeps the rule it was first blamed on; a newly failing one
    is blamed on `changed` (the rule just saved); a passing one loses its failure row.
    Idempotent: running it twice with the same rules records the same.
    """
    rules_by_day = RulesByDay()
    failing = {}
    for case in [*file_cases(), *admin_cases()]:
        problems = check_case(case, rules_by_day)
        if problems:
            failing[case.name] = (case, problems)
    blame = {}
    if changed is not None:
        blame = {
            "broken_by_type": ContentType.objects.get_for_model(changed),
            "broken_by_id": changed.pk,
            "broken_by_label": f"{changed._meta.verbose_name} {changed}"[:300],
        }
    with transaction.atomic():
        RuleCaseFailure.objects.exclude(case_name__in=failing).delete()
        known = set(RuleCaseFailure.objects.values_list("case_name", flat=True))
        for name, (case, problems) in failing.items():
            fields = {"origin": case.origin, "message": "; ".join(problems)}
            if name in known:
                RuleCaseFailure.objects.filter(case_name=name).update(**fields)
            else:
                RuleCaseFailure.objects.create(case_name=name, **fields, **blame)
    return {name: problems for name, (_case, problems) in failing.items()}
