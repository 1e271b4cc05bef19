"""Issue 16, the input side: traps in the wizard's answers that changed the result silently."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.utils import translation

from assessments.models import Assessment, SiteSettings
from assessments.wizard import forms
from assessments.wizard.profile import family_size
from programs.scoring import RulesByDay, score_best_language_order, toronto_today
from tests.profiles import clb
from tests.test_typical_profiles import DAY_2026, outcomes, score, software_engineer_abroad
from tests.test_wizard import ANSWERS, SINGLE, post, step_url, submit, walk

pytestmark = pytest.mark.django_db


def _program(result: dict, slug: str) -> dict:
    return next(p for p in result["programs"] if p["slug"] == slug)


@pytest.mark.parametrize(
    ("language", "federal_line", "ontario_line"),
    [
        (
            "en",
            "If you choose to live in Quebec, this program does not apply",
            "If you intend to live in Ontario",
        ),
        (
            "fr",
            "Si vous choisissez de vivre au Québec, ce programme ne s'applique pas",
            "Si vous comptez vivre en Ontario",
        ),
    ],
)
def test_an_undecided_province_gets_the_federal_outcome(language, federal_line, ontario_line):
    # 2025: Ontario's Human Capital Priorities stream is open (repealed from 2026-05-30).
    undecided = software_engineer_abroad(date(2025, 9, 1))
    del undecided["intended_province"]
    result = score(undecided, language)
    assert outcomes(result)["express-entry-fsw"] == "eligible"
    fsw = _program(result, "express-entry-fsw")
    assert any(federal_line in c["message"] for c in fsw["criteria"] if c["met"] is True)
    ontario = _program(result, "ontario-hcp")
    assert ontario["outcome"] == "needs_review"  # eligible once they choose Ontario
    assert any(ontario_line in c["message"] for c in ontario["criteria"] if c["met"] is None)


def _languages_page(client, lang: str, typed: dict) -> str:
    walk(client, lang, ["about", "education"])
    response = post(client, lang, "languages", ANSWERS["languages"] | typed)
    assert response.status_code == 200, "the step must not advance"
    return response.content.decode()


FRENCH_LEVELS = {
    "second_test": "tef_canada",
    "second_date": ANSWERS["languages"]["first_date"],
    "second_listening": "9",
    "second_reading": "9",
    "second_writing": "9",
    "second_speaking": "9",
}


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "These look like NCLC levels. Enter your TEF Canada scores (0 to 699)"),
        (
            "fr",
            "Cela ressemble à des niveaux NCLC. Saisissez vos résultats au TEF Canada (0 à 699)",
        ),
    ],
)
def test_tef_levels_typed_as_scores_are_questioned(client, lang, message):
    html = _languages_page(client, lang, FRENCH_LEVELS)
    assert message in html
    assert 'href="#id_languages-second_test"' in html


@pytest.mark.parametrize(
    ("lang", "message", "label"),
    [
        ("en", "These look like NCLC levels. Enter your TCF Canada scores", "Optional second test"),
        (
            "fr",
            "Cela ressemble à des niveaux NCLC. Saisissez vos résultats au TCF Canada",
            "Second test facultatif",
        ),
    ],
)
def test_tcf_levels_typed_as_scores_are_questioned_and_the_block_is_named(
    client, lang, message, label
):
    typed = FRENCH_LEVELS | {"second_test": "tcf_canada", "second_writing": "12"}
    html = _languages_page(client, lang, typed)
    assert message in html
    summary = html[html.index("error-summary") : html.index("</ul>", html.index("error-summary"))]
    assert label in summary  # the summary says which of the two tests is wrong


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "On Oct. 1, 2019 this test was scored out of 360; check this score or the test date.",
        ),
        ("fr", "Le 1 octobre 2019, ce test était noté sur 360 ; vérifiez ce résultat ou la date"),
    ],
)
def test_a_tef_score_above_its_old_scale_is_questioned_at_the_field(client, lang, message):
    """Before 2023-12-11 TEF Canada listening went to 360: 500 is refused at the field, as the
    engine refuses it at submission (found by test_wizard_fuzz's extreme dates)."""
    typed = FRENCH_LEVELS | {
        "second_date": "2019-10-01",
        "second_listening": "500",
        "second_reading": "290",
        "second_writing": "400",
        "second_speaking": "400",
    }
    html = _languages_page(client, lang, typed)
    assert message in html
    assert 'href="#id_languages-second_listening"' in html
    assert 'href="#id_languages-second_reading"' not in html  # 290 fits the old scale


def test_real_tef_scores_and_tcf_writing_pass(client):
    walk(client, "en", ["about", "education"])
    real = (
        ANSWERS["languages"] | FRENCH_LEVELS | {"second_listening": "300", "second_reading": "250"}
    )
    assert post(client, "en", "languages", real).status_code == 302
    tcf = (
        ANSWERS["languages"]
        | FRENCH_LEVELS
        | {
            "second_test": "tcf_canada",
            "second_listening": "400",
            "second_reading": "420",
        }
    )
    assert post(client, "en", "languages", tcf).status_code == 302  # writing 9 is a TCF score


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"first_test": "ielts_general", "first_listening": "10"}, "These look like CELPIP levels"),
        (
            {"first_test": "celpip_general", "first_writing": "6.5"},
            "These look like IELTS bands",
        ),
        (
            {
                "first_test": "pte_core",
                "first_listening": "9",
                "first_reading": "9",
                "first_writing": "9",
                "first_speaking": "9",
            },
            "These look like CLB levels",
        ),
    ],
)
def test_english_scales_mistaken_for_another_are_questioned(client, typed, message):
    assert message in _languages_page(client, "en", typed)


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [("en", "Test 1", "Optional second test"), ("fr", "Test 1", "Second test facultatif")],
)
def test_the_two_test_blocks_are_labelled(client, lang, first, second):
    walk(client, lang, ["about", "education"])
    html = client.get(step_url(lang, "languages")).content.decode()
    assert re.search(rf"{first}: [^<]+</label>", html)
    assert re.search(rf"{second}: [^<]+</label>", html)


