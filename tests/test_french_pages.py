"""Nothing left in English on the /fr/ public pages.

Each page is fetched in both languages with the same answers; a piece of visible text (or an
accessible name) of the French page that is also on the English page, and is made of English
words, is a string someone forgot to mark for translation or to translate.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from assessments.models import Assessment
from assessments.wizard.results import result_token
from tests.test_wizard import ANSWERS, step_url, submit, walk

pytestmark = pytest.mark.django_db

ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")
# Words that are the same in both languages, or names: never a sign of a missing translation.
SAME_IN_BOTH = {
    "maple",
    "assess",
    "english",
    "français",
    "priya",
    "sharma",
    "ielts",
    "celpip",
    "general",
    "training",
    "pte",
    "core",
    "tef",
    "tcf",
    "canada",
    "express",
    "entry",
    "noc",
    "crs",
    "clb",
    "nclc",
    "eca",
    "software",
    "engineer",
    "points",
    "date",
    "description",
    "stem",
    "côte",
    "ivoire",
}
PROPER_NAME = re.compile(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3}")
MARRIED_WITH_OFFER = ["about", "spouse", "education", "languages", "work", "job_offer"]
MARRIED_WITH_OFFER += ["connections", "contact"]


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data)


def texts(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return {" ".join(part.split()) for part in parser.parts}


def english_left(french_html: str, english_html: str) -> set[str]:
    """Text of the French page that is on the English page too and has real English words."""
    suspicious = set()
    for text in texts(french_html) & texts(english_html):
        if PROPER_NAME.fullmatch(text) or "@" in text:
            continue  # a country or province spelt the same in both languages, an address
        words = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)}
        if words - SAME_IN_BOTH:
            suspicious.add(text)
    return suspicious


def both(client_en, client_fr, path: str) -> tuple[str, str]:
    english = client_en.get(f"/en{path}").content.decode()
    french = client_fr.get(f"/fr{path}").content.decode()
    return french, english


@pytest.fixture
def client_en(client):
    return client


@pytest.fixture
def client_fr():
    return Client()


def test_every_wizard_step_and_the_result_page_are_all_french(
    client_en, client_fr, django_capture_on_commit_callbacks
):
    answers = {"about": ANSWERS["about"] | {"marital_status": "married", "has_job_offer": "yes"}}
    for lang, client in (("en", client_en), ("fr", client_fr)):
        walk(client, lang, MARRIED_WITH_OFFER, answers)
    for step in [*MARRIED_WITH_OFFER, "review"]:
        french, english = both(client_en, client_fr, f"/assessment/{step}/")
        assert english_left(french, english) == set(), step
    with django_capture_on_commit_callbacks(execute=True):
        submit(client_fr, "fr")
    assessment = Assessment.objects.get()
    french, english = both(client_en, client_fr, f"/assessment/result/{result_token(assessment)}/")
    assert "Votre score au cours des 24 prochains mois" in french
    assert english_left(french, english) == set()


def test_an_english_result_read_in_french_is_all_french(client_en, client_fr):
    from tests.test_outlook import PAGE_PROFILE, scored_assessment

    assessment = scored_assessment(PAGE_PROFILE, language="en")
    path = f"/assessment/result/{result_token(assessment)}/"
    french, english = both(client_en, client_fr, path)
    assert english_left(french, english) == set()


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere/",
        "/assessment/result/abc:def/",
        "/assessment/resume/not-a-token/",
    ],
)
def test_error_pages_are_all_french(client_en, client_fr, path):
    french, english = both(client_en, client_fr, path)
    assert english_left(french, english) == set()


def test_the_check_finds_english(client_en, client_fr):
    """The check itself: an English sentence on the French page is reported."""
    french = "<p>Votre évaluation</p><p>Book a consultation</p>"
    english = "<p>Your assessment</p><p>Book a consultation</p>"
    assert english_left(french, english) == {"Book a consultation"}
    assert english_left("<option>Sri Lanka</option>", "<option>Sri Lanka</option>") == set()
    assert step_url("fr", "about") == "/fr/assessment/about/"
