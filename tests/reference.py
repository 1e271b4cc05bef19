"""Helpers for tests that need the reference data in a known state."""

from __future__ import annotations

from django.db import transaction

from occupations.models import Noc2016UnitGroup, NocCrosswalk, Occupation
from programs.models import (
    Criterion,
    ExpressEntryCategory,
    ExpressEntryDraw,
    OccupationList,
    Program,
    ProgramStatus,
    RulesVersion,
    ScoringGrid,
)

# The programs the shipped seed data holds.
SEED_PROGRAMS = {
    "express-entry-fsw",
    "express-entry-cec",
    "express-entry-fst",
    "ontario-hcp",
    "bc-pnp-tech",
    "alberta-accelerated-tech",
    "quebec-pilot-ai",
    "quebec-pilot-it-vfx",
    "ontario-workforce-priority",
    "quebec-pstq-high-qualification",
}

# Order matters: lists and criteria go with their program, the crosswalk before the NOC codes.
REFERENCE_MODELS = (
    Program,
    ScoringGrid,
    ExpressEntryCategory,
    ExpressEntryDraw,
    NocCrosswalk,
    Occupation,
    Noc2016UnitGroup,
)


@transaction.atomic
def delete_reference_data() -> None:
    OccupationList.objects.all().delete()  # also the Express Entry category lists (no program)
    for model in REFERENCE_MODELS:
        model.objects.all().delete()
        model.history.all().delete()
    RulesVersion.objects.all().delete()


def row_counts() -> dict[str, int]:
    models = (*REFERENCE_MODELS, Criterion, OccupationList, ProgramStatus)
    return {model.__name__: model.objects.count() for model in models}


def reload_reference_data() -> None:
    """Delete and load the shipped reference data again (after a transactional test's flush)."""
    from occupations.services import load_occupations
    from programs.loader import clear_cache
    from programs.services import load_program_data

    delete_reference_data()
    load_occupations()
    load_program_data()
    clear_cache()
