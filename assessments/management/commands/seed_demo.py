"""`python manage.py seed_demo --assessments N`: realistic, varied, scored demo leads."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from assessments.demo import random_contact, random_profile
from assessments.models import Assessment
from assessments.services import Consent, Contact, assessment_score, assessment_submit
from programs.scoring import RulesByDay, toronto_today

DEMO_CONSENT = Consent(text_version="demo-data")


class Command(BaseCommand):
    help = "Create demo leads: random but valid profiles, scored by the real engine."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--assessments", type=int, default=200, help="how many (default 200)")
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same applicants")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when demo leads already exist"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if (
            options["if_empty"]
            and Assessment.objects.filter(source=Assessment.Source.DEMO).exists()
        ):
            self.stdout.write("Demo leads already exist: nothing to do.")
            return
        rng = random.Random(options["seed"])
        today = toronto_today()
        rules_by_day = RulesByDay()
        start = Assessment.objects.count()
        with transaction.atomic():
            for index in range(start, start + options["assessments"]):
                contact = random_contact(rng, index)
                lead = assessment_submit(
                    profile=random_profile(rng, today),
                    contact=Contact(**contact),
                    consent=DEMO_CONSENT,
                    source=Assessment.Source.DEMO,
                    score_on_commit=False,
                )
                assessment_score(assessment_id=lead.pk, rules_by_day=rules_by_day, notify=False)
        self.stdout.write(
            self.style.SUCCESS(f"Created {options['assessments']} scored demo leads.")
        )
