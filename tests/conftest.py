"""Test-wide hooks: which services answered, and what happens to the tests that need them.

scripts/test probes PostgreSQL and Redis and exports MAPLE_SERVICES (e.g. "postgres,redis"),
MAPLE_TEST_DATABASE and MAPLE_REDIS_URL. A test that needs a service (marker `services`, or the
fixtures `postgres_required` / `redis_url`) is skipped when that service did not answer, and fails
instead when REQUIRE_SERVICES=1, so CI cannot go green by skipping them.
"""

import os
import re

import pytest

SERVICE_NAMES = {"postgres": "PostgreSQL", "redis": "Redis"}
FIXTURE_SERVICES = {"postgres_required": "postgres", "redis_url": "redis"}
SKIP_REASON = "PostgreSQL/Redis not available"


def _available() -> set[str]:
    return {s.strip() for s in os.environ.get("MAPLE_SERVICES", "").split(",") if s.strip()}


def _required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def _hide_password(url: str) -> str:
    return re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", url)


def pytest_report_header(config):
    available = _available()
    database = os.environ.get("MAPLE_TEST_DATABASE", "")
    redis = os.environ.get("MAPLE_REDIS_URL", "")
    lines = [
        "database: "
        + (
            f"PostgreSQL {_hide_password(database)}"
            if "postgres" in available and database
            else "SQLite (PostgreSQL tests skipped)"
        ),
        "redis: "
        + (
            _hide_password(redis)
            if "redis" in available and redis
            else "none (Redis tests skipped)"
        ),
    ]
    if _required():
        lines.append("REQUIRE_SERVICES=1: a missing service fails its tests")
    return lines


def _needed_services(item) -> set[str]:
    needed = set()
    for marker in item.iter_markers("services"):
        # @pytest.mark.services("redis") names what it needs; a bare marker needs both.
        needed.update(marker.args or SERVICE_NAMES)
    needed.update(
        service for name, service in FIXTURE_SERVICES.items() if name in item.fixturenames
    )
    return needed


def pytest_runtest_setup(item):
    missing = sorted(_needed_services(item) - _available())
    if not missing:
        return
    detail = f"{SKIP_REASON} (missing: {', '.join(SERVICE_NAMES[s] for s in missing)})"
    if _required():
        pytest.fail(f"REQUIRE_SERVICES=1: {detail}", pytrace=False)
    pytest.skip(detail)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis URL scripts/test found answering (the test is skipped or failed otherwise)."""
    return os.environ["MAPLE_REDIS_URL"]


@pytest.fixture
def postgres_required() -> None:
    """Request it to run only on the PostgreSQL test database."""


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the shipped reference data, reloaded fresh once per session.

    Tests run in transactions rolled back at the end, so they all start from this state;
    reloading (not only topping up) keeps a reused database in step with the seed files.
    """
    from tests.reference import reload_reference_data

    with django_db_blocker.unblock():
        reload_reference_data()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to a /fr/ page leaves French active in the test's thread (LocaleMiddleware does
    not put the language back): without this, a later test reads French labels."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def reference_data_restored(django_db_blocker):
    """Transactional tests end with a flush; put the reference data back for the next tests.

    Requested before `transactional_db`, so its teardown runs after the flush.
    """
    yield
    from tests.reference import reload_reference_data

    with django_db_blocker.unblock():
        reload_reference_data()
