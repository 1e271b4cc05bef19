"""The public wizard in Chromium, as an applicant fills it in: whole walks in English and French,
on a desktop and at 360 px wide, without JavaScript, and with the keyboard only.

Every page of a walk is checked with axe-core (no serious or critical violation), must fit its
viewport, and any console error or uncaught exception fails the test.
"""

from __future__ import annotations

import re

import pytest

from assessments.models import Assessment

from .applicant import AXE_RUN, SERIOUS, Applicant, iso

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

ABOUT = {
    "date_of_birth": "1994-05-20",
    "citizenship": "IN",
    "country_of_residence": "IN",
    "marital_status": "never_married",
    "intended_province": "ON",
    "has_job_offer": "no",
}
SPOUSE = {
    "is_canadian_citizen_or_pr": "no",
    "accompanying": "yes",
    "education": "bachelors",
    "canadian_education": "none",
    "spouse_test": "celpip_general",
    "spouse_date": iso(100),
    "spouse_listening": "9",
    "spouse_reading": "8",
    "spouse_writing": "8",
    "spouse_speaking": "9",
}
EDUCATION = {"level": "masters", "canadian": "none", "has_eca": "yes"}
LANGUAGES = {
    "first_test": "ielts_general",
    "first_date": iso(60),
    "first_listening": "8",
    "first_reading": "7",
    "first_writing": "6.5",
    "first_speaking": "7",
}
JOB = {"title": "Software engineer", "country": "IN", "start": "2019-01-01", "hours_per_week": "40"}
JOB_OFFER = {"province": "BC", "full_time": "yes", "lmia_or_exempt": "yes"}
CONNECTIONS = {
    "dependent_children": "0",
    "settlement_funds_cad": "30000",
    "sibling_in_canada": True,
}
QUEBEC = {
    "intends_to_live_in_quebec": "yes",
    "quebec_diploma": "none",
    "holds_quebec_job_offer": "no",
    "francization_agreement": "yes",
}
CONTACT = {"name": "Priya Sharma", "email": "priya@example.com", "consent": True}
SOFTWARE = ("software eng", "21231")  # what the applicant types, the NOC code picked


@pytest.fixture
def applicants(browser, base_url, axe_source):
    """Make applicants; each one's browser context is closed after the test."""
    made: list[Applicant] = []

    def make(**kwargs) -> Applicant:
        kwargs.setdefault("axe_source", axe_source)
        made.append(Applicant(browser, base_url, **kwargs))
        return made[-1]

    yield make
    for applicant in made:
        applicant.close()


def fill_work(a: Applicant) -> None:
    a.pick_occupation("work-0-noc", *SOFTWARE)
    a.answer("work-0", JOB)
    end_date = a.page.locator('[name="work-0-end"]')
    a.fill("work-0-current", True)
    assert end_date.is_hidden()  # "I still work there" hides the end date


def check_result(a: Applicant, lang: str) -> Assessment:
    """The result page shows the stored CRS total and one card per program assessed."""
    score = a.page.locator(".display-score")
    score.wait_for()  # the page refreshes itself while the result is computed
    a.check_page()
    assessment = Assessment.objects.get(email=CONTACT["email"])
    assert assessment.status == Assessment.Status.SCORED
    assert assessment.language == lang
    assert re.match(rf"{assessment.crs_total}\b", score.inner_text())
    cards = a.page.locator("article.program h3")
    assert cards.count() == len(assessment.result["programs"]) > 0
    # text_content: on a phone the programs are folded in a <details> (not rendered, still there)
    first = cards.first.text_content().strip()
    assert first.startswith(assessment.result["programs"][0]["name"])
    assert a.page.locator("html").get_attribute("lang") == lang
    return assessment


@pytest.mark.parametrize(("lang", "viewport"), [("en", DESKTOP), ("fr", PHONE)])
def test_married_with_spouse_and_job_offer(applicants, lang, viewport):
    a = applicants(viewport=viewport)
    a.open(f"/{lang}/assessment/")
    assert a.step == "about"
    a.check_page()
    a.next("about")  # nothing answered: the error summary, checked too
    assert a.page.locator("#error-summary a").count() == 2  # date of birth, job offer
    a.check_page()
    a.answer("about", ABOUT | {"marital_status": "married", "has_job_offer": "yes"})
    a.next("spouse")
    a.check_page()
    a.answer("spouse", SPOUSE)
    a.next("education")
    a.check_page()
    a.answer("education", EDUCATION)
    a.next("languages")
    a.check_page()
    a.answer("languages", LANGUAGES)
    a.next("work")
    a.check_page()
    fill_work(a)
    a.next("job_offer")
    a.check_page()
    a.pick_occupation("job_offer-noc", *SOFTWARE)
    a.answer("job_offer", JOB_OFFER)
    a.next("connections")
    a.check_page()
    a.answer("connections", CONNECTIONS)
    a.next("contact")
    a.check_page()
    assert a.page.locator('[name="contact-language"]').input_value() == lang
    a.answer("contact", CONTACT)
    a.next("review")
    a.check_page()
    review = a.page.locator("#wizard-form").inner_text()
    assert "Priya Sharma" in review
    assert "21231" in review
    a.next("result")
    assessment = check_result(a, lang)
    assert assessment.profile["spouse"]["accompanying"] is True
    assert assessment.profile["job_offer"]["province"] == "BC"
    assert a.problems == []
    assert a.axe_findings == []


