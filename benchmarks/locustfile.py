"""Applicants walking the whole wizard, for benchmarks/load_wizard.sh (locust, headless).

Each iteration is a new applicant (a fresh session): GET each step, POST valid answers, expect
the redirect to the next step and GET it, then submit the review and follow the redirects to the
result page. Half the applicants are single (7 steps), half married with a job offer and Quebec
(all 10 steps). Requests are named "GET <step>" / "POST <step>" so the figures come out per step. FastHttpUser
(geventhttpclient) keeps the load generator's own CPU use small: it shares the 2 cores.
A step that does not answer as an applicant's browser expects (a 500, a form error, a redirect
elsewhere) is a failure. The pause between steps is LOAD_THINK_MIN..LOAD_THINK_MAX seconds.
"""

from __future__ import annotations

import os
import random
from datetime import date, timedelta
from typing import Any

from locust import FastHttpUser, between, task

PREFIX = "assessment"
LANG = "en"
TODAY = date.today()

ANSWERS: dict[str, dict[str, str]] = {
    "about": {
        "date_of_birth": "1993-03-14",
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
    },
    "work": {
        "TOTAL_FORMS": "1",
        "INITIAL_FORMS": "0",
        "MIN_NUM_FORMS": "0",
        "MAX_NUM_FORMS": "30",
        "0-noc": "21231",
        "0-title": "Software engineer",
        "0-country": "IN",
        "0-start": "2019-01-01",
        "0-current": "on",
        "0-hours_per_week": "40",
    },
    "job_offer": {"noc": "21231", "province": "QC", "full_time": "yes", "lmia_or_exempt": "yes"},
    "connections": {"family_size": "2", "settlement_funds_cad": "30000"},
    "quebec": {
        "intends_to_live_in_quebec": "yes",
        "quebec_diploma": "none",
        "holds_quebec_job_offer": "yes",
        "francization_agreement": "yes",
    },
    "contact": {
        "name": "Load Test",
        "email": "load@example.com",
        "language": "en",
        "consent": "on",
    },
    "review": {},
}
SINGLE = ["about", "education", "languages", "work", "connections", "contact", "review"]
MARRIED = ["about", "spouse", "education", "languages", "work", "job_offer", "connections"]
MARRIED += ["quebec", "contact", "review"]
MARRIED_ABOUT = ANSWERS["about"] | {
    "marital_status": "married",
    "has_job_offer": "yes",
    "intended_province": "QC",
}


def step_url(step: str) -> str:
    return f"/{LANG}/assessment/{step}/"


class Applicant(FastHttpUser):
    wait_time = between(
        float(os.environ.get("LOAD_THINK_MIN", "1")), float(os.environ.get("LOAD_THINK_MAX", "3"))
    )

    @task
    def walk_the_wizard(self) -> None:
        self.client.cookiejar.clear()  # a new applicant, a new session
        married = random.random() < 0.5  # a mix of paths (not a secret: bandit B311 is moot)
        steps = MARRIED if married else SINGLE
        self._get(f"/{LANG}/assessment/", "GET start", expect_redirect_to=step_url("about"))
        self._get(step_url("about"), "GET about")
        for index, step in enumerate(steps):
            self.wait()
            answers = MARRIED_ABOUT if married and step == "about" else ANSWERS[step]
            following = steps[index + 1] if index + 1 < len(steps) else "finished"
            self._post(step, answers, expect_redirect_to=step_url(following))
            if following != "finished":
                self._get(step_url(following), f"GET {following}")
        result = self._get(step_url("finished"), "GET finished (submit)", expect_result=True)
        if result:
            self._get(result, "GET result")

    def _post(self, step: str, answers: dict[str, Any], *, expect_redirect_to: str) -> None:
        data = {f"{step}-{key}": value for key, value in answers.items()}
        data[f"{PREFIX}-current_step"] = step
        data["csrfmiddlewaretoken"] = next(
            (c.value for c in self.client.cookiejar if c.name == "csrftoken"), ""
        )
        with self.client.post(
            step_url(step),
            data=data,
            name=f"POST {step}",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or location != expect_redirect_to:
                why = response.error or f"{response.status_code} to {location!r}"
                response.failure(f"{why}, not {expect_redirect_to}")

    def _get(
        self, url: str, name: str, *, expect_redirect_to: str = "", expect_result: bool = False
    ) -> str:
        """GET without following; returns the Location of an expected redirect."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if expect_result:
                ok = response.status_code == 302 and "/assessment/result/" in location
            elif expect_redirect_to:
                ok = response.status_code == 302 and location == expect_redirect_to
            else:
                ok = response.status_code == 200
            if not ok:
                response.failure(response.error or f"{response.status_code} to {location!r}")
                return ""
            return location
