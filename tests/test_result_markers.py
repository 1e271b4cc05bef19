"""What an applicant reads carries no staff notes, no codes and no English on French pages, and the
profiles scanned reach every state of every criterion and every message of the engine.

Each profile of tests/result_profiles.py (a base persona changed one thing at a time, on two
days so that every program is open on one of them) is scored in English and in French; for each,
the result page, the applicant's email and the consultants' notice (as a site in that language
sends it) are rendered. Their visible text is cut into segments (text nodes, email lines, then
sentences and clauses), and:

- no segment, in either language, holds an internal marker: a staff note's words, a bare province
  code in a sentence, an ISO date inside a sentence;
- no French segment is one of the English rendering's segments unless it is a name or a number
  (`SAME_IN_BOTH`, each with its reason), and none holds English function words ("the", "your");
- no number is grouped the other language's way ("15,263 $" in French);
- every (program, criterion, state) the rules in force can produce is reached, and every message
  of the engine's catalogue is on a rendered page.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import translation

from assessments.emails import applicant_email, consultant_email
from assessments.wizard.results import result_token
from programs import loader
from programs.engine import criteria as engine_criteria
from programs.engine import criteria_params, messages
from programs.models import Jurisdiction, ProgramStatus
from tests.result_profiles import SCAN_DAYS, coverage_profiles
from tests.test_french_pages import texts
from tests.test_outlook import scored_assessment

pytestmark = pytest.mark.django_db

PROVINCES = [code for code, _label in Jurisdiction.choices if code != "FED"]


def same_in_both(labels: list) -> set[str]:
    """The labels spelt the same in English and French ("Ontario", not "Quebec")."""
    with translation.override("en"):
        english = [str(label) for label in labels]
    with translation.override("fr"):
        french = [str(label) for label in labels]
    return {name for name, other in zip(english, french, strict=True) if name == other}


MARKERS = re.compile(r"UNCONFIRMED|third[- ]party|not encoded|staff note|TODO|FIXME", re.I)
# A province code standing alone among words: "(BC)", "in ON", "en QC;".
BARE_CODE = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(PROVINCES)) + r")(?![\w-])")
ISO_DATE = re.compile(r"(?<![\w/-])\d{4}-\d{2}-\d{2}(?![\w-])")
# Words of English grammar that no French sentence holds (names aside).
ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|your|you|with|this|that|these|which|from|needs?|have|has|been|will|would|"
    r"yet|not|of|for|is|are|to|in|on the|at)\b",
    re.I,
)
# Words that read the same in both languages. Names (`names_in`), codes and numbers pass without
# a list: a clause with no letter left once the names are blanked out.
SAME_IN_BOTH = {
    "Points": "the same word in French (a column header)",
    "points": "the same word in French (+600 points)",
    "Date": "the same word in French (a column header)",
    "Maple Assess": "the consultancy's name (the default site settings)",
}


@dataclass(frozen=True)
class Rendering:
    """One profile scored in one language, and what the applicant (and consultant) read."""

    name: str
    language: str
    result: dict[str, Any]
    page: tuple[str, ...]  # the result page's visible texts
    email: tuple[str, ...]  # the applicant's email: HTML texts, subject, text lines
    notice: tuple[str, ...]  # the consultants' notice, for a site in that language

    @property
    def segments(self) -> tuple[str, ...]:
        return self.page + self.email + self.notice


@dataclass(frozen=True)
class Scan:
    pairs: tuple[tuple[Rendering, Rendering], ...]  # (English, French) per profile
    shown: dict[str, set[tuple[str, str]]]  # message key -> (language, text) the engine wrote


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def render_all(client: Client, name: str, document: dict, language: str) -> Rendering:
    assessment = scored_assessment(document, language=language)
    page = client.get(f"/{language}/assessment/result/{result_token(assessment)}/")
    assert page.status_code == 200, name
    applicant = applicant_email(assessment)
    with override_settings(LANGUAGE_CODE=language):  # the notice is in the site's language
        email = consultant_email(assessment)
    notice = [*texts(email.html), email.subject, *lines(email.text)]
    return Rendering(
        name=name,
        language=language,
        result=assessment.result,
        page=tuple(texts(page.content.decode())),
        email=(*texts(applicant.html), applicant.subject, *lines(applicant.text)),
        notice=tuple(notice),
    )


def catalogue() -> set[str]:
    """The keys of every message the engine can write: its catalogue, and the messages of
    criterion kinds that carry their own (`KIND_MESSAGES`, where the engine has such kinds)."""
    return set(messages.MESSAGES) | set(getattr(engine_criteria, "KIND_MESSAGES", {}))


@contextmanager
def recorded_messages() -> Iterator[dict[str, set[tuple[str, str]]]]:
    """Every (language, text) the engine renders for each message key, while scoring.

    Wraps the engine's renderers (`render(key, language, **values)`, and
    `render_verdict(verdict, language)` where kinds render their own) wherever its modules hold
    them, so that it works whichever module renders a message. The rule caches are emptied
    first: a verdict cached earlier would not be rendered again.
    """
    shown: dict[str, set[tuple[str, str]]] = defaultdict(set)

    def by_key(original: Callable[..., str]) -> Callable[..., str]:
        def spy(key: str, language: str, /, **values: object) -> str:
            text = original(key, language, **values)
            shown[key].add((language, text))
            return text

        return spy

    def by_verdict(original: Callable[..., str]) -> Callable[..., str]:
        def spy(verdict: Any, language: str) -> str:
            text = original(verdict, language)
            shown[verdict.key].add((language, text))
            return text

        return spy

    spies = {"render": by_key, "render_verdict": by_verdict}
    originals = {
        name: getattr(module, name)
        for module in (messages, engine_criteria)
        for name in spies
        if hasattr(module, name)
    }
    patched = [
        (module, name)
        for module_name, module in list(sys.modules.items())
        if module_name.startswith("programs.engine")
        for name, original in originals.items()
        if getattr(module, name, None) is original
    ]
    loader.clear_cache()
    for module, name in patched:
        setattr(module, name, spies[name](originals[name]))
    try:
        yield shown
    finally:
        for module, name in patched:
            setattr(module, name, originals[name])
        loader.clear_cache()


def scan() -> Scan:
    """Every coverage profile rendered in both languages."""
    client = Client()
    with recorded_messages() as shown:
        pairs = tuple(
            (render_all(client, name, doc, "en"), render_all(client, name, doc, "fr"))
            for name, doc in coverage_profiles()
        )
    return Scan(pairs=pairs, shown=dict(shown))


# --- what is wrong in a rendering -------------------------------------------------------------


# Names spelt the same in both languages wherever they appear: the applicant's (tests.test_outlook's
# contact), each language's own name (the language switcher, the notice) and the provinces'.
NAMES = {
    "Ada Lovelace",
    *(name for _code, name in settings.LANGUAGES),
    *same_in_both([label for _code, label in Jurisdiction.choices]),
}


def names_in(*renderings: Rendering) -> set[str]:
    """Program and category names of these results (names, even when they hold a code), and
    `NAMES`."""
    return NAMES | {
        item["name"]
        for rendering in renderings
        for item in rendering.result["programs"] + rendering.result["categories"]
    }


def without_names(text: str, names: set[str]) -> str:
    """The text with these names (whole words) blanked out."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", " ", text)
    return text


