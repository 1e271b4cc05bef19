#!/usr/bin/env bash
# Throughput of `manage.py assess --jsonl`, whole process (start-up, rule loading, scoring, output).
#   benchmarks/assess_jsonl.sh [COUNT]      (default 20000; uses the database DATABASE_URL points to)
#   ASSESS_FLAGS=--no-suggestions benchmarks/assess_jsonl.sh 20000
# Prints the wall-clock rate (the figure that counts) and the process's CPU time: on a machine
# shared with other work, CPU time shows how much of the wall time was spent waiting for the core.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-20000}"
mkdir -p var
.venv/bin/python benchmarks/generate_profiles.py "$count" > var/bench-profiles.jsonl
TIMEFORMAT='%R %U %S'
{ time taskset -c 0 .venv/bin/python manage.py assess --jsonl ${ASSESS_FLAGS:-} < var/bench-profiles.jsonl > var/bench-results.jsonl 2> var/bench-stderr.txt; } 2> var/bench-time.txt
read -r wall user sys < var/bench-time.txt
lines=$(wc -l < var/bench-results.jsonl)
errors=$(grep -c '"error"' var/bench-results.jsonl || true)
python3 -c "w=$wall; c=$user+$sys; print(f'{$lines} profiles in {w:.2f} s on one core: {$lines/w:,.0f} profiles/s ({$errors} error lines); CPU {c:.2f} s ({$lines/c:,.0f} profiles per CPU second)')"
