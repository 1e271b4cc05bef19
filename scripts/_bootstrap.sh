# Sourced by scripts/run and scripts/test: cd to the project, make sure .venv exists and holds the
# dependencies the caller needs, and put it first on PATH. Needs only Python 3.11+ and pip.
# `install_dependencies` (product) or `install_dependencies dev` (product + test tools).

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
    rm -f var/.installed-*
fi

# Reinstall a set only when pyproject.toml changed since its last successful install; each set
# has its own stamp (var/.installed-product, var/.installed-dev). The dev set holds the product's.
install_dependencies() {
    local set=${1:-product} target=. wanted
    [ "$set" = dev ] && target=.[dev]
    wanted=$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')
    [ "$(cat "var/.installed-$set" 2>/dev/null)" = "$wanted" ] && return 0
    echo "==> installing the $set dependencies (pip install -e '$target'); pip says what it does:"
    # pip's own lines (Collecting ..., Installing collected packages ...) are the progress.
    # Errors (stderr) pass through whole; pipefail makes a failed install stop the caller.
    .venv/bin/python -m pip install --progress-bar off -e "$target" \
        | awk '/^(Collecting|Installing|Successfully)/ { print "    " $0; fflush() }'
    echo "$wanted" > "var/.installed-$set"
    [ "$set" = dev ] && echo "$wanted" > var/.installed-product
    return 0
}

export PATH="$PWD/.venv/bin:$PATH"
export VIRTUAL_ENV="$PWD/.venv"
