"""The emails write numbers, amounts and dates as the recipient's language does, with Django's own
formats, show labels rather than codes, and link to pages in the applicant's language (the result
email and the save-and-continue one)."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import formats, translation

from assessments.emails import applicant_email, consultant_email
from tests.result_profiles import base
from tests.test_french_pages import VisibleText
from tests.test_outlook import scored_assessment
from tests.test_wizard import post

pytestmark = pytest.mark.django_db

DAY = date(2026, 9, 2)
FUNDS = 19001
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DOLLARS = {"en": re.compile(r"\$[\d,]+"), "fr": re.compile(r"[\d\u202f\u00a0 ]+\$")}
GROUPED = {
    "en": re.compile(r"\$\d{1,3}(?:,\d{3})*"),
    "fr": re.compile(r"\d{1,3}(?:\u202f\d{3})* \$"),
}


def profile() -> dict:
    return base(DAY) | {"settlement_funds_cad": FUNDS}


def in_language(language: str) -> tuple[str, str]:
    """19001 and DAY as Django writes them in `language` ("19 001", "2 septembre 2026")."""
    with translation.override(language):
        return (
            formats.number_format(FUNDS, force_grouping=True),
            formats.date_format(DAY, "DATE_FORMAT"),
        )


def bodies(email) -> list[str]:
    """The plain text and the HTML's visible text, without the links' own lines."""
    parser = VisibleText()  # its parts as written: no-break spaces kept
    parser.feed(email.html)
    html = "\n".join(parser.parts)
    return [email.subject, _without_links(email.text), _without_links(html)]


def _without_links(text: str) -> str:
    return re.sub(r"https?://\S+", "", text)


@pytest.mark.parametrize(
    ("language", "amount_text", "day_text"),
    [("en", "$19,001", "Sept. 2, 2026"), ("fr", "19\u202f001 $", "2 septembre 2026")],
)
def test_amounts_and_dates_in_the_applicants_email_are_localised(language, amount_text, day_text):
    amount, day = in_language(language)
    assert amount_text == (f"${amount}" if language == "en" else f"{amount} $")
    assert day_text == day
    email = applicant_email(scored_assessment(profile(), language=language))
    text, html = bodies(email)[1:]
    for body in (text, html):
        assert amount_text in body  # the applicant's funds, grouped as Django groups them
        assert day_text in body  # the day the rules are those of
        assert not ISO_DATE.search(body), ISO_DATE.search(body)
        for found in DOLLARS[language].findall(body):  # every amount, not just that one
            assert GROUPED[language].fullmatch(found.strip()), found
    other = "fr" if language == "en" else "en"
    assert not any(
        GROUPED[other].fullmatch(found.strip()) for found in DOLLARS[other].findall(text)
    )


def test_the_consultants_notice_shows_labels_not_codes():
    assessment = scored_assessment(profile(), language="fr")
    notice = consultant_email(assessment)
    for body in bodies(notice):
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", body), body  # not_eligible, needs_review
        assert not re.search(r"(?<![\w-])ON(?![\w-])", body), body
    assert "Intended province: Ontario" in notice.text
    assert "Language: Français" in notice.text
    assert re.search(
        r"Best outcome: (Eligible|To review with an advisor|Not eligible yet)", notice.text
    )


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value for name, value in attrs if name == "href" and value]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_link_in_the_applicants_email_opens_in_their_language(client, language):
    email = applicant_email(scored_assessment(profile(), language=language))
    parser = Links()
    parser.feed(email.html)
    links = set(parser.hrefs) | set(re.findall(r"https?://\S+", email.text))
    public = settings.PUBLIC_BASE_URL.rstrip("/")
    assert len(links) >= 3  # the result, the privacy notice, the applicant's data
    for link in links:
        assert link.startswith(f"{public}/{language}/"), link
        page = client.get(urlsplit(link).path, follow=True)
        assert page.status_code == 200, link
        assert f'<html lang="{language}"' in page.content.decode(), link


def test_the_save_and_continue_email_is_in_french_and_links_to_french_pages(
    client, django_capture_on_commit_callbacks
):
    post(client, "fr", "about")
    response = post(client, "fr", "education", wizard_save="1")
    assert response["Location"] == "/fr/assessment/save/"
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends it on commit
        client.post("/fr/assessment/save/", {"email": "plus-tard@example.com"})
    (email,) = mail.outbox
    assert "Bonjour" in email.body and "Hello" not in email.body
    assert "Your assessment" not in email.subject, email.subject
    links = re.findall(r"https?://\S+", email.body)
    assert len(links) == 1 and "/fr/assessment/resume/" in links[0]
    client.cookies.clear()  # another browser
    step = client.get(urlsplit(links[0]).path, follow=True)
    assert '<html lang="fr"' in step.content.decode()
