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
from typing import Any

from locust import FastHttpUser, between, task

from benchmarks.load_answers import LANG, post_data, step_url, walk


class Applicant(FastHttpUser):
    wait_time = between(
        float(os.environ.get("LOAD_THINK_MIN", "1")), float(os.environ.get("LOAD_THINK_MAX", "3"))
    )

    @task
    def walk_the_wizard(self) -> None:
        self.client.cookiejar.clear()  # a new applicant, a new session
        married = random.random() < 0.5  # a mix of paths (not a secret: bandit B311 is moot)
        steps = walk(married)
        self._get(f"/{LANG}/assessment/", "GET start", expect_redirect_to=step_url("about"))
        self._get(step_url("about"), "GET about")
        for index, (step, answers) in enumerate(steps):
            self.wait()
            following = steps[index + 1][0] if index + 1 < len(steps) else "finished"
            self._post(step, answers, expect_redirect_to=step_url(following))
            if following != "finished":
                self._get(step_url(following), f"GET {following}")
        result = self._get(step_url("finished"), "GET finished (submit)", expect_result=True)
        if result:
            self._get(result, "GET result")

    def _post(self, step: str, answers: dict[str, Any], *, expect_redirect_to: str) -> None:
        data = post_data(step, answers)
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
