"""A staff member keeps a rule current in the admin, in Chromium: Ontario's tech-draw language
minimum goes from CLB 7 to CLB 8 from a date, through "Supersede from a date" and the form
generated for the criterion's kind. Nothing is typed as JSON: only a date and four numbers.

With SCREENSHOTS=1 the form is saved as docs/staff-criterion-form.png (1280 px wide) for the
README's "How staff keep the rules current".
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from programs.models import Criterion
from tests.factories import LeadFactory, UserFactory
from tests.profiles import born_aged, clb, job, profile

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
DOCS = Path(__file__).resolve().parents[2] / "docs"
PASSWORD = "a-long-test-password"
FROM_DAY = date(2026, 1, 1)  # Ontario's stream was still open then (closed from 2026-05-30)
ABILITIES = ("listening", "reading", "writing", "speaking")


def ontario_tech_lead(level: int) -> dict:
    """A software engineer abroad, bound for Ontario, with CLB `level` in every ability."""
    return profile(
        date_of_birth=born_aged(30),
        education={"level": "masters", "has_eca": True},
        languages={"first": clb(level)},
        work_experience=[job("21231", 4, country="IN")],
        settlement_funds_cad=30000,
        family_size=1,
        intended_province="ON",
    )


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert "/login/" not in page.url


def supersede(page: Page, base_url: str, rule: Criterion, day: date) -> None:
    """From the criteria list: tick the rule, action "Supersede from a date", give the date."""
    listing = reverse("admin:programs_criterion_changelist")
    page.goto(f"{base_url}{listing}?program__id__exact={rule.program_id}")
    page.check(f'input[name="_selected_action"][value="{rule.pk}"]')
    page.select_option('select[name="action"]', "supersede")
    with page.expect_navigation():
        page.click('button[name="index"]')
    page.fill("#id_from_day", day.isoformat())
    with page.expect_navigation():
        page.click('input[name="apply"]')


def test_staff_raise_ontario_tech_draw_language_minimum(browser, base_url):
    staff = UserFactory(is_superuser=True)
    LeadFactory(profile=ontario_tech_lead(7), name="Priya Clb Seven")
    LeadFactory(profile=ontario_tech_lead(9), name="Arjun Clb Nine")
    old = Criterion.objects.get(program__slug="ontario-hcp", code="language")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    try:
        sign_in(page, base_url, staff.username)
        supersede(page, base_url, old, FROM_DAY)

        new = Criterion.objects.get(program=old.program, code="language", effective_from=FROM_DAY)
        assert page.url.endswith(reverse("admin:programs_criterion_change", args=[new.pk]))
        expect(page.locator(".messagelist")).to_contain_text("new version(s) from 2026-01-01")

        # The generated form: a number box per ability, CLB written beside it; no JSON box.
        assert page.locator('[name="params"]').count() == 0
        assert page.locator("textarea").filter(has_text='"levels"').count() == 0
        expect(
            page.locator("fieldset").filter(has_text="Minimum level per ability")
        ).to_be_visible()
        for ability in ABILITIES:
            box = page.get_by_role("spinbutton", name=f"{ability.capitalize()}:")
            expect(box).to_have_value("7")
            box.fill("8")
        expect(page.locator(".param-unit").first).to_have_text("CLB")
        expect(page.get_by_label("Which test:")).to_have_value("any_official")
        if os.environ.get("SCREENSHOTS") == "1":
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(DOCS / "staff-criterion-form.png"))
        with page.expect_navigation():
            page.click('input[name="_save"]')
        expect(page.locator(".messagelist .success")).to_be_visible()

        old.refresh_from_db()
        new.refresh_from_db()
        assert old.effective_to == date(2025, 12, 31) and old.params["levels"]["reading"] == 7
        assert new.effective_to is None
        assert new.params == {"language": "any_official", "levels": dict.fromkeys(ABILITIES, 8)}
        # Developers still read the parameters as stored, read-only.
        page.goto(base_url + reverse("admin:programs_criterion_change", args=[new.pk]))
        raw = page.locator("pre.raw-params")
        assert '"speaking": 8' in raw.text_content()
        assert problems == []
    finally:
        context.close()
