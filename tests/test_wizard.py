"""The public wizard, driven through the Django test client as an applicant would."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.errors import AssessmentError
from assessments.models import Assessment, WizardDraft
from assessments.wizard.drafts import DRAFT_SALT
from assessments.wizard.results import public_id_from_token, result_token
from programs.scoring import toronto_today

pytestmark = pytest.mark.django_db

TODAY = toronto_today()
ANSWERS = {
    "about": {
        "date_of_birth": "1995-03-14",
        "citizenship": "IN",
        "country_of_residence": "IN",
        "marital_status": "never_married",
        "intended_province": "ON",
        "has_job_offer": "no",
    },
    "spouse": {
        "is_canadian_citizen_or_pr": "no",
        "accompanying": "yes",
        "education": "bachelors",
        "canadian_education": "none",
        "spouse_test": "celpip_general",
        "spouse_date": (TODAY - timedelta(days=100)).isoformat(),
        "spouse_listening": "9",
        "spouse_reading": "8",
        "spouse_writing": "8",
        "spouse_speaking": "9",
    },
    "education": {"level": "masters", "canadian": "none", "has_eca": "yes"},
    "languages": {
        "first_test": "ielts_general",
        "first_date": (TODAY - timedelta(days=60)).isoformat(),
        "first_listening": "8",
        "first_reading": "7",
        "first_writing": "6.5",
        "first_speaking": "7",
        "second_test": "",
    },
    "work": {
        "TOTAL_FORMS": "2",
        "INITIAL_FORMS": "0",
        "MIN_NUM_FORMS": "0",
        "MAX_NUM_FORMS": "30",
        "0-noc": "21231",
        "0-title": "Software engineer",
        "0-country": "IN",
        "0-start": "2019-01-01",
        "0-current": "on",
        "0-hours_per_week": "40",
        # the second, empty row is ignored
        "1-hours_per_week": "40",
    },
    "job_offer": {
        "noc": "21231",
        "province": "BC",
        "full_time": "yes",
        "duration_months": "",
        "lmia_or_exempt": "yes",
    },
    "connections": {
        "dependent_children": "0",
        "settlement_funds_cad": "25000",
        "sibling_in_canada": "on",
    },
    "quebec": {
        "intends_to_live_in_quebec": "yes",
        "quebec_diploma": "none",
        "holds_quebec_job_offer": "no",
        "francization_agreement": "yes",
    },
    "contact": {
        "name": "Priya Sharma",
        "email": "priya@example.com",
        "phone": "",
        "language": "en",
        "consent": "on",
    },
    "review": {},
}


def step_url(lang, step):
    return f"/{lang}/assessment/{step}/"


def post(client, lang, step, data=None, **extra):
    payload = {"assessment-current_step": step}
    payload |= {f"{step}-{k}": v for k, v in (ANSWERS[step] if data is None else data).items()}
    payload |= extra
    return client.post(step_url(lang, step), payload)


def walk(client, lang, steps, answers=None):
    """Post each step in turn; each must lead to the next one."""
    answers = answers or {}
    response = None
    for index, step in enumerate(steps):
        response = post(client, lang, step, answers.get(step))
        assert response.status_code == 302, (step, _errors(response))
        if index + 1 < len(steps):
            assert response["Location"] == step_url(lang, steps[index + 1]), step
    return response


def _errors(response):
    return re.findall(FEEDBACK + r"([^<]*)", response.content.decode())


FEEDBACK = r'class="invalid-feedback">\s*<span[^>]*><strong>'


def submit(client, lang):
    """Post the review step: formtools redirects to the done URL, which redirects to the result."""
    response = post(client, lang, "review")
    assert response["Location"] == step_url(lang, "finished"), _errors(response)
    return client.get(response["Location"])


SINGLE = ["about", "education", "languages", "work", "connections", "contact", "review"]


def test_root_redirects_to_english_wizard(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0] == "/en/assessment/"
    assert response.redirect_chain[-1][0] == "/en/assessment/about/"
    assert b"Step 1 of" in response.content


PAGE_TEXT = {
    "en": {"step": "Step 9 of 9", "fsw": "Federal Skilled Worker grid"},
    "fr": {"step": "Étape 9 sur 9", "fsw": "Grille des travailleurs qualifiés (fédéral)"},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_married_with_spouse_and_job_offer(client, django_capture_on_commit_callbacks, lang):
    answers = {"about": ANSWERS["about"] | {"marital_status": "married", "has_job_offer": "yes"}}
    steps = ["about", "spouse", "education", "languages", "work", "job_offer"]
    steps += ["connections", "contact"]
    walk(client, lang, steps, answers)
    review = client.get(step_url(lang, "review"))
    assert PAGE_TEXT[lang]["step"] in review.content.decode()
    assert "Priya Sharma" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, lang)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    prefix = f"/{lang}/assessment/result/"
    assert response["Location"].startswith(prefix)
    token = response["Location"].removeprefix(prefix).rstrip("/")
    assert public_id_from_token(token) == assessment.public_id  # signed with the time: no ==
    assert assessment.profile["spouse"]["accompanying"] is True
    assert assessment.profile["job_offer"]["province"] == "BC"
    assert assessment.email == "priya@example.com"
    assert assessment.consent_text_version
    assert assessment.idempotency_key

    # A second click on submit lands on the same result and creates nothing.
    again = post(client, lang, "review")
    assert again.status_code == 302
    assert again["Location"] == response["Location"]
    assert Assessment.objects.count() == 1

    page = client.get(response["Location"])
    assert page.status_code == 200
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SCORED
    assert f">{assessment.crs_total} <" in page.content.decode()
    assert PAGE_TEXT[lang]["fsw"] in page.content.decode()


def test_single_without_job_offer_in_french(client, django_capture_on_commit_callbacks):
    answers = {"contact": ANSWERS["contact"] | {"language": "fr"}}
    walk(client, "fr", SINGLE[:-1], answers)
    review = client.get(step_url("fr", "review"))
    assert "Étape 7 sur 7" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, "fr")
    assessment = Assessment.objects.get()
    assert response["Location"].startswith("/fr/assessment/result/")
    assert "spouse" not in assessment.profile
    assert assessment.profile["job_offer"] is None
    assert assessment.language == "fr"
    page = client.get(response["Location"]).content.decode()
    assert "Votre évaluation" in page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_quebec_path(client, django_capture_on_commit_callbacks, lang):
    answers = {"about": ANSWERS["about"] | {"intended_province": "QC"}}
    steps = ["about", "education", "languages", "work", "connections", "quebec", "contact"]
    walk(client, lang, steps, answers)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, lang)
    assessment = Assessment.objects.get()
    assert assessment.profile["quebec"]["francization_agreement"] is True
    assert assessment.intended_province == "QC"


def test_result_page_while_scoring_refreshes(client, monkeypatch):
    walk(client, "en", SINGLE[:-1])
    # Scoring in the request fails (a fault that can't be caused from outside): the worker's
    # task is queued, and it never runs here (on_commit callbacks are not run).
    monkeypatch.setattr(
        "assessments.services.score_best_language_order", mock.Mock(side_effect=RuntimeError)
    )
    submit(client, "en")
    assessment = Assessment.objects.get()
    page = client.get(f"/en/assessment/result/{result_token(assessment)}/").content.decode()
    assert "We are computing your result" in page
    assert 'http-equiv="refresh" content="3"' in page


def test_validation_error_keeps_other_values_and_shows_summary(client):
    data = ANSWERS["languages"] | {"first_writing": "6.3"}
    post(client, "en", "about")
    post(client, "en", "education")
    response = post(client, "en", "languages", data)
    assert response.status_code == 200
    html = response.content.decode()
    message = "IELTS scores go from 0 to 9 in half bands (6.5, 7, 7.5...)."
    assert re.search(FEEDBACK + re.escape(message), html)
    assert 'href="#id_languages-first_writing"' in html
    assert 'value="6.3"' in html  # what was typed stays
    assert 'value="8"' in html and 'value="7"' in html


@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        ("about", {"date_of_birth": "2015-01-01"}, "date_of_birth", "aged 16 to 80"),
        ("about", {"date_of_birth": "2999-01-01"}, "date_of_birth", "in the future"),
        ("languages", {"first_test": "pte_core", "first_reading": "95"}, "first_reading", "PTE"),
        ("languages", {"first_test": "tcf_canada", "first_writing": "21"}, "first_writing", "TCF"),
        ("languages", {"second_test": "celpip_general"}, "second_test", "other official"),
        ("work", {"0-end": "2018-01-01", "0-current": ""}, "0-end", "before the start"),
        ("work", {"0-current": ""}, "0-end", "Give the end date"),
        ("work", {"0-noc": "99999"}, "0-noc", "We do not know this NOC code"),
        ("work", {"0-country": "CA"}, "0-province", "province"),
    ],
)
def test_cross_field_checks(client, step, data, field, message):
    walk(client, "en", SINGLE[: SINGLE.index(step)])
    response = post(client, "en", step, ANSWERS[step] | data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#id_{step}-{field}"' in html
    assert message in html


def test_back_keeps_typed_data_without_validating(client):
    post(client, "en", "about")
    half = {"level": "bachelors", "has_eca": ""}  # has_eca missing: invalid
    response = post(client, "en", "education", half, wizard_goto_step="about")
    assert response["Location"] == step_url("en", "about")
    page = client.get(step_url("en", "education")).content.decode()
    assert re.search(r'value="bachelors"[^>]*checked', page)


def test_add_row_without_javascript(client):
    post(client, "en", "about")
    data = ANSWERS["work"] | {"TOTAL_FORMS": "1"}
    response = post(client, "en", "work", data, wizard_add_row="1")
    assert response["Location"] == step_url("en", "work")
    page = client.get(step_url("en", "work")).content.decode()
    assert 'name="work-1-noc"' in page
    assert 'value="21231"' in page


def test_language_switch_keeps_answers(client):
    post(client, "en", "about")
    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": step_url("en", "education")}
    )
    assert response["Location"] == step_url("fr", "education")
    page = client.get(step_url("fr", "about")).content.decode()
    assert 'value="1995-03-14"' in page
    assert "Date de naissance" in page


def test_edit_from_review_comes_back_to_review(client):
    walk(client, "en", SINGLE[:-1])
    review = client.get(step_url("en", "review")).content.decode()
    assert 'href="/en/assessment/education/?from=review"' in review
    client.get(step_url("en", "education") + "?from=review")
    response = post(client, "en", "education", ANSWERS["education"] | {"level": "doctoral"})
    assert response["Location"] == step_url("en", "review")
    assert "Doctoral degree (PhD)" in client.get(step_url("en", "review")).content.decode()


def test_edit_that_opens_a_step_goes_to_it_first(client):
    walk(client, "en", SINGLE[:-1])
    client.get(step_url("en", "about") + "?from=review")
    response = post(client, "en", "about", ANSWERS["about"] | {"marital_status": "married"})
    assert response["Location"] == step_url("en", "spouse")


def test_every_translation_is_filled_in():
    from pathlib import Path

    po = (Path(__file__).parent.parent / "locale/fr/LC_MESSAGES/django.po").read_text()
    entries = po.split("\n\n")[1:]
    untranslated = [e for e in entries if re.search(r'^msgstr ""\Z', e.strip(), re.M)]
    assert not untranslated
    assert "#, fuzzy" not in po


def test_language_button_keeps_what_was_typed_on_the_step(client):
    post(client, "en", "about")
    typed = {"level": "doctoral"}  # incomplete: kept unvalidated
    response = post(client, "en", "education", typed, wizard_language="fr")
    assert response["Location"] == step_url("fr", "education")
    page = client.get(response["Location"]).content.decode()
    assert re.search(r'value="doctoral"[^>]*checked', page)
    assert "Étape 2 sur" in page
    assert 'name="wizard_language" value="en"' in page


def test_radio_error_links_to_first_option(client):
    response = post(client, "en", "about", ANSWERS["about"] | {"has_job_offer": ""})
    assert 'href="#id_about-has_job_offer_0"' in response.content.decode()


def test_expired_session_gets_a_friendly_page(client):
    response = post(client, "en", "languages")
    assert response.status_code == 400
    assert b"Your session has expired" in response.content


def test_contract_error_at_submit_keeps_the_answers(client):
    walk(client, "en", SINGLE[:-1])
    error = AssessmentError("date_of_birth", "Something the forms missed.")
    with mock.patch("assessments.wizard.views.assessment_submit", side_effect=error):
        response = submit(client, "en")
    assert response.status_code == 200
    assert b"Something the forms missed." in response.content
    assert Assessment.objects.count() == 0
    page = client.get(step_url("en", "about")).content.decode()
    assert 'value="1995-03-14"' in page


def test_save_and_continue_emails_a_link_that_restores_the_step(
    client, settings, django_capture_on_commit_callbacks
):
    post(client, "en", "about")
    post(client, "en", "education")
    typed = ANSWERS["languages"] | {"first_listening": "8.5"}
    response = post(client, "en", "languages", typed, wizard_save="1")
    assert response["Location"] == "/en/assessment/save/"
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends it on commit
        response = client.post("/en/assessment/save/", {"email": "later@example.com"})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["later@example.com"]
    site = re.escape(settings.PUBLIC_BASE_URL)
    link = re.search(site + r"(/en/assessment/resume/\S+/)", mail.outbox[0].body)[1]
    draft = WizardDraft.objects.get()
    assert draft.step == "languages"
    assert draft.expires_at.date() == (draft.created_at + timedelta(days=30)).date()

    client.cookies.clear()  # another browser, days later
    response = client.get(link)
    assert response["Location"] == step_url("en", "languages")
    page = client.get(response["Location"]).content.decode()
    assert 'value="8.5"' in page
    assert "Step 3 of" in page


def test_expired_link_gets_a_friendly_page(client):
    draft = WizardDraft.objects.create(
        email="x@example.com", step="about", data={}, expires_at=timezone.now() + timedelta(days=1)
    )
    old = time.time() - 31 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=old):
        token = signing.dumps(str(draft.token), salt=DRAFT_SALT)
    response = client.get(f"/en/assessment/resume/{token}/")
    assert response.status_code == 410
    assert b"This link no longer works" in response.content


def test_tampered_link_gets_a_friendly_page(client):
    response = client.get("/fr/assessment/resume/not-a-token/")
    assert response.status_code == 410
    assert "Ce lien ne fonctionne plus" in response.content.decode()


def test_tampered_result_token_is_a_friendly_404(client):
    response = client.get("/en/assessment/result/abc:def/")
    assert response.status_code == 404
    assert b"We cannot find this result" in response.content


@pytest.mark.parametrize("step", ["bogus", "spouse"])
def test_tampered_or_skipped_step_is_a_friendly_page(client, step):
    post(client, "en", "about")  # single: no spouse step
    response = client.post(step_url("en", "education"), {"assessment-current_step": step})
    assert response.status_code == 400
    assert b"Please start again" in response.content


@pytest.mark.parametrize("total", ["abc", "5000"])
def test_tampered_row_count_is_not_a_server_error(client, total):
    walk(client, "en", SINGLE[:3])
    data = ANSWERS["work"] | {"TOTAL_FORMS": total}
    assert post(client, "en", "work", data).status_code == 200
    added = post(client, "en", "work", data, wizard_add_row="1")
    assert client.get(added["Location"]).status_code == 200


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/fr/nowhere/")
    assert response.status_code == 404
    assert "Nous ne trouvons pas cette page" in response.content.decode()


def test_tampered_management_form_is_a_friendly_page(client):
    response = client.post(step_url("en", "about"), {"about-marital_status": "married"})
    assert response.status_code == 400
    assert b"Please start again" in response.content


def test_occupation_search(client):
    response = client.get("/fr/assessment/occupations/", {"q": "developpeur"})
    results = response.json()["results"]
    assert results
    assert any("veloppeu" in r["title"] for r in results)
    by_code = client.get("/en/assessment/occupations/", {"q": "2173"}).json()["results"]
    assert "21231" in [r["code"] for r in by_code]


MARRIED_QC = ["about", "spouse", "education", "languages", "work", "job_offer", "connections"]
MARRIED_QC += ["quebec", "contact", "review"]


# A savepoint and its release (ATOMIC_REQUESTS), the session, the site settings. The review
# validates every step (a query per NOC code: three here) and stores its idempotency key.
QUERY_LIMITS = {"review": 10}


@pytest.mark.parametrize("step", MARRIED_QC)
def test_each_step_renders_within_few_queries(client, step, django_assert_max_num_queries):
    about = ANSWERS["about"] | {
        "marital_status": "married",
        "has_job_offer": "yes",
        "intended_province": "QC",
    }
    spouse = ANSWERS["spouse"] | {
        "canadian_work_noc": "21231",
        "canadian_work_start": "2022-01-01",
        "canadian_work_hours": "40",
    }
    walk(client, "en", MARRIED_QC[: MARRIED_QC.index(step)], {"about": about, "spouse": spouse})
    with django_assert_max_num_queries(QUERY_LIMITS.get(step, 4)):
        response = client.get(step_url("en", step))
    assert response.status_code == 200


def test_only_answers_write_the_session(client):
    """A first visit creates no session and a page view does not write it again; an answer does."""
    assert client.get(step_url("en", "about")).status_code == 200
    assert not Session.objects.exists()
    post(client, "en", "about")
    saved = Session.objects.get().session_data
    with CaptureQueriesContext(connection) as queries:
        assert client.get(step_url("en", "education")).status_code == 200
    assert [q["sql"] for q in queries if "django_session" in q["sql"]] == [
        q["sql"] for q in queries if q["sql"].startswith('SELECT "django_session"')
    ]
    assert Session.objects.get().session_data == saved
    post(client, "en", "education")
    assert Session.objects.get().session_data != saved
    assert client.get(step_url("en", "languages")).status_code == 200  # the answers were kept
