"""The requirement the applicant reads is generated from a criterion's kind and parameters.

`programs.Criterion.message_en` / `message_fr` are staff overrides: when blank, the loader gives
the engine the text each kind builds (programs/engine/kinds.py), in English and French.
"""

from __future__ import annotations

from datetime import date

import pytest

from programs.engine.criteria import KINDS
from programs.engine.criteria_params import parse_params
from programs.loader import clear_cache, load_rules
from programs.models import Criterion
from tests.profiles import AS_OF
from tests.test_seed_data import PROGRAMS, seed_rules

RULES = seed_rules(AS_OF)

# Parameters for every kind, including those the shipped data uses only inside any_of or not at all.
SAMPLES = {
    "language_min": {"language": "english", "levels": {"reading": 7, "writing": 7}},
    "language_by_teer": {"teer_levels": {"0": 7, "1": 7, "2": 5, "3": 5}},
    "education_min": {"level": "masters"},
    "experience": {"months": 12, "window_years": 3, "where": "canada", "continuous_same_noc": True},
    "job_offer": {
        "province": "QC",
        "teers": [0, 1],
        "min_duration_months": 12,
        "lmia_or_exempt": True,
    },
    "age_range": {"min": 18, "max": 45},
    "settlement_funds": {"exempt_with_job_offer": False},
    "province": {"province": "BC"},
    "express_entry_eligible": {"programs": ["express-entry-cec"]},
    "min_crs": {"min": 450},
    "fsw_points": {},
    "profile_flag": {"field": "quebec.francization_agreement"},
    "quebec_diploma": {"min": "dep_or_dec"},
    "manual_review": {"reason": "staff only"},
    "any_of": {
        "options": [
            {"kind": "age_range", "params": {"max": 35}},
            {"kind": "profile_flag", "params": {"field": "provincial_nomination"}},
        ]
    },
}


def _criteria() -> list[tuple[str, str, dict]]:
    found = [
        (f"{program['slug']}/{rule['code']}", rule["kind"], rule["params"])
        for program in PROGRAMS
        for rule in program["criteria"]
    ]
    return found + [(f"sample/{kind}", kind, params) for kind, params in SAMPLES.items()]


def test_every_kind_has_a_sample() -> None:
    assert set(SAMPLES) == set(KINDS)


@pytest.mark.parametrize(("where", "kind", "params"), _criteria(), ids=lambda v: str(v)[:40])
def test_each_criterion_reads_as_a_sentence_in_english_and_french(
    where: str, kind: str, params: dict
) -> None:
    parsed = parse_params(kind, params)
    english = KINDS[kind].requirement(parsed, RULES, "en")
    french = KINDS[kind].requirement(parsed, RULES, "fr")
    assert english.strip() and french.strip(), where
    assert english != french, where
    assert "  " not in english and "  " not in french, where
    assert "{" not in english + french, where


def test_generated_texts_say_what_the_parameters_say() -> None:
    def text(kind: str, params: dict, language: str = "en") -> str:
        return KINDS[kind].requirement(parse_params(kind, params), RULES, language)

    levels = {"listening": 7, "reading": 7, "writing": 7, "speaking": 7}
    assert text("language_min", {"language": "any_official", "levels": levels}) == (
        "You need CLB 7 or higher in each of the four abilities, in English or French."
    )
    assert text("language_min", {"language": "any_official", "levels": levels}, "fr") == (
        "Il vous faut NCLC 7 ou plus dans chacune des quatre compétences, en anglais ou en "
        "français."
    )
    fst = {"speaking": 5, "listening": 5, "reading": 4, "writing": 4}
    assert text("language_min", {"levels": fst}) == (
        "You need CLB 5 or higher in speaking and listening and CLB 4 or higher in reading and "
        "writing, in your first official language."
    )
    assert text("province", {"province": "QC", "exclude": True}, "fr") == (
        "Vous devez avoir l'intention de vivre hors du Québec."
    )
    assert text("age_range", {"min": 18}) == "You must be at least 18 years old."
    assert "12 months" in text("experience", {"months": 12, "window_years": 5})


@pytest.mark.django_db
def test_a_blank_requirement_is_generated_and_a_filled_one_is_kept() -> None:
    day = date(2026, 6, 1)
    blank = Criterion.objects.in_force(day).get(program__slug="ontario-hcp", code="education")
    blank.message_en = blank.message_fr = ""
    blank.save()
    kept = Criterion.objects.in_force(day).get(program__slug="ontario-hcp", code="language")
    clear_cache()
    rules = load_rules(day)
    (program,) = [p for p in rules.programs if p.slug == "ontario-hcp"]
    by_code = {rule.code: rule.requirement for rule in program.criteria}
    assert by_code["education"] == {
        "en": "You need at least a bachelor's degree (or a 3-year+ program): a Canadian "
        "credential, or a foreign one with an Educational Credential Assessment (ECA).",
        "fr": "Il vous faut au moins un baccalauréat (ou un programme de 3 ans ou plus) : un "
        "diplôme canadien, ou un diplôme étranger accompagné d'une évaluation des diplômes "
        "d'études (EDE).",
    }
    assert by_code["language"] == {"en": kept.message_en, "fr": kept.message_fr}
