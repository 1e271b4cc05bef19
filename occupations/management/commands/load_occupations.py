"""`python manage.py load_occupations`: load the NOC reference data (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from occupations.services import load_occupations


class Command(BaseCommand):
    help = "Create the NOC 2021 occupations, NOC 2016 unit groups and crosswalk rows still missing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_occupations()
        for table, count in created.items():
            self.stdout.write(f"{table}: {count} created")
