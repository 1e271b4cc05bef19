"""Random and hostile data on every wizard step and the wizard's side pages: never a 500, and
posted markup never comes back unescaped.

Each example starts from the same session: a full walk (married, job offer, Quebec, so every
conditional step exists) that reached the review. It then posts a hostile body to one step -
fields missing, extra or of the wrong type, huge or NUL-laden strings, a tampered management
form or row count, the Back / save / add-row / language buttons with odd values - and follows
the redirect and opens the review, which re-validates everything the post may have stored raw.
The Django test client re-raises a view's exception, so a server error fails with its traceback.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessments.wizard.forms import FORMS, JobFormSet
from assessments.wizard.views import SESSION_KEY, WIZARD_PREFIX
from tests.strategies import around_working_age, extreme_dates, unstorable_text
from tests.test_wizard import ANSWERS, walk

pytestmark = pytest.mark.django_db

STEPS = [name for name, _form in FORMS]
LANGS = ["en", "fr"]
ABOUT_ALL_STEPS = ANSWERS["about"] | {
    "marital_status": "married",
    "has_job_offer": "yes",
    "intended_province": "QC",
}
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE assessments_assessment; --",
    "%s%s%n{0}{{7*7}}",
    "../../../../etc/passwd",
    "-1",
    "-99999999999999999999",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "9" * 5000,
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "1900-01-01",
    "on",
    "yes",
    "no",
    "true",
    "null",
    "[]",
    "{}",
    "\u202eevil",
    "\ufeff21231",
    "\uff12\uff11\uff12\uff13\uff11",  # full-width digits
    "٢١٢٣١",  # Arabic-Indic digits
    "\U0001d7d0\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7cf",  # mathematical digits
    "🍁" * 50,
]
# Every character a browser can send; lone surrogates and NUL are added below (`unstorable_text`,
# sent as the bytes a client could write: `form_post`).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
huge_text = st.builds(
    lambda char, size: char * size,
    st.sampled_from(["a", "é", "\x00", "9", "<"]),
    st.sampled_from([1_000, 60_000, 600_000]),  # the last one is over the request size limit
)
numbers = st.integers().map(str) | st.floats().map(str)
hostile = st.sampled_from(NASTY) | any_text | numbers | huge_text | unstorable_text
# One value, or a key repeated (QueryDict keeps them all; forms read the last one).
hostile_value = hostile | st.lists(hostile, min_size=0, max_size=3)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The wizard's rate limits count posts per IP: the fuzz test posts far more than an applicant.
NO_LIMITS = override_settings(
    WIZARD_POST_RATE="1000000/m",
    RESUME_RATE="1000000/m",
    PRIVACY_RATE="1000000/m",
    SAVE_DRAFT_RATE="1000000/m",
)


def form_post(client, url: str, body: dict[str, Any]):
    """POST `body` urlencoded by hand: a lone surrogate goes out as its UTF-8-like bytes
    (ED A0 80), which a client can send and the test client's own encoder refuses."""
    encoded = urlencode(body, doseq=True, encoding="utf-8", errors="surrogatepass")
    return client.post(url, encoded, content_type="application/x-www-form-urlencoded")


def form_get(client, url: str, query: dict[str, Any]):
    """GET with the query string encoded as `form_post` encodes a body."""
    encoded = urlencode(query, doseq=True, encoding="utf-8", errors="surrogatepass")
    return client.get(f"{url}?{encoded}" if encoded else url)


def _field_names(step: str) -> list[str]:
    """The posted names of a step's fields (with the formset's management form and 3 rows)."""
    form_class = dict(FORMS)[step]
    if form_class is JobFormSet:
        formset = JobFormSet(prefix=step)
        row = formset.empty_form
        names = [
            formset.management_form.add_prefix(name) for name in formset.management_form.fields
        ]
        return names + [f"{step}-{i}-{name}" for i in range(3) for name in row.fields]
    return [f"{step}-{name}" for name in form_class(prefix=step).fields]


def _valid(step: str) -> dict[str, str]:
    answers = ABOUT_ALL_STEPS if step == "about" else ANSWERS[step]
    return {f"{step}-{key}": value for key, value in answers.items()}


