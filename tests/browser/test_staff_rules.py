"""A staff member keeps a rule current in the admin, in Chromium: Ontario's tech-draw language
minimum goes from CLB 7 to CLB 8 from a date, through "Supersede from a date" and the form
generated for the criterion's kind; "Preview impact" then lists the one stored lead whose outcome
changes (CLB 7, not the CLB 9 one), and applying it re-scores that lead. Nothing is typed as
JSON: dates and four numbers.

With SCREENSHOTS=1 the form is saved as docs/staff-criterion-form.png (1280 px wide) for the
README's "How staff keep the rules current" (the preview's screenshot there is taken by
test_impact_preview_browser.py).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from assessments.models import Assessment, RescoreRun
from programs.models import Criterion
from tests.factories import LeadFactory, UserFactory
from tests.profiles import born_aged, clb, job, profile

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
DOCS = Path(__file__).resolve().parents[2] / "docs"
PASSWORD = "a-long-test-password"
FROM_DAY = date(2026, 1, 1)  # Ontario's stream was still open then (closed from 2026-05-30)
PREVIEW_DAY = date(2026, 5, 1)  # both leads are eligible on that day under CLB 7
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
        sibling_in_canada=True,  # 5 adaptability points: 69 on the FSW grid
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


def preview_and_apply(page: Page, day: date) -> None:
    """From the version's page: "Preview impact" on `day`, the leads it lists, then apply."""
    with page.expect_navigation():
        page.get_by_role("link", name="Preview impact").click()
    page.fill("#id_as_of", day.isoformat())
    with page.expect_navigation():
        page.click('input[type="submit"]')
    expect(page.locator("#impact-summary")).to_be_visible(timeout=60_000)  # it refreshes itself
    leads = page.locator("#impact-leads")
    expect(leads).to_contain_text("Priya Clb Seven")
    expect(leads).to_contain_text("ontario-hcp: eligible → not_eligible")
    expect(leads).not_to_contain_text("Arjun Clb Nine")
    expect(page.locator("#impact-programs")).to_contain_text("Ontario Human Capital Priorities")
    with page.expect_navigation():
        page.get_by_role("button", name="Re-score the leads listed").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Re-scoring 1 lead")


def test_staff_raise_ontario_tech_draw_language_minimum(browser, base_url):
    staff = UserFactory(is_superuser=True)
    changed = LeadFactory(profile=ontario_tech_lead(7), name="Priya Clb Seven")
    unchanged = LeadFactory(profile=ontario_tech_lead(9), name="Arjun Clb Nine")
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
        # The stored texts quote CLB 7: emptied, the applicant reads the text generated from
        # the parameters, which cannot drift from them.
        page.fill("#id_message_en", "")
        page.fill("#id_message_fr", "")
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
        assert (new.message_en, new.message_fr) == ("", "")
        assert "7" in old.message_en  # the earlier version keeps its own text
        # Developers still read the parameters as stored, read-only.
        page.goto(base_url + reverse("admin:programs_criterion_change", args=[new.pk]))
        raw = page.locator("pre.raw-params")
        assert '"speaking": 8' in raw.text_content()

        preview_and_apply(page, PREVIEW_DAY)
        run = RescoreRun.objects.get()
        assert (run.status, run.assessment_ids, run.done) == ("done", [changed.pk], 1)
        scored_at = Assessment.objects.in_bulk([changed.pk, unchanged.pk])
        assert scored_at[changed.pk].scored_at > changed.scored_at  # re-scored
        assert scored_at[unchanged.pk].scored_at == unchanged.scored_at  # left alone
        assert problems == []
    finally:
        context.close()
