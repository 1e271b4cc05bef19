"""What happens to the browser tests on a machine without Chromium or axe-core."""

import pytest

from tests.browser import conftest


def test_missing_chromium_skips_them(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.delenv("REQUIRE_SERVICES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        conftest.pytest_runtest_setup(None)


def test_missing_axe_fails_them_under_require_services(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "AXE", tmp_path / "node_modules" / "axe-core" / "axe.min.js")
    monkeypatch.setenv("REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match=r"REQUIRE_SERVICES=1: .*npm ci"):
        conftest.pytest_runtest_setup(None)