@st.composite
def step_bodies(draw: st.DrawFn, step: str) -> dict[str, Any]:
    """A POST body for `step`: each field kept valid, left out or made hostile, plus extras."""
    valid = _valid(step)
    body: dict[str, Any] = {}
    for name in _field_names(step):
        choice = draw(st.sampled_from(["valid", "missing", "hostile"]))
        if choice == "valid" and name in valid:
            body[name] = valid[name]
        elif choice == "hostile":
            body[name] = draw(hostile_value)
    body |= draw(st.dictionaries(any_text, hostile_value, max_size=3))
    management = f"{WIZARD_PREFIX}-current_step"
    body[management] = draw(st.just(step) | st.sampled_from([*STEPS, "finished"]) | hostile_value)
    if draw(st.integers(0, 9)) == 0:
        del body[management]
    buttons = {
        "wizard_goto_step": st.sampled_from(STEPS) | hostile_value,
        "wizard_save": hostile,
        "wizard_add_row": hostile,
        "wizard_language": st.sampled_from(LANGS) | hostile,
    }
    for button, values in buttons.items():
        if draw(st.integers(0, 5)) == 0:
            body[button] = draw(values)
    return body


@pytest.fixture(autouse=True)
def _forget_rate_counts():
    """The save form counts posts per IP in the cache (10 an hour): these tests post far more,
    and must not leave the tests that run after them in this process rate limited."""
    yield
    cache.clear()


_walked: dict[str, Any] = {}


def _start_at_review(client) -> None:
    """Put the session of a full walk (up to the review) in the client's session."""
    if not _walked:
        walk(client, "en", STEPS[:-1], {"about": ABOUT_ALL_STEPS})
        _walked.update(copy.deepcopy(client.session[SESSION_KEY]))
    session = client.session
    session[SESSION_KEY] = copy.deepcopy(_walked)
    session.save()


def _safe(response) -> None:
    """Not a server error, and no posted markup comes back unescaped (the page redisplays what
    was typed, and the review shows stored answers)."""
    assert response.status_code < 500
    content = response.content
    assert b"<script>alert(1)</script>" not in content
    assert b"<img src=x onerror" not in content


def _follow(client, response, hops: int = 3) -> None:
    """GET where the wizard sends the applicant, as a browser would; each must be safe."""
    for _ in range(hops):
        location = response.get("Location", "")
        if response.status_code not in (301, 302) or not location.startswith("/"):
            return
        response = client.get(location)
        _safe(response)


@NO_LIMITS
@pytest.mark.parametrize("step", STEPS)
@FUZZ
@given(data=st.data(), lang=st.sampled_from(LANGS))
def test_hostile_post_to_a_step_is_never_a_server_error(client, step, data, lang):
    body = data.draw(step_bodies(step), label="body")
    _start_at_review(client)
    response = form_post(client, f"/{lang}/assessment/{step}/", body)
    _safe(response)
    _follow(client, response)
    review = client.get(f"/{lang}/assessment/review/")
    _safe(review)
    _follow(client, review)


@NO_LIMITS
@FUZZ
@given(
    step=st.sampled_from([*STEPS, "finished"]) | any_text.filter(lambda s: "/" not in s),
    query=st.dictionaries(st.sampled_from(["from", "reset", "q"]) | any_text, hostile, max_size=2),
    fresh=st.booleans(),
)
def test_any_step_url_and_query_is_never_a_server_error(client, step, query, fresh):
    if not fresh:
        _start_at_review(client)
    response = form_get(client, f"/en/assessment/{step}/", query)
    assert response.status_code < 500
    _follow(client, response)


