"""Factories for tests: staff users in their roles, and leads scored by the real engine."""

from __future__ import annotations

import importlib
from typing import Any

import factory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import assessment_score
from tests.profiles import born_aged, clb, job, profile


def role_groups() -> None:
    """The Consultant and Manager groups as migration 0004 makes them (again after a
    transactional test's flush emptied the tables; idempotent)."""
    importlib.import_module("assessments.migrations.0004_roles").add_groups(apps, None)


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; `groups=["Consultant"]` puts them in roles."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def groups(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            role_groups()
            self.groups.add(*Group.objects.filter(name__in=extracted))


def consultant(**fields: Any) -> Any:
    return UserFactory(groups=["Consultant"], **fields)


def manager(**fields: Any) -> Any:
    return UserFactory(groups=["Manager"], **fields)


def lead_profile(n: int) -> dict[str, Any]:
    """Varied valid profiles: ages, language levels and work change with n."""
    return profile(
        date_of_birth=born_aged(24 + n % 20),
        education={"level": ("bachelors", "masters", "two_year")[n % 3], "has_eca": True},
        languages={"first": clb(6 + n % 5)},
        work_experience=[job("21231", 1 + n % 4, country=("IN", "CA")[n % 2])],
        settlement_funds_cad=30000,
        family_size=1,
        intended_province=("ON", "BC", "QC")[n % 3],
    )


class LeadFactory(factory.django.DjangoModelFactory):
    """A submitted lead, scored by the real engine unless `scored=False` (no emails queued)."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    profile = factory.Sequence(lead_profile)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"lead{n}@example.org")
    phone = "+1 514 555 0100"
    language = "en"
    intended_province = factory.LazyAttribute(lambda lead: lead.profile.get("intended_province"))
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_text_version = "test"
    source = Assessment.Source.DEMO

    @factory.post_generation
    def scored(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if create and extracted is not False:
            scored = assessment_score(assessment_id=self.pk, notify=False)
            for name in ("result", "crs_total", "best_outcome", "status", "scored_at"):
                setattr(self, name, getattr(scored, name))