@pytest.mark.parametrize(
    ("lang", "viewport", "province"), [("fr", DESKTOP, "QC"), ("en", PHONE, "ON")]
)
def test_single_without_job_offer(applicants, lang, viewport, province):
    a = applicants(viewport=viewport)
    a.open(f"/{lang}/assessment/about/")
    a.check_page()
    a.answer("about", ABOUT | {"intended_province": province})
    a.next("education")
    a.check_page()
    a.answer("education", EDUCATION)
    a.next("languages")
    a.check_page()
    a.answer("languages", LANGUAGES)
    a.next("work")
    a.check_page()
    fill_work(a)
    a.next("connections")
    a.check_page()
    a.answer("connections", CONNECTIONS)
    if province == "QC":
        a.next("quebec")
        a.check_page()
        a.answer("quebec", QUEBEC)
    a.next("contact")
    a.check_page()
    a.answer("contact", CONTACT)
    a.next("review")
    a.check_page()
    a.next("result")
    assessment = check_result(a, lang)
    assert "spouse" not in assessment.profile
    assert assessment.profile["job_offer"] is None
    assert assessment.profile["intended_province"] == province
    assert a.problems == []
    assert a.axe_findings == []


def test_whole_walk_without_javascript(applicants):
    """Every step works as plain HTML forms: server-side "Add another job", Back, submit."""
    a = applicants(javascript=False, axe_source=None)
    a.open("/en/assessment/")
    a.answer("about", ABOUT)
    a.next("education")
    a.answer("education", EDUCATION)
    a.next("languages")
    a.answer("languages", LANGUAGES)
    a.next("work")
    a.answer("work-0", JOB | {"noc": "21231", "current": True})
    with a.page.expect_navigation():
        a.page.click("#add-job")  # a round trip to the server adds the row
    assert a.page.locator("fieldset.job-row").count() == 2
    assert a.page.locator('[name="work-0-noc"]').input_value() == "21231"
    a.answer("work-1", JOB | {"noc": "21231", "start": "2016-01-01", "end": "2018-12-31"})
    with a.page.expect_navigation():
        a.page.click('button[name="wizard_goto_step"]')  # Back keeps what was typed
    assert a.step == "languages"
    a.next("work")
    assert a.page.locator('[name="work-1-end"]').input_value() == "2018-12-31"
    a.next("connections")
    a.answer("connections", CONNECTIONS)
    a.next("contact")
    a.answer("contact", CONTACT)
    a.next("review")
    a.next("result")
    assessment = check_result(a, "en")
    assert len(assessment.profile["work_experience"]) == 2
    assert a.problems == []


FOCUS_STYLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {
    name: el.name || el.id || el.className || el.tagName,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
  };
}"""


def tab_to(a: Applicant, name: str) -> None:
    for _ in range(6):
        a.page.keyboard.press("Tab")
        if a.page.evaluate("document.activeElement.name") == name:
            return
    raise AssertionError(f"Tab never reached {name}")


def choose_with_arrows(a: Applicant, value: str) -> None:
    """Home, then ArrowDown to the option (typing its name depends on typeahead timing)."""
    index = a.page.evaluate(
        "(v) => [...document.activeElement.options].findIndex((o) => o.value === v)", value
    )
    a.page.keyboard.press("Home")
    for _ in range(index):
        a.page.keyboard.press("ArrowDown")


def test_keyboard_only_first_step(applicants):
    """Tab reaches every field in order, focus is always visible, Enter goes to the next step."""
    a = applicants()
    a.open("/en/assessment/about/")
    fields = [f"about-{name}" for name in ABOUT]
    reached: list[str] = []
    for _ in range(30):
        a.page.keyboard.press("Tab")
        focus = a.page.evaluate(FOCUS_STYLE)
        assert focus["visible"] and (focus["outline"] or focus["shadow"]), focus
        reached.append(focus["name"])
        if focus["name"] == fields[-1]:
            break
    # A date field takes one Tab per part (month, day, year, calendar button).
    assert list(dict.fromkeys(name for name in reached if name in fields)) == fields
    assert reached.count("about-date_of_birth") >= 3

    # The same step answered with keys only, then Enter in a field submits it.
    a.page.locator('[name="about-date_of_birth"]').focus()
    a.page.keyboard.type("05201994")  # month, day, year: the browser's en-US order
    for name in ("citizenship", "country_of_residence", "marital_status", "intended_province"):
        tab_to(a, f"about-{name}")
        choose_with_arrows(a, ABOUT[name])
    tab_to(a, "about-has_job_offer")
    a.page.keyboard.press("ArrowRight")  # from "Yes" to "No"
    assert a.page.locator('[name="about-has_job_offer"]:checked').get_attribute("value") == "no"
    a.page.locator('[name="about-date_of_birth"]').focus()
    with a.page.expect_navigation():
        a.page.keyboard.press("Enter")
    assert a.page.url.endswith("/en/assessment/education/"), a.error_summary()
    a.open("/en/assessment/about/")
    for name, value in ABOUT.items():
        if name != "has_job_offer":
            assert a.page.locator(f'[name="about-{name}"]').input_value() == value
    assert a.problems == []


def test_axe_check_fails_on_a_serious_violation(browser, axe_source):
    """The harness itself (no server needed): a field without a label is reported."""
    context = browser.new_context()
    context.add_init_script(script=axe_source)
    page = context.new_page()
    page.goto("data:text/html,<html lang=en><title>t</title><main><input name=q></main></html>")
    violations = page.evaluate(AXE_RUN)
    context.close()
    assert "label" in {v["id"] for v in violations if v["impact"] in SERIOUS}, violations
