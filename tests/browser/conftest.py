"""Browser tests: Playwright for Python drives Debian's Chromium against pytest-django's live server.

They need `/usr/bin/chromium` (`apt-get install chromium`; Playwright never downloads a browser
here) and axe-core from npm (`npm ci` at the repository root). Without either, the tests are
skipped, or fail under REQUIRE_SERVICES=1, as the service tests in tests/conftest.py do, so CI
cannot go green by skipping them.

live_server tests are transactional: each one ends by emptying every table. pytest-django runs
them after all the other database tests of a worker (xdist included), but other transactional
tests may follow on that worker and expect the shipped rules: each browser test reloads them
after its flush (`pytest_runtest_teardown`), and before it starts if they are missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Set on a live server test: the database blocker to reload the reference data with after it.
FLUSHED_BY = pytest.StashKey[object]()


def _missing() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        missing.append(f"{AXE.relative_to(AXE.parents[2])} (npm ci)")
    return missing


def pytest_runtest_setup(item: pytest.Item | None) -> None:
    missing = _missing()
    if not missing:
        return
    detail = f"browser tests need {', '.join(missing)}"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1: {detail}", pytrace=False)
    pytest.skip(detail)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After the test's fixtures are gone, the live server test's flush included."""
    result = yield
    blocker = item.stash.get(FLUSHED_BY, None)
    if blocker is not None:
        from tests.reference import reload_reference_data

        with blocker.unblock():
            reload_reference_data()
    return result


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per xdist worker; each test opens its own context (cookies, size)."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop in this thread while it runs; Django then
        # refuses the tests' own ORM calls (flush, reference data, reading the assessment),
        # which are plain synchronous code all the same.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def reference_data(request, live_server, django_db_blocker) -> None:
    """The shipped programs, grids and occupations: reloaded now when an earlier transactional
    test's flush emptied them, and after this test's own flush (see pytest_runtest_teardown)."""
    from programs.loader import clear_cache
    from programs.models import Program
    from tests.reference import reload_reference_data

    request.node.stash[FLUSHED_BY] = django_db_blocker

    if Program.objects.exists():
        clear_cache()
    else:
        reload_reference_data()


@pytest.fixture
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def base_url(live_server, reference_data) -> Iterator[str]:
    yield live_server.url
