"""The engine keeps no state between calls: scoring leaves every engine module as it found it.

The one cache is the loader's rule sets (programs/loader.py), one per rules version and interval
between effective dates; the verdicts judged with a rule set live with it
(programs/engine/verdicts.py). Module-level containers are constant tables and the registry of
criterion kinds, filled when the kind classes are defined.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterable
from datetime import date
from types import ModuleType

import pytest

import programs.engine
from programs.engine import assess, parse_profile
from programs.loader import clear_cache, interval_start, load_rules
from tests.profiles import born_aged, clb, job, profile


def _engine_modules() -> list[ModuleType]:
    names = pkgutil.iter_modules(programs.engine.__path__, "programs.engine.")
    return [programs.engine, *(importlib.import_module(info.name) for info in names)]


def _state(modules: Iterable[ModuleType]) -> dict[str, object]:
    """Each module-level value, by identity and, for containers, by content."""
    state: dict[str, object] = {}
    for module in modules:
        for name, value in vars(module).items():
            if isinstance(value, (dict, list, set, bytearray)):
                state[f"{module.__name__}.{name}"] = (id(value), repr(value))
            elif not isinstance(value, ModuleType):
                state[f"{module.__name__}.{name}"] = id(value)
    return state


@pytest.mark.django_db
def test_scoring_changes_no_module_level_state_of_the_engine():
    modules = _engine_modules()
    assert {"programs.engine.kinds", "programs.engine.verdicts"} <= {m.__name__ for m in modules}
    documents = [
        profile(
            as_of=day.isoformat(),
            date_of_birth=born_aged(age, day),
            languages={"first": clb(level)},
            work_experience=[job("21231", 3, country="IN"), job("21232", 2, country="CA")],
            intended_province=province,
            settlement_funds_cad=20000,
            job_offer={
                "noc": "21231",
                "province": "ON",
                "full_time": True,
                "non_seasonal": True,
                "lmia_or_exempt": True,
            },
            quebec={"francization_agreement": True},
        )
        for day in (date(2025, 1, 15), date(2025, 6, 1), date(2026, 6, 1))
        for age, level, province in ((25, 9, "ON"), (38, 6, "QC"), (45, 5, None))
    ]
    clear_cache()
    before = _state(modules)
    for document in documents:
        parsed = parse_profile(json.dumps(document))
        for language in ("en", "fr"):
            assess(parsed, load_rules(parsed.as_of), language=language)
    assert _state(modules) == before


def test_interval_start_finds_the_interval_holding_a_day():
    boundaries = (date(2024, 1, 1), date(2025, 3, 1), date(2026, 1, 1))
    assert interval_start(boundaries, date(2023, 12, 31)) == date.min
    assert interval_start(boundaries, date(2024, 1, 1)) == date(2024, 1, 1)
    assert interval_start(boundaries, date(2025, 2, 28)) == date(2024, 1, 1)
    assert interval_start(boundaries, date(2025, 3, 1)) == date(2025, 3, 1)
    assert interval_start(boundaries, date(2030, 1, 1)) == date(2026, 1, 1)
