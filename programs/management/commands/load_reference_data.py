"""`python manage.py load_reference_data`: occupations, grids, programs, lists, categories, draws."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from occupations.services import load_occupations
from programs.services import load_program_data
from programs.signals import bump_rules_version


class Command(BaseCommand):
    help = (
        "Load the reference data shipped with the project: create missing rows and bring the "
        "others up to date, except rows staff changed in the admin (left alone, and listed)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        occupations = load_occupations()
        if any(occupations.values()):
            bump_rules_version()  # bulk-created rows send no signals: tell cached rule sets
        report: list[str] = []
        created = {**occupations, **load_program_data(report)}
        created = {name: count for name, count in created.items() if count}
        for line in report:
            self.stdout.write(line)
        if not created:
            self.stdout.write("Reference data already loaded: nothing to do.")
            return
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded: {summary}."))