@pytest.mark.parametrize(
    ("marital_status", "children", "expected"),
    [("never_married", 0, 1), ("married", 0, 2), ("common_law", 2, 4), ("divorced", 1, 2)],
)
def test_family_size_is_derived_from_marital_status_and_children(
    marital_status, children, expected
):
    assert family_size(marital_status, {"dependent_children": children}) == expected


@pytest.mark.parametrize(
    ("lang", "label"), [("en", "Dependent children"), ("fr", "Enfants à charge")]
)
def test_a_married_applicant_is_a_family_of_two_without_being_asked(
    client, django_capture_on_commit_callbacks, lang, label
):
    married = ANSWERS["about"] | {"marital_status": "married"}
    walk(client, lang, ["about"], {"about": married})
    walk(client, lang, ["spouse", "education", "languages", "work"])
    page = client.get(step_url(lang, "connections")).content.decode()
    assert label in page and "family_size" not in page
    walk(client, lang, ["connections", "contact"])
    with django_capture_on_commit_callbacks(execute=False):
        submit(client, lang)
    assert Assessment.objects.get().profile["family_size"] == 2


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.5", "/fr/assessment/"),
        ("en-US", "/en/assessment/"),
        ("", "/en/assessment/"),
        ("de", "/en/assessment/"),
    ],
)
def test_root_follows_the_browsers_language(client, accept, expected):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302 and response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    ("lang", "other", "required"),
    [("en", "fr", "Ce champ est obligatoire"), ("fr", "en", "This field is required")],
)
def test_switching_language_on_a_blank_first_step_shows_no_errors(client, lang, other, required):
    blank = dict.fromkeys(ANSWERS["about"], "")
    response = post(client, lang, "about", blank, wizard_language=other)
    assert response["Location"] == step_url(other, "about")
    page = client.get(response["Location"]).content.decode()
    assert required not in page and "error-summary" not in page and "is-invalid" not in page


