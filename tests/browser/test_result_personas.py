"""The result page as three applicants see it: English on a desktop; French at 360 px with a
spouse and French as the first test; English at 360 px with a job offer. For each, the first
screen (score, programs open now, top actions) is in view at 360 x 740 without scrolling, every
<details> opens, nothing scrolls sideways, and axe finds no serious or critical issue (with the
details folded and again opened). Screenshots go to docs/ when SCREENSHOTS=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .applicant import Applicant
from .test_wizard_browser import (
    ABOUT,
    CONNECTIONS,
    CONTACT,
    DESKTOP,
    EDUCATION,
    JOB_OFFER,
    LANGUAGES,
    PHONE,
    SOFTWARE,
    SPOUSE,
    applicants,  # noqa: F401 (a fixture)
    check_result,
    fill_work,
)

FIRST_SCREEN = {"width": 360, "height": 740}
FRENCH_FIRST = {  # TEF Canada scores of NCLC 9 in each ability
    "first_test": "tef_canada",
    "first_listening": "300",
    "first_reading": "250",
    "first_writing": "400",
    "first_speaking": "400",
}
DOCS = Path(__file__).resolve().parents[2] / "docs"


def walk(a: Applicant, lang: str, *, spouse: bool, offer: bool, languages: dict) -> None:
    a.open(f"/{lang}/assessment/about/")
    status = "married" if spouse else "never_married"
    a.answer("about", ABOUT | {"marital_status": status, "has_job_offer": "yes" if offer else "no"})
    if spouse:
        a.next("spouse")
        a.answer("spouse", SPOUSE)
    a.next("education")
    a.answer("education", EDUCATION)
    a.next("languages")
    a.answer("languages", LANGUAGES | languages)
    a.next("work")
    fill_work(a)
    if offer:
        a.next("job_offer")
        a.pick_occupation("job_offer-noc", *SOFTWARE)
        a.answer("job_offer", JOB_OFFER)
    a.next("connections")
    a.answer("connections", CONNECTIONS)
    a.next("contact")
    a.answer("contact", CONTACT)
    a.next("review")
    a.next("result")


def first_screen_in_view(a: Applicant) -> list[str]:
    """The first screen's parts that are not wholly inside 360 x 740 at the top of the page."""
    a.page.set_viewport_size(FIRST_SCREEN)
    a.page.evaluate("window.scrollTo(0, 0)")
    out = []
    for selector in (
        ".display-score",
        ".first-screen h2 ~ ul, .first-screen h2 ~ p",
        ".top-actions",
    ):
        box = a.page.locator(selector).first.bounding_box()
        if box is None or box["y"] < 0 or box["y"] + box["height"] > FIRST_SCREEN["height"]:
            out.append(f"{selector}: {box}")
    return out


PERSONAS = [
    ("en", DESKTOP, {"spouse": False, "offer": False, "languages": {}}),
    ("fr", PHONE, {"spouse": True, "offer": False, "languages": FRENCH_FIRST}),
    ("en", PHONE, {"spouse": False, "offer": True, "languages": {}}),
    ("fr", DESKTOP, {"spouse": False, "offer": True, "languages": {}}),  # for the screenshots
]


@pytest.mark.parametrize(("lang", "viewport", "persona"), PERSONAS)
def test_the_result_page_for_each_persona(applicants, lang, viewport, persona):  # noqa: F811
    a = applicants(viewport=viewport)
    walk(a, lang, **persona)
    check_result(a, lang)
    if os.environ.get("SCREENSHOTS") == "1":
        name = f"result-{lang}-{'phone' if viewport == PHONE else 'desktop'}"
        a.page.screenshot(path=str(DOCS / f"{name}.png"), full_page=viewport == PHONE)
    assert first_screen_in_view(a) == []
    details = a.page.locator("details")
    assert details.count() >= 5
    for index in range(details.count()):
        one = details.nth(index)
        if not one.evaluate("d => d.open"):
            one.locator("summary").first.click()
        assert one.evaluate("d => d.open"), f"details {index} did not open"
    for size in (FIRST_SCREEN, viewport):
        a.page.set_viewport_size(size)
        a.check_page()  # axe, and no horizontal scroll
    assert a.problems == []
    assert a.axe_findings == []
