"""The engine's texts live in the project's gettext catalogue, and its vocabularies are defined once.

- Every string the engine (and the language-order sentence of `programs/scoring.py`) marks with
  `gettext_noop` or `pgettext_lazy` has a French translation in `locale/fr/LC_MESSAGES/django.po`,
  not fuzzy, that `i18n.translate` finds; `makemessages` extracts them (run on a copy).
- No dict of English and French strings is left in the code.
- The province codes, the language tests, the education levels and the marital statuses are
  written in one module only: `programs/engine/vocabulary.py`.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from programs.engine import vocabulary as v
from programs.engine.i18n import pgettext_lazy, translate
from programs.scoring import LANGUAGE_NAMES, ORDER_SENTENCE, ORDER_SENTENCE_PROGRAMS

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/fr/LC_MESSAGES/django.po"
ENGINE_SOURCES = [*sorted((ROOT / "programs/engine").glob("*.py")), ROOT / "programs/scoring.py"]
CODE_DIRS = ("config", "programs", "occupations", "assessments")
# French that is the English on purpose: proper names, a figure, and two words of the criterion
# form (criteria_params.py) spelt alike in both languages.
SAME_IN_FRENCH = {
    "Options",
    "points",
    "Alberta",
    "Manitoba",
    "Nunavut",
    "Ontario",
    "Saskatchewan",
    "Yukon",
    "+{points} points",
}


def marked_strings(path: Path) -> Iterator[tuple[str | None, str]]:
    """(context, msgid) of every `gettext_noop("...")` / `pgettext_lazy("ctx", "...")` in a file."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if node.func.id == "gettext_noop" and len(args) == 1:
            yield None, args[0]
        elif node.func.id == "pgettext_lazy" and len(args) == 2:
            yield args[0], args[1]


ENGINE_STRINGS = sorted(
    {marked for path in ENGINE_SOURCES for marked in marked_strings(path)},
    key=lambda m: (m[0] or "", m[1]),
)


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def po_entries(text: str) -> dict[tuple[str | None, str], tuple[str, bool]]:
    """(msgctxt, msgid) -> (msgstr, fuzzy) of a .po file's active entries (plurals left out)."""
    entries = {}
    for block in text.split("\n\n"):
        fields: dict[str, list[str]] = {}
        current = None
        fuzzy = False
        for line in block.strip().splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                fields[current].append(line)
            else:
                keyword, _, rest = line.partition(" ")
                current = keyword
                fields[keyword] = [rest]
        if "msgid" in fields and "msgstr" in fields:
            context = _unquote(fields["msgctxt"]) if "msgctxt" in fields else None
            key = (context, _unquote(fields["msgid"]))
            entries[key] = (_unquote(fields["msgstr"]), fuzzy)
    return entries


def test_the_engine_marks_its_strings():
    assert len(ENGINE_STRINGS) > 150  # messages, suggestions, provinces, vocabularies...
    assert ("language named in a sentence", "English") in ENGINE_STRINGS


@pytest.mark.parametrize(("context", "msgid"), ENGINE_STRINGS)
def test_every_engine_string_has_its_french(context, msgid):
    msgstr, fuzzy = po_entries(PO.read_text())[context, msgid]
    assert msgstr and not fuzzy
    english = msgid if context is None else pgettext_lazy(context, msgid)
    assert translate(english, "fr") == msgstr  # the compiled django.mo is up to date
    assert translate(english, "en") == msgid
    if msgid not in SAME_IN_FRENCH:
        assert msgstr != msgid


def test_makemessages_extracts_the_engine_strings(tmp_path, monkeypatch):
    """`makemessages` on a copy of the engine's files and of the French catalogue: every engine
    string is there, translated and not fuzzy (so makemessages on the project changes nothing)."""
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed")
    for source in ENGINE_SOURCES:
        target = tmp_path / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    catalogue = tmp_path / "locale/fr/LC_MESSAGES/django.po"
    catalogue.parent.mkdir(parents=True)
    shutil.copy(PO, catalogue)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["fr"], verbosity=0)
    entries = po_entries(catalogue.read_text())
    missing = [m for m in ENGINE_STRINGS if m not in entries]
    assert not missing
    assert all(entries[m][0] and not entries[m][1] for m in ENGINE_STRINGS)