def is_link(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def markers(rendering: Rendering, names: set[str]) -> set[str]:
    """Segments with a staff note's words, a bare province code or an ISO date in a sentence."""
    found = set()
    for segment in rendering.segments:
        if is_link(segment):
            continue
        text = without_names(segment, names)
        if MARKERS.search(text) or BARE_CODE.search(text) or ISO_DATE.search(text):
            found.add(f"{rendering.name} [{rendering.language}]: {segment}")
    return found


# Digits grouped the other language's way: "15,263" in French, "15 263" in English.
FOREIGN_GROUPING = {"fr": re.compile(r"\d,\d{3}(?!\d)"), "en": re.compile(r"\d\s\d{3}(?!\d)")}


def foreign_numbers(rendering: Rendering) -> set[str]:
    """Segments with a number grouped as the other language groups it."""
    pattern = FOREIGN_GROUPING[rendering.language]
    return {
        f"{rendering.name} [{rendering.language}]: {segment}"
        for segment in rendering.page + rendering.email
        if not is_link(segment) and pattern.search(segment)
    }


CLAUSE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\s+[:;/\u00b7]\s+|\s+[-\u2013\u2014]\s+|\n")
LETTER = re.compile(r"[^\W\d_]")


def clauses(segments: tuple[str, ...]) -> set[str]:
    """Sentences and clauses of the texts, whitespace made plain, outer punctuation dropped."""
    found = set()
    for segment in segments:
        for part in CLAUSE_BREAK.split(" ".join(segment.split())):
            part = part.strip(" .,;:!?()[]«»\"'")
            if part:
                found.add(part)
    return found


def is_name_or_number(clause: str, names: set[str]) -> bool:
    if clause in SAME_IN_BOTH or clause in names or is_link(clause) or "@" in clause:
        return True
    return not LETTER.search(without_names(clause, names | set(SAME_IN_BOTH)))


def english_in_french(english: Rendering, french: Rendering) -> set[str]:
    """French clauses also in the English rendering (names and numbers aside), and French
    clauses with English grammar words."""
    names = names_in(english, french)
    same = clauses(french.segments) & clauses(english.segments)
    found = {c for c in same if not is_name_or_number(c, names)}
    for clause in clauses(french.segments):
        if is_link(clause) or "@" in clause:
            continue
        if ENGLISH_WORDS.search(without_names(clause, names | set(SAME_IN_BOTH))):
            found.add(clause)
    return {f"{french.name}: {clause}" for clause in found}


# --- the scan ---------------------------------------------------------------------------------


def test_pages_and_emails_read_plainly_and_reach_every_state_and_message():
    """One test, so the scan (about 200 renderings) runs once per test process."""
    result = scan()
    problems = {
        "internal markers": set(),
        "English on French pages": set(),
        "numbers grouped the other language's way": set(),
        "states no profile reaches": unreached_states(result),
        "messages no rendered page shows": unshown_messages(result),
    }
    for english, french in result.pairs:
        names = names_in(english, french)
        problems["internal markers"] |= markers(english, names) | markers(french, names)
        problems["English on French pages"] |= english_in_french(english, french)
        problems["numbers grouped the other language's way"] |= foreign_numbers(
            english
        ) | foreign_numbers(french)
    report = [
        f"{title}:\n  " + "\n  ".join(sorted(found)) for title, found in problems.items() if found
    ]
    assert not report, "\n".join(report)


def test_the_scan_catches_english_in_french_and_internal_markers(client):
    """English left in a French note, a staff marker in the English one, a bare province code and
    an ISO date in the French one, and a number grouped the English way, are all found."""
    name, document = coverage_profiles()[0]
    statuses = ProgramStatus.objects.filter(
        program__slug="bc-pnp-tech", effective_from__lte=document["as_of"]
    )
    status = statuses.order_by("effective_from").last()
    assert status.status == "paused"  # its note is shown
    english_note = "Draws for tech occupations have stopped and none is planned."
    status.note_en = f"{english_note} UNCONFIRMED"
    status.note_fr = (
        f"Aucun tirage n'est prévu. {english_note} Vérifiez your eligibility."
        " Le prochain tirage en BC aura lieu le 2027-07-01 pour 1,500 candidats."
    )
    status.save()
    loader.clear_cache()
    try:
        english = render_all(client, name, document, "en")
        french = render_all(client, name, document, "fr")
    finally:
        loader.clear_cache()
    names = names_in(english, french)
    assert any("UNCONFIRMED" in text for text in markers(english, names))
    caught = english_in_french(english, french)
    assert f"{name}: Draws for tech occupations have stopped and none is planned" in caught
    assert f"{name}: Vérifiez your eligibility" in caught  # English words in a French sentence
    french_markers = " ".join(markers(french, names))
    assert "en BC aura lieu le 2027-07-01" in french_markers  # a bare code, an ISO date
    assert any("1,500 candidats" in text for text in foreign_numbers(french))


# --- coverage ---------------------------------------------------------------------------------

YES, NO, UNKNOWN = True, False, None


def _flag_states(params: Any) -> set[bool | None]:
    # Quebec's own questions may be left unanswered; the others are yes/no in the profile.
    return {YES, NO, UNKNOWN} if params.field.startswith("quebec.") else {YES, NO}


def _any_of_states(params: Any) -> set[bool | None]:
    options = [
        possible_states(o.kind, criteria_params.parse_params(o.kind, o.params))
        for o in params.options
    ]
    states: set[bool | None] = set()
    if any(YES in s for s in options):
        states.add(YES)
    if all(NO in s for s in options):
        states.add(NO)
    if any(UNKNOWN in s for s in options) and all(s - {YES} for s in options):
        states.add(UNKNOWN)
    return states


# kind -> the states its criteria can take, from their parameters
STATES: dict[str, Callable[[Any], set[bool | None]]] = {
    "language_min": lambda params: {YES, NO},
    "language_by_teer": lambda params: {YES, NO},
    "education_min": lambda params: {YES, NO},
    "experience": lambda params: {YES, NO},
    "job_offer": lambda params: {YES, NO},
    "age_range": lambda params: {YES, NO},
    "settlement_funds": lambda params: {YES, NO, UNKNOWN},  # unknown: funds not given
    "province": lambda params: {YES, NO} if params.exclude else {YES, NO, UNKNOWN},
    "express_entry_eligible": lambda params: {YES, NO, UNKNOWN},
    "min_crs": lambda params: {YES, NO},
    "fsw_points": lambda params: {YES, NO},
    "profile_flag": _flag_states,
    "quebec_diploma": lambda params: {YES, NO, UNKNOWN},
    "manual_review": lambda params: {UNKNOWN},
    "any_of": _any_of_states,
}
STATUS_STATES = {"paused": {UNKNOWN}, "closed": {NO}, "open": set()}


def possible_states(kind: str, params: Any) -> set[bool | None]:
    return STATES[kind](params)


def test_every_criterion_kind_says_which_states_it_can_take():
    assert set(STATES) == set(criteria_params.CRITERION_PARAMS)


def expected_states() -> dict[tuple[str, str], set[bool | None]]:
    """(program, criterion) -> the states the rules of the scan days can give it."""
    expected: dict[tuple[str, str], set[bool | None]] = defaultdict(set)
    for day in SCAN_DAYS:
        for program in loader.load_rules(day).programs:
            for rule in program.criteria:
                expected[(program.slug, rule.code)] |= possible_states(rule.kind, rule.params)
            if STATUS_STATES[program.status]:
                expected[(program.slug, "program_status")] |= STATUS_STATES[program.status]
    return expected


def unreached_states(result: Scan) -> set[str]:
    """(program, criterion, state) the rules can give and no profile of the scan reaches."""
    reached: dict[tuple[str, str], set[bool | None]] = defaultdict(set)
    for pair in result.pairs:
        for rendering in pair:
            for program in rendering.result["programs"]:
                for criterion in program["criteria"]:
                    reached[(program["slug"], criterion["code"])].add(criterion["met"])
    expected = expected_states()
    assert len(expected) >= 50 and sum(map(len, expected.values())) >= 120  # the rules were read
    return {
        f"{slug} / {code}: {sorted(map(str, states - reached[(slug, code)]))}"
        for (slug, code), states in expected.items()
        if states - reached[(slug, code)]
    }


# Messages no rule in programs/data can give: each with the check that this is still so.
UNREACHABLE: dict[str, Callable[[], bool]] = {
    # no job_offer criterion asks for an LMIA (its own or an option of an any_of)
    "offer.lmia": lambda: (
        not _any_params(lambda kind, params: kind == "job_offer" and params.lmia_or_exempt)
    ),
    # no age_range criterion has a maximum
    "age.high": lambda: (
        not _any_params(lambda kind, params: kind == "age_range" and params.max is not None)
    ),
}


def _any_params(test: Callable[[str, Any], bool]) -> bool:
    for day in SCAN_DAYS:
        for program in loader.load_rules(day).programs:
            for rule in program.criteria:
                kinds = [(rule.kind, rule.params)]
                if rule.kind == "any_of":
                    kinds = [
                        (o.kind, criteria_params.parse_params(o.kind, o.params))
                        for o in rule.params.options
                    ]
                if any(test(kind, params) for kind, params in kinds):
                    return True
    return False


def unshown_messages(result: Scan) -> set[str]:
    """Message keys of the engine's catalogue that no rendered page or email shows."""
    shown_texts = {
        language: "\n".join(
            " ".join(segment.split())
            for pair in result.pairs
            for rendering in pair
            if rendering.language == language
            for segment in rendering.page + rendering.email
        )
        for language in ("en", "fr")
    }
    on_a_page = {
        key
        for key, rendered in result.shown.items()
        if any(" ".join(text.split()) in shown_texts[language] for language, text in rendered)
    }
    still_unreachable = {key for key, check in UNREACHABLE.items() if check()}
    assert still_unreachable == set(UNREACHABLE), "reachable now: remove from UNREACHABLE"
    return catalogue() - on_a_page - set(UNREACHABLE)


def test_the_coverage_names_what_no_profile_reaches():
    nothing = Scan(pairs=(), shown={})
    assert "express-entry-fsw / settlement-funds: ['False', 'None', 'True']" in unreached_states(
        nothing
    )
    assert "ontario-hcp / program_status: ['False']" in unreached_states(nothing)  # closed in 2026
    assert {"funds.unknown", "status.paused", "any_of.not_met"} <= unshown_messages(nothing)
