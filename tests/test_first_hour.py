"""What a developer meets in the first hour: the dev server's address, `.env.example` and the
README's configuration table in step with the settings, `manage.py check` clean, and the product
running on its own dependencies (the test tools are pyproject's dev extra)."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = sorted((ROOT / "config" / "settings").glob("*.py"))
PRODUCT_CODE = ("config", "programs", "occupations", "assessments")


def address(**env: str) -> tuple[str, str]:
    """scripts/run's serve_address and browse_address under `env` (HOST and PORT unset else)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT")} | env
    done = subprocess.run(
        ["bash", "-c", "source scripts/_address.sh; serve_address; browse_address"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    serve, browse = done.stdout.split()
    return serve, browse


def test_the_dev_server_listens_on_loopback_unless_host_says_otherwise():
    assert address() == ("127.0.0.1:8000", "127.0.0.1:8000")
    assert address(PORT="8791") == ("127.0.0.1:8791", "127.0.0.1:8791")
    assert address(HOST="0.0.0.0", PORT="9000") == ("0.0.0.0:9000", "127.0.0.1:9000")
    run = (ROOT / "scripts" / "run").read_text()
    assert 'manage.py runserver "$(serve_address)"' in run
    assert 'runserver "0.0.0.0' not in run


def settings_variables() -> set[str]:
    """Every variable the settings read: env("X"), env.bool("X"), env.db("X")... (parsed)."""
    names = set()
    for path in SETTINGS:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            reads = (isinstance(func, ast.Name) and func.id == "env") or (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "env"
            )
            first = node.args[0]
            if reads and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
    return names


def env_example_variables() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def readme_table_variables() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])}


def test_the_settings_parser_finds_what_the_settings_read():
    found = settings_variables()
    assert {"DATABASE_URL", "SECRET_KEY", "LOG_LEVEL", "CONN_MAX_AGE", "SENTRY_DSN"} <= found


def test_every_variable_the_settings_read_is_in_env_example_and_the_readme():
    read = settings_variables()
    assert read - env_example_variables() == set(), ".env.example lacks them"
    assert read - readme_table_variables() == set(), "the README's configuration table lacks them"


def test_env_example_has_every_variable_of_the_readme_table_with_a_comment():
    assert readme_table_variables() - env_example_variables() == set()
    lines = (ROOT / ".env.example").read_text().splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^#? ?[A-Z][A-Z0-9_]*=", line):
            before = lines[index - 1] if index else ""
            assert before.startswith("# ") and "=" not in before.split()[1], line


def test_manage_py_check_is_clean_on_the_local_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/db.sqlite3"
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stderr


def product_requirements() -> set[str]:
    """The product's dependencies and everything they pull in (installed distributions)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = [Requirement(r).name for r in pyproject["project"]["dependencies"]]
    seen: set[str] = set()
    while wanted:
        name = canonical(wanted.pop())
        if name in seen:
            continue
        seen.add(name)
        for text in importlib.metadata.requires(name) or ():
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                wanted.append(requirement.name)
            elif any(requirement.marker.evaluate({"extra": e}) for e in ("binary", "redis")):
                wanted.append(requirement.name)  # extras the product asks for: psycopg[binary]
    return seen


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_distributions() -> dict[str, str]:
    """Third-party distributions imported by the product's code, with a file importing each."""
    by_module = importlib.metadata.packages_distributions()
    found = {}
    for folder in PRODUCT_CODE:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    for dist in by_module.get(module.split(".")[0], ()):
                        found[canonical(dist)] = str(path.relative_to(ROOT))
    return found


@pytest.mark.parametrize("tool", ["pytest", "playwright", "locust", "hypothesis", "ruff"])
def test_the_test_tools_are_only_in_the_dev_extra(tool):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    product = {Requirement(r).name for r in pyproject["project"]["dependencies"]}
    dev = {Requirement(r).name for r in pyproject["project"]["optional-dependencies"]["dev"]}
    assert tool in dev
    assert tool not in product


def test_the_product_imports_only_what_its_dependencies_install():
    outside = {
        dist: path
        for dist, path in imported_distributions().items()
        if dist not in product_requirements()
    }
    assert not outside, f"imported by the product, not in pyproject's dependencies: {outside}"


FAKE_PYTHON = """#!/usr/bin/env bash
# Stands in for .venv/bin/python: pip installs are recorded, anything else runs for real.
if [ "$1 $2" = "-m pip" ]; then
    echo "${@: -1}" >> "$(dirname "$0")/../../pip.log"
    echo "Collecting django"
    echo "Installing collected packages: django"
    exit "${FAKE_PIP_STATUS:-0}"
fi
exec "%s" "$@"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the scripts' bootstrap and pyproject.toml, with a .venv whose pip is a recorder."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "_bootstrap.sh").write_text(
        (ROOT / "scripts" / "_bootstrap.sh").read_text()
    )
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON % sys.executable)
    python.chmod(0o755)
    return tmp_path


def bootstrap(project: Path, *sets: str, **env: str) -> subprocess.CompletedProcess:
    calls = "; ".join(f"install_dependencies {name}" for name in sets)
    return subprocess.run(
        ["bash", "-c", f"set -euo pipefail; source scripts/_bootstrap.sh; {calls}"],
        cwd=project,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def pip_installs(project: Path) -> list[str]:
    log = project / "pip.log"
    return log.read_text().split() if log.exists() else []


def test_each_install_set_is_installed_once_per_pyproject(project):
    done = bootstrap(project, "", "")
    assert done.returncode == 0, done.stderr
    assert pip_installs(project) == ["."]  # the product's only, and only once
    assert "Collecting django" in done.stdout  # pip's progress is shown

    bootstrap(project, "dev", "dev", "")
    assert pip_installs(project) == [".", ".[dev]"]  # the dev set holds the product's

    with (project / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# changed\n")
    bootstrap(project, "")
    assert pip_installs(project) == [".", ".[dev]", "."]


def test_a_failed_install_stops_and_is_tried_again(project):
    failed = bootstrap(project, "", FAKE_PIP_STATUS="1")
    assert failed.returncode != 0
    bootstrap(project, "")
    assert pip_installs(project) == [".", "."]
