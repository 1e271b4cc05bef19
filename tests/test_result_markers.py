"""What an applicant reads carries no staff notes, codes or English on French pages.

41 profiles (each province with a job offer there, in BC or none; French and English tests;
Canadian and foreign work; with and without funds) are scored in each language, and for each
the result page and both emails are rendered. They reach every criterion of every program, most
both met and not met; not both: the manual reviews, closed programs' status and the Quebec
pilots' criteria (closed programs are not evaluated further), FST's trade criteria and two
education criteria. A French text also found, with English words, in the English rendering
is a string left untranslated; any internal marker (a staff note's words, a bare province code in
a sentence) fails in both languages.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from assessments.emails import applicant_email, consultant_email
from assessments.wizard.results import result_token
from programs.engine.vocabulary import Province, codes
from tests.profiles import born_aged, clb, job, profile
from tests.test_french_pages import english_left, texts
from tests.test_outlook import scored_assessment

pytestmark = pytest.mark.django_db

PROVINCES = sorted(codes(Province))
MARKERS = re.compile(r"UNCONFIRMED|third[- ]party|not encoded|TODO|FIXME", re.IGNORECASE)
# A province code standing alone among words: "(BC)", "in ON", "en QC;".
BARE_CODE = re.compile(r"(?<![\w-])(?:" + "|".join(PROVINCES) + r")(?![\w-])")


def varied_profiles() -> list[dict]:
    """Each province with and without a job offer there or elsewhere, French and English tests,
    Canadian and foreign work, with and without funds, young and old."""
    documents = []
    for index, (province, offer_in) in enumerate(itertools.product(PROVINCES, ("same", "BC", ""))):
        offer_province = province if offer_in == "same" else offer_in
        work = [job("21231", 2 + index % 3, country="CA" if index % 2 else "IN")]
        languages = {"first": clb(7 + index % 4)}
        if index % 3 == 0:
            languages = {"first": clb(8), "second": clb(7)}
        documents.append(
            profile(
                date_of_birth=born_aged(22 + (index * 7) % 30),
                education={"level": ("masters", "bachelors", "secondary")[index % 3]},
                languages=languages,
                work_experience=work,
                intended_province=province,
                settlement_funds_cad=(0, 40000, None)[index % 3],
                family_size=1 + index % 3,
                job_offer=(
                    {
                        "noc": "21231",
                        "province": offer_province,
                        "full_time": True,
                        "lmia_or_exempt": index % 2 == 0,
                    }
                    if offer_in
                    else None
                ),
            )
        )
    documents.append(profile(work_experience=[]))  # no work yet
    documents.append(profile(intended_province=None, languages={"first": clb(4)}))
    return [{k: v for k, v in d.items() if v is not None} for d in documents]


def rendered(client, document: dict, language: str) -> tuple[dict, list[str]]:
    """The stored result, and its page's visible texts and both emails' texts, for an applicant
    who chose `language`."""
    assessment = scored_assessment(document, language=language)
    page = client.get(f"/{language}/assessment/result/{result_token(assessment)}/")
    assert page.status_code == 200
    applicant = applicant_email(assessment)
    with_labels = [page.content.decode(), applicant.html]
    plain = [applicant.subject, applicant.text]
    if language == "en":  # the consultants' notice is in the site's language
        notice = consultant_email(assessment)
        with_labels.append(notice.html)
        plain += [notice.subject, notice.text]
    lines = [line.strip() for text in plain for line in text.splitlines() if line.strip()]
    return assessment.result, [t for html in with_labels for t in texts(html)] + lines


def markers_in(strings: list[str]) -> set[str]:
    return {s for s in strings if MARKERS.search(s) or BARE_CODE.search(s)}


DATA_TEXT = (Path(__file__).parent.parent / "programs" / "data" / "programs.json").read_text()


def from_program_data(text: str) -> bool:
    """The text quotes a rule's own words (programs/data/programs.json), not the code's."""
    return any(len(part) > 20 and part in DATA_TEXT for part in re.split(r"[:;] ", text))


def scanned(client) -> tuple[set[str], set[str]]:
    """(texts with internal markers, French texts identical to their English rendering)."""
    untranslated, marked, names = set(), set(), set()
    for document in varied_profiles():
        result, english = rendered(client, document, "en")
        _result, french = rendered(client, document, "fr")
        names |= {program["name"] for program in result["programs"] + _result["programs"]}
        marked |= {text for text in english + french if has_marker(text, names)}
        untranslated |= english_left(
            "\n".join(f"<p>{t}</p>" for t in french), "\n".join(f"<p>{t}</p>" for t in english)
        )
    return marked, untranslated


def has_marker(text: str, names: set[str]) -> bool:
    for name in names:  # a program's name may hold a code ("BC PNP Tech"): a name, not a code
        text = text.replace(name, "")
    return bool(MARKERS.search(text) or BARE_CODE.search(text))


def test_what_the_code_writes_reads_plainly_in_both_languages(client):
    marked, untranslated = scanned(client)
    marked = {text for text in marked if not from_program_data(text)}
    assert not marked, "internal markers:\n" + "\n".join(sorted(marked))
    assert not untranslated, "English on French pages:\n" + "\n".join(sorted(untranslated))


def test_the_rules_own_texts_read_plainly_in_both_languages(client):
    marked, _untranslated = scanned(client)
    assert not marked, "internal markers:\n" + "\n".join(sorted(marked))
