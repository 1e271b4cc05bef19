"""Demo leads: varied, valid, scored by the real engine, and not doubled by a second run."""

from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_scored_varied_leads_once():
    call_command("seed_demo", "--assessments", "25", "--if-empty", stdout=StringIO())
    leads = Assessment.objects.all()
    assert leads.count() == 25
    assert set(leads.values_list("status", flat=True)) == {Assessment.Status.SCORED}
    assert leads.values("crs_total").distinct().count() > 10
    assert leads.values("email").distinct().count() == 25
    assert {"en", "fr"} <= set(leads.values_list("language", flat=True))

    out = StringIO()
    call_command("seed_demo", "--assessments", "25", "--if-empty", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert Assessment.objects.count() == 25