def test_back_after_fixing_a_step_shows_no_stale_errors(client):
    walk(client, "en", ["about", "education"])
    wrong = ANSWERS["languages"] | {"first_writing": "6.3"}
    assert "error-summary" in post(client, "en", "languages", wrong).content.decode()
    # Back, with what was typed kept as it is; the step is shown again later without old errors.
    post(client, "en", "languages", wrong, wizard_goto_step="education")
    page = client.get(step_url("en", "languages")).content.decode()
    assert 'value="6.3"' in page
    assert "error-summary" not in page and "is-invalid" not in page
    # Fixed and submitted, then Back in the browser: the step as answered, no errors.
    walk(client, "en", ["languages"])
    page = client.get(step_url("en", "languages")).content.decode()
    assert "error-summary" not in page and "is-invalid" not in page
    # Submitting the stale answers still shows the error, as before.
    assert "error-summary" in post(client, "en", "languages", wrong).content.decode()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_back_from_the_result_shows_the_result_not_an_empty_review(
    client, django_capture_on_commit_callbacks, lang
):
    walk(client, lang, SINGLE[:-1], {"contact": ANSWERS["contact"] | {"language": lang}})
    with django_capture_on_commit_callbacks(execute=True):
        result = submit(client, lang)
    for step in ("review", "contact", "connections"):
        response = client.get(step_url(lang, step))
        assert response.status_code == 302 and response["Location"] == result["Location"], step
    # The first step starts a new assessment.
    assert client.get(step_url(lang, "about")).status_code == 200

    links = re.findall(r"https?://\S+?(/[a-z]{2})/", mail.outbox[0].body)
    assert mail.outbox[0].to == ["priya@example.com"]
    assert links and set(links) == {f"/{lang}"}, links  # every link opens in their language


WEIGHTY_QUESTIONS = [
    (forms.AboutForm, "intended_province"),
    (forms.AboutForm, "has_job_offer"),
    (forms.EducationForm, "canadian"),
    (forms.EducationForm, "has_eca"),
    (forms.JobForm, "hours_per_week"),
    (forms.JobOfferForm, "full_time"),
    (forms.JobOfferForm, "lmia_or_exempt"),
    (forms.ConnectionsForm, "provincial_nomination"),
    (forms.ConnectionsForm, "certificate_of_qualification"),
    (forms.ConnectionsForm, "dependent_children"),
    (forms.ConnectionsForm, "settlement_funds_cad"),
]


@pytest.mark.parametrize(("form", "field"), WEIGHTY_QUESTIONS)
def test_questions_that_move_the_result_explain_themselves_in_both_languages(form, field):
    help_text = form.base_fields[field].help_text
    with translation.override("en"):
        english = str(help_text)
    with translation.override("fr"):
        french = str(help_text)
    assert english.endswith(".") and french.endswith(".")
    assert french != english


def test_the_lmia_help_is_on_the_job_offer_step(client):
    walk(client, "fr", ["about"], {"about": ANSWERS["about"] | {"has_job_offer": "yes"}})
    walk(client, "fr", ["education", "languages", "work"])
    page = client.get(step_url("fr", "job_offer")).content.decode()
    assert "Une EIMT (étude d'impact sur le marché du travail)" in page


def _french_stronger(first_test: str = "clb") -> dict:
    """English first at CLB 6, French second at NCLC 9: French first is worth more."""
    data = software_engineer_abroad(DAY_2026)
    data["languages"] = {"first": clb(6, test=first_test), "second": clb(9, test="nclc")}
    return data


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "en",
            "We counted French as your first official language: +{gain} points compared with English first.",
        ),
        (
            "fr",
            "Nous avons compté le français comme votre première langue officielle : {gain} points de plus qu'avec l'anglais en premier.",
        ),
    ],
)
def test_both_language_orders_are_scored_and_the_better_one_is_used(language, sentence):
    data = _french_stronger()
    as_typed = score(data, language)
    french_first = score(
        data | {"languages": {"first": clb(9, test="nclc"), "second": clb(6)}}, language
    )
    result = score_best_language_order(data, rules_by_day=RulesByDay(), language=language)
    gain = french_first["crs"]["total"] - as_typed["crs"]["total"]
    assert gain > 0
    assert result["crs"] == french_first["crs"] and result["programs"] == french_first["programs"]
    assert result["language_order"] == {
        "first": "fr",
        "swapped": True,
        "crs_gain": gain,
        "message": sentence.format(gain=gain),
    }