@NO_LIMITS
@FUZZ
@given(q=hostile)
@example(q="develop\x00peur")  # was a 500: PostgreSQL text cannot hold NUL
def test_occupation_search_with_any_query(client, q):
    response = form_get(client, "/en/assessment/occupations/", {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


@NO_LIMITS
@FUZZ
@given(
    stored=st.dictionaries(st.sampled_from(_field_names("contact")) | any_text, hostile_value),
    email=st.emails() | hostile_value,
)
@example(stored={"contact-name": "\x00"}, email="ada@example.org")  # was a 500: jsonb and NUL
def test_save_for_later_with_hostile_answers_and_email(client, stored, email):
    cache.clear()  # the save form's own limit (10 an hour per IP) would hide the rest
    _start_at_review(client)
    saved = form_post(
        client,
        "/en/assessment/contact/",
        stored | {f"{WIZARD_PREFIX}-current_step": "contact", "wizard_save": "1"},
    )
    assert saved.status_code < 500
    response = form_post(client, "/en/assessment/save/", {"email": email})
    assert response.status_code < 500


@NO_LIMITS
@FUZZ
@given(token=any_text.filter(lambda s: "/" not in s and s.strip()) | st.sampled_from(NASTY[4:]))
def test_resume_and_result_links_with_any_token(client, token):
    for page in ("resume", "result"):
        response = client.get(f"/en/assessment/{page}/{token}/")
        assert response.status_code < 500


def test_empty_posts_to_save_for_later_past_its_limit(client, settings):
    """Was a 500: the limit's error was added to an unbound form (an empty POST)."""
    cache.clear()
    settings.SAVE_DRAFT_RATE = "10/h"
    _start_at_review(client)
    statuses = [client.post("/en/assessment/save/").status_code for _ in range(12)]
    assert statuses == [200] * 10 + [429] * 2


def test_posted_markup_is_shown_escaped(client):
    """The check `_safe` relies on: what was typed comes back, escaped."""
    _start_at_review(client)
    body = _valid("education") | {
        "education-field_of_study": NASTY[4],
        "education-level": "bogus",  # an error: the page shows the answers again
        f"{WIZARD_PREFIX}-current_step": "education",
    }
    response = client.post("/en/assessment/education/", body)
    assert response.status_code == 200
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    _safe(response)


# --- Extreme dates in every date field of the wizard (tests/strategies.py: extreme_dates) ---

DATE_FIELDS = {
    "about": ["date_of_birth"],
    "spouse": ["spouse_date", "canadian_work_start", "canadian_work_end"],
    "languages": ["first_date", "second_date"],
    "work": ["0-start", "0-end", "1-start"],
}


@NO_LIMITS
@pytest.mark.parametrize("step", sorted(DATE_FIELDS))
@FUZZ
@given(data=st.data(), lang=st.sampled_from(LANGS))
def test_extreme_dates_on_a_step_then_submitting_is_never_a_server_error(client, step, data, lang):
    """Valid answers but for one or two dates; then the review is posted. Its done URL must
    redirect: to the result, or to a step whose answers no longer hold. A 200 there is done()
    refusing what every step's clean() let through (the engine's checks and the wizard's must
    agree)."""
    body = _valid(step) | {f"{WIZARD_PREFIX}-current_step": step}
    born = date.fromisoformat(ANSWERS["about"]["date_of_birth"])
    for name in data.draw(st.sets(st.sampled_from(DATE_FIELDS[step]), min_size=1, max_size=2)):
        days = around_working_age(born) | extreme_dates if name.endswith("start") else extreme_dates
        body[f"{step}-{name}"] = data.draw(days).isoformat()
    if step == "languages" and data.draw(st.booleans()):  # a second test, so its date counts
        body |= {f"languages-second_{a}": "500" for a in ("listening", "reading")}
        body |= {f"languages-second_{a}": "10" for a in ("writing", "speaking")}
        body["languages-second_test"] = data.draw(st.sampled_from(["tef_canada", "tcf_canada"]))
    _start_at_review(client)
    response = client.post(f"/{lang}/assessment/{step}/", body)
    _safe(response)
    _follow(client, response)
    review = client.post(f"/{lang}/assessment/review/", {f"{WIZARD_PREFIX}-current_step": "review"})
    _safe(review)
    assert review["Location"] == f"/{lang}/assessment/finished/"
    done = client.get(review["Location"])
    _safe(done)
    assert done.status_code == 302, done.content.decode()[-3000:]
    _follow(client, done)
