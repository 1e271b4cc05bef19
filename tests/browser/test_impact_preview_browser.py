"""Impact before effect, in Chromium: FSW's language minimum goes from CLB 7 to CLB 8 from a day
(the version superseded and edited beforehand); staff press "Preview impact" on its page, give
the day, see the leads that change with links, and apply it through the re-score flow.

With SCREENSHOTS=1 the preview is saved as docs/staff-impact-preview.png (1280 px wide) for the
README's "How staff keep the rules current".
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import RescoreRun
from programs.models import Criterion
from programs.versions import supersede_versions
from tests.factories import LeadFactory, UserFactory
from tests.profiles import clb, engineer_abroad, job

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
DOCS = Path(__file__).resolve().parents[2] / "docs"
DAY = date(2026, 7, 1)


def lead(level: int, name: str):
    profile = engineer_abroad(
        languages={"first": clb(level)}, work_experience=[job("21231", 2, country="CA")]
    )
    return LeadFactory(profile=profile, name=name)


def test_staff_preview_the_impact_of_a_criterion_and_apply_it(browser, base_url):
    staff = UserFactory(is_superuser=True)
    seven, nine = lead(7, "Priya Clb Seven"), lead(9, "Arjun Clb Nine")
    current = Criterion.objects.get(
        program__slug="express-entry-fsw", code="language", effective_to__isnull=True
    )
    (version,) = supersede_versions(rules=[current], from_day=DAY)
    version.params = {**version.params, "levels": dict.fromkeys(version.params["levels"], 8)}
    version.save()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(base_url + reverse("admin:login"))
        page.fill("#id_username", staff.username)
        page.fill("#id_password", "a-long-test-password")
        with page.expect_navigation():
            page.click("input[type=submit]")
        page.goto(base_url + reverse("admin:programs_criterion_change", args=[version.pk]))
        with page.expect_navigation():
            page.get_by_role("link", name="Preview impact").click()
        expect(page.locator("#content li").first).to_contain_text("express-entry-fsw / language")
        page.fill("#id_as_of", DAY.isoformat())
        with page.expect_navigation():
            page.click("input[type=submit]")

        expect(page.locator("#impact-summary")).to_contain_text("1 lead of 2 changes.")
        programs = page.locator("#impact-programs tbody tr")
        expect(programs).to_have_count(1)
        expect(programs.first).to_contain_text("Federal Skilled Worker")
        leads = page.locator("#impact-leads tbody tr")
        expect(leads).to_have_count(1)
        link = leads.first.get_by_role("link", name="Priya Clb Seven")
        href = reverse("admin:assessments_assessment_change", args=[seven.pk])
        expect(link).to_have_attribute("href", href)
        expect(page.locator("#impact-leads")).not_to_contain_text(nine.name)
        if os.environ.get("SCREENSHOTS") == "1":
            page.screenshot(path=str(DOCS / "staff-impact-preview.png"), full_page=True)

        with page.expect_navigation():
            page.get_by_role("button", name="Re-score the leads listed").click()
        run = RescoreRun.objects.get()
        assert run.assessment_ids == [seven.pk]
        assert page.url.endswith(reverse("admin:assessments_rescorerun_change", args=[run.pk]))
    finally:
        context.close()