def test_the_order_typed_is_kept_when_it_is_the_better_one():
    data = _french_stronger()
    data["languages"] = {"first": clb(9, test="nclc"), "second": clb(6)}
    result = score_best_language_order(data, rules_by_day=RulesByDay())
    assert result["language_order"]["first"] == "fr" and not result["language_order"]["swapped"]
    assert result["crs"] == score(data)["crs"]
    single = score_best_language_order(
        software_engineer_abroad(DAY_2026), rules_by_day=RulesByDay()
    )
    assert "language_order" not in single  # one test: nothing to choose


def test_a_submission_stores_the_better_order(client, django_capture_on_commit_callbacks):
    languages = (
        ANSWERS["languages"]
        | {
            "first_listening": "5",
            "first_reading": "4.5",
            "first_writing": "5",
            "first_speaking": "5",
        }
        | FRENCH_LEVELS
        | {"second_test": "nclc"}
    )
    walk(
        client,
        "fr",
        SINGLE[:-1],
        {"languages": languages, "contact": ANSWERS["contact"] | {"language": "fr"}},
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, "fr")
    assessment = Assessment.objects.get()
    assert assessment.profile["languages"]["first"]["test"] == "ielts_general"  # as typed
    order = assessment.result["language_order"]
    assert order["first"] == "fr" and order["swapped"] and order["crs_gain"] > 0
    assert order["message"].startswith("Nous avons compté le français")


ESTIMATE = {
    "en": re.compile(r"Your CRS estimate so far: (\d+) points"),
    "fr": re.compile(r"Votre estimation du score SCG à ce stade : (\d+) points"),
}


def _estimate(client, lang: str, step: str) -> int | None:
    found = ESTIMATE[lang].search(client.get(step_url(lang, step)).content.decode())
    return int(found[1]) if found else None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_running_estimate_is_the_engines_score_of_the_answers(
    client, django_capture_on_commit_callbacks, lang
):
    walk(client, lang, ["about", "education"])
    assert _estimate(client, lang, "languages") is None  # no language yet: no estimate
    walk(client, lang, ["languages"])
    early = _estimate(client, lang, "work")
    # The same answers as a contract profile, scored by the engine: no work, no connections.
    typed = score(
        {
            "as_of": toronto_today().isoformat(),
            "date_of_birth": "1995-03-14",
            "marital_status": "never_married",
            "citizenship": "IN",
            "country_of_residence": "IN",
            "intended_province": "ON",
            "education": {"level": "masters", "canadian": "none", "has_eca": True},
            "languages": {
                "first": clb(8, 7, 6.5, 7, test="ielts_general")
                | {"test_date": ANSWERS["languages"]["first_date"]},
                "second": None,
            },
            "work_experience": [],
            "job_offer": None,
        }
    )
    assert early == typed["crs"]["total"]

    walk(client, lang, ["work", "connections", "contact"])
    final = _estimate(client, lang, "review")
    assert final > early  # work experience counted as soon as the step is done
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, lang)
    assert Assessment.objects.get().crs_total == final


def test_a_consultancy_can_turn_the_estimate_off(client):
    SiteSettings.objects.create(show_running_estimate=False)
    walk(client, "en", ["about", "education", "languages", "work"])
    for step in ("work", "connections"):
        page = client.get(step_url("en", step)).content.decode()
        assert "estimate-panel" not in page and "CRS estimate" not in page