def python_files() -> Iterator[Path]:
    for folder in CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:  # history: as each migration was written
                yield path


def string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def written_text(node: ast.AST) -> bool:
    """Whether `node` holds a non-blank string that no gettext marker call wraps."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MARKERS:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    return any(written_text(child) for child in ast.iter_child_nodes(node))


MARKERS = {"gettext_noop", "pgettext_lazy", "_", "gettext", "gettext_lazy", "pgettext"}


def test_no_dict_of_english_and_french_texts():
    """`{"en": "...", "fr": "..."}` with written texts: each such text belongs in the catalogue."""
    found = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Dict):
                continue
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            texts = [value for value in node.values if written_text(value)]
            if {"en", "fr"} <= keys and texts:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found


def test_no_french_written_in_the_engine():
    """No string of the engine's code is a French translation: French lives in the catalogue."""
    french = {
        msgstr.strip()
        for (_, msgid), (msgstr, _) in po_entries(PO.read_text()).items()
        if msgstr.strip() and msgstr != msgid
    }
    found = [
        f"{path.relative_to(ROOT)}: {text!r}"
        for path in ENGINE_SOURCES
        for text in string_constants(path)
        if any(c.islower() for c in text) and text.strip() in french  # words, not acronyms
    ]
    assert not found


@pytest.mark.parametrize(
    "vocabulary",
    [v.Province, v.LanguageTest, v.EducationLevel, v.MaritalStatus],
    ids=lambda vocabulary: vocabulary.__name__,
)
def test_each_vocabulary_is_written_once(vocabulary):
    """A module holding every code of a vocabulary as a string defines it: only vocabulary.py may."""
    codes = set(v.codes(vocabulary))
    holders = [
        str(path.relative_to(ROOT)) for path in python_files() if codes <= string_constants(path)
    ]
    assert holders == ["programs/engine/vocabulary.py"]


def test_the_codes_are_the_contracts():
    """The values are stored and sent by clients: they never change."""
    assert v.codes(v.Province) == (
        *("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"),
    )
    assert v.codes(v.LanguageTest) == (
        *("ielts_general", "celpip_general", "pte_core", "tef_canada", "tcf_canada"),
        *("clb", "nclc"),
    )
    assert v.codes(v.EducationLevel) == (
        *("none", "secondary", "one_year", "two_year", "bachelors", "two_or_more"),
        *("masters", "doctoral"),
    )
    assert v.codes(v.MaritalStatus) == (
        *("never_married", "married", "common_law", "separated", "divorced", "widowed"),
        "annulled",
    )


def test_vocabulary_labels_and_phrases_in_both_languages():
    assert v.Province.QC.label_in("fr") == "Québec"
    assert v.Province.PE.within("fr") == "à l'Île-du-Prince-Édouard"
    assert v.Province.NT.outside("en") == "outside the Northwest Territories"
    assert v.EducationLevel.MASTERS.phrase("fr") == "une maîtrise ou un diplôme professionnel"
    assert v.MaritalStatus.COMMON_LAW.label_in("fr") == "Conjoint(e) de fait"
    assert {t.value for t in v.ENGLISH_TESTS} == {
        "ielts_general",
        "celpip_general",
        "pte_core",
        "clb",
    }


@pytest.mark.parametrize(
    ("sentence", "french"),
    [
        (
            ORDER_SENTENCE,
            "Nous avons compté le français comme votre première langue officielle : 54 points de "
            "plus qu'avec l'anglais en premier.",
        ),
        (
            ORDER_SENTENCE_PROGRAMS,
            "Nous avons compté le français comme votre première langue officielle : plus de "
            "programmes vous sont ouverts qu'avec l'anglais en premier.",
        ),
    ],
)
def test_the_language_order_sentences_in_french(sentence, french):
    names = {code: translate(name, "fr") for code, name in LANGUAGE_NAMES.items()}
    assert translate(sentence, "fr").format(first=names["fr"], other=names["en"], gain=54) == french
