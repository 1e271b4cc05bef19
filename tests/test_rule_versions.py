"""'Supersede from a date' in the admin: two versions that do not overlap, in one step."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from programs.models import Criterion, OccupationList

pytestmark = pytest.mark.django_db


def language_rule() -> Criterion:
    return Criterion.objects.get(program__slug="ontario-hcp", code="language")


def supersede(client, model: str, rows: list, day: str | None):
    data = {"action": "supersede", ACTION_CHECKBOX_NAME: [row.pk for row in rows]}
    if day is not None:
        data |= {"apply": "Supersede", "from_day": day}
    return client.post(reverse(f"admin:programs_{model}_changelist"), data)


def test_supersede_asks_the_date_then_splits_the_version(admin_client):
    rule = language_rule()
    asked = supersede(admin_client, "criterion", [rule], None)
    assert asked.status_code == 200
    assert 'name="from_day"' in asked.content.decode()
    assert Criterion.objects.filter(program=rule.program, code="language").count() == 1

    response = supersede(admin_client, "criterion", [rule], "2026-07-01")
    versions = list(
        Criterion.objects.filter(program=rule.program, code="language").order_by("effective_from")
    )
    assert [(v.effective_from, v.effective_to) for v in versions] == [
        (date(2019, 7, 12), date(2026, 6, 30)),
        (date(2026, 7, 1), None),
    ]
    old, new = versions
    assert (new.kind, new.params, new.message_en, new.position) == (
        old.kind,
        old.params,
        old.message_en,
        old.position,
    )
    assert response.url == reverse("admin:programs_criterion_change", args=[new.pk])
    assert not old.applies_on(date(2026, 7, 1)) and not new.applies_on(date(2026, 6, 30))
    # The copy is editable, and the no-overlap check still refuses moving it back over the old.
    edit = admin_client.get(response.url)
    assert edit.status_code == 200
    new.effective_from = date(2026, 6, 1)
    with pytest.raises(Exception, match="overlap"):
        new.full_clean()


def test_supersede_refuses_a_date_outside_the_version_and_changes_nothing(admin_client):
    rule = language_rule()
    response = supersede(admin_client, "criterion", [rule], "2019-07-12")
    assert response.status_code == 200
    assert "the new version must start after 2019-07-12" in response.content.decode()
    rule.refresh_from_db()
    assert rule.effective_to is None
    assert Criterion.objects.filter(program=rule.program, code="language").count() == 1


def test_superseding_an_occupation_list_copies_its_occupations(admin_client):
    current = OccupationList.objects.get(slug="ontario-tech", effective_to__isnull=True)
    codes = set(current.occupations.values_list("code", flat=True))
    supersede(admin_client, "occupationlist", [current], "2027-01-01")
    new = OccupationList.objects.get(slug="ontario-tech", effective_from=date(2027, 1, 1))
    assert set(new.occupations.values_list("code", flat=True)) == codes and codes
    current.refresh_from_db()
    assert current.effective_to == date(2026, 12, 31)


def test_supersede_is_all_or_nothing(admin_client):
    """Two versions of one list: the older ended in 2022, so 2027 is outside it; none changes."""
    versions = list(OccupationList.objects.filter(slug="ontario-tech"))
    supersede(admin_client, "occupationlist", versions, "2027-01-01")
    assert OccupationList.objects.filter(slug="ontario-tech").count() == 2
    assert OccupationList.objects.get(slug="ontario-tech", effective_to__isnull=True)
