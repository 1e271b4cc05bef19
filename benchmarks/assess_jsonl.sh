#!/usr/bin/env bash
# Throughput of `manage.py assess --jsonl`, whole process (start-up, rule loading, scoring, output).
#   benchmarks/assess_jsonl.sh [COUNT]      (default 20000; uses the database DATABASE_URL points to)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-20000}"
mkdir -p var
.venv/bin/python benchmarks/generate_profiles.py "$count" > var/bench-profiles.jsonl
start=$(date +%s.%N)
taskset -c 0 .venv/bin/python manage.py assess --jsonl ${ASSESS_FLAGS:-} < var/bench-profiles.jsonl > var/bench-results.jsonl
end=$(date +%s.%N)
lines=$(wc -l < var/bench-results.jsonl)
errors=$(grep -c '"error"' var/bench-results.jsonl || true)
python3 -c "s=$end-$start; print(f'{$lines} profiles in {s:.2f} s on one core: {$lines/s:,.0f} profiles/s ({$errors} error lines)')"
