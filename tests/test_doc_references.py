"""Docstrings, comments and docs name files that exist: a path into this repository's code
(config/..., programs/..., tests/...) resolves, and nothing points at the project's old shared/
folder, which is not part of a clone."""

from __future__ import annotations

import glob
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("config", "programs", "occupations", "assessments", "tests", "scripts", "benchmarks")
# A path such as programs/contracts/profile.schema.json or scripts/run, not inside a longer word.
REFERENCE = re.compile(r"(?<![\w/.@:-])((?:shared|docs|" + "|".join(CODE_DIRS) + r")/[\w./-]*[\w])")
# Template and static names (assessments/result.html) are relative to templates/ or static/
# (an app's own templates/ holds the form widgets, which Django's form renderer reads there),
# and some are built from a prefix (assessments/privacy/notice_ + the language).
BASES = (ROOT, ROOT / "templates", ROOT / "static", *ROOT.glob("*/templates"))


def exists(reference: str) -> bool:
    return any(glob.glob(glob.escape(str(base / reference)) + "*") for base in BASES)


def tracked_files() -> list[Path]:
    patterns = ["*.py", "*.md", "*.toml", "*.yml", "scripts/*", ".ci/*", "Dockerfile"]
    listed = subprocess.run(
        ["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [ROOT / name for name in listed.stdout.split()]


def test_every_path_named_in_the_code_and_docs_exists():
    missing = set()
    for path in tracked_files():
        for match in REFERENCE.finditer(path.read_text(errors="replace")):
            if not exists(match.group(1)):
                missing.add(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert not missing, sorted(missing)
