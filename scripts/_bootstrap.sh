# Sourced by scripts/run and scripts/test: cd to the project, make sure .venv exists and holds the
# current dependencies, and put it first on PATH. Needs only Python 3.11+ and pip.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p var

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "error: Python 3.11+ is needed ('$PYTHON' is $("$PYTHON" --version 2>&1 || echo missing)); set PYTHON=..." >&2
        exit 1
    fi
    echo "==> creating .venv with $("$PYTHON" --version)"
    "$PYTHON" -m venv .venv
    rm -f var/.installed
fi

# Reinstall only when pyproject.toml changed since the last successful install.
wanted=$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')
if [ "$(cat var/.installed 2>/dev/null)" != "$wanted" ]; then
    echo "==> installing dependencies (pip install -e '.[dev]')"
    .venv/bin/python -m pip install --quiet -e '.[dev]'
    echo "$wanted" > var/.installed
fi

export PATH="$PWD/.venv/bin:$PATH"
export VIRTUAL_ENV="$PWD/.venv"
