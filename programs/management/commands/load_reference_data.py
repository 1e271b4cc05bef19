"""`python manage.py load_reference_data`: occupations, grids, programs, lists, categories, draws."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from occupations.services import load_occupations
from programs.services import load_program_data
from programs.signals import bump_rules_version


class Command(BaseCommand):
    help = "Load the reference data shipped with the project; rows that exist are left alone."

    def handle(self, *args: Any, **options: Any) -> None:
        occupations = load_occupations()
        if any(occupations.values()):
            bump_rules_version()  # bulk-created rows send no signals: tell cached rule sets
        created = {**occupations, **load_program_data()}
        created = {name: count for name, count in created.items() if count}
        if not created:
            self.stdout.write("Reference data already loaded: nothing to do.")
            return
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Created {summary}."))
