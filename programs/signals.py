"""Any change to a rule row bumps `RulesVersion` once the transaction commits.

This is cache invalidation, not domain logic: `programs.loader.load_rules` compares the version
with the one its cached rule sets were built from.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.db.models.signals import m2m_changed, post_delete, post_save

from occupations.models import Noc2016UnitGroup, NocCrosswalk, Occupation

from .models import (
    Criterion,
    ExpressEntryCategory,
    OccupationList,
    Program,
    ProgramStatus,
    RulesVersion,
    ScoringGrid,
)

RULE_MODELS = (
    Program,
    ProgramStatus,
    Criterion,
    ScoringGrid,
    OccupationList,
    ExpressEntryCategory,
    Occupation,
    Noc2016UnitGroup,
    NocCrosswalk,
)


def bump_rules_version() -> None:
    if not RulesVersion.objects.update(number=F("number") + 1, changed_at=Now()):
        RulesVersion.objects.create(number=1)


def _changed(**kwargs: Any) -> None:
    """Queue one bump per transaction, however many rows it changes."""
    pending = transaction.get_connection().run_on_commit
    if not any(entry[1] is bump_rules_version for entry in pending):
        transaction.on_commit(bump_rules_version)


def connect() -> None:
    for model in RULE_MODELS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"rules-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"rules-delete-{model.__name__}")
    for through in (OccupationList.occupations.through, OccupationList.occupations_2016.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"rules-m2m-{through.__name__}")
