"""An applicant in a real browser: fills a step, moves on, and records what went wrong on the way.

Every page visited is checked the same way: HTTP 200, no console error or uncaught exception
(a Content-Security-Policy violation is a console error), and, when asked, axe-core finds no
serious or critical violation and nothing is wider than the viewport.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response

from programs.scoring import toronto_today

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""
SERIOUS = {"serious", "critical"}
STEP_URL = re.compile(r"/(en|fr)/assessment/([a-z_]+)/$")
NEXT_BUTTON = "#wizard-form .wizard-buttons .btn-primary"


class Applicant:
    """One browser context (its own session cookie) walking the wizard."""

    def __init__(
        self,
        browser: Browser,
        base_url: str,
        *,
        axe_source: str | None = None,
        javascript: bool = True,
        viewport: dict[str, int] | None = None,
    ) -> None:
        self.base_url = base_url
        self.problems: list[str] = []
        self.axe_findings: list[str] = []
        self.checked_pages: list[str] = []
        self.viewport = viewport or {"width": 1280, "height": 900}
        self.context: BrowserContext = browser.new_context(
            java_script_enabled=javascript, viewport=self.viewport
        )
        if axe_source:
            # An init script is added through the DevTools protocol, not as a page <script>, so
            # the site's Content-Security-Policy stays enforced (and its violations visible).
            self.context.add_init_script(script=axe_source)
        self.axe = bool(axe_source)
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))

    def close(self) -> None:
        self.context.close()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    # --- moving around ---

    def open(self, path: str) -> Response:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        return response

    @property
    def step(self) -> str:
        match = STEP_URL.search(self.page.url)
        return match.group(2) if match else ""

    def next(self, expected: str) -> None:
        """Press the step's main button and land on `expected` (a step name or 'result')."""
        with self.page.expect_navigation():
            self.page.click(NEXT_BUTTON)
        if expected == "result":
            assert "/assessment/result/" in self.page.url, (self.page.url, self.error_summary())
        else:
            assert self.step == expected, (self.page.url, self.error_summary())

    def error_summary(self) -> str:
        summary = self.page.locator("#error-summary")
        return summary.inner_text() if summary.count() else ""

    # --- answering ---

    def answer(self, step: str, answers: dict[str, Any]) -> None:
        for name, value in answers.items():
            self.fill(f"{step}-{name}", value)

    def fill(self, name: str, value: Any) -> None:
        field = self.page.locator(f'[name="{name}"]')
        kind = field.first.evaluate("el => el.tagName === 'SELECT' ? 'select' : el.type")
        if kind == "select":
            field.select_option(str(value))
        elif kind == "radio":
            self.page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "checkbox":
            field.set_checked(bool(value))
        else:
            field.fill(str(value))

    def pick_occupation(self, name: str, query: str, code: str) -> None:
        """Type a job title and pick the occupation from the search list (needs JavaScript)."""
        field = self.page.locator(f'[name="{name}"]')
        field.fill("")
        field.press_sequentially(query, delay=20)
        option = self.page.locator(f'#{field.get_attribute("id")}_results [data-code="{code}"]')
        option.click()
        assert field.input_value() == code

    # --- checking the page ---

    def check_page(self) -> None:
        """Axe-core and the width check on the page now shown; findings pile up for the test."""
        self.checked_pages.append(self.page.url)
        if self.axe:
            for v in self.page.evaluate(AXE_RUN):
                if v["impact"] in SERIOUS:
                    self.axe_findings.append(
                        f"{self.page.url}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
                    )
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > self.viewport["width"]:
            self.problems.append(
                f"{self.page.url}: {width}px wide in a {self.viewport['width']}px viewport"
            )


def iso(days_ago: int) -> str:
    return (toronto_today() - timedelta(days=days_ago)).isoformat()
