#!/usr/bin/env bash
# A newcomer's first `./scripts/run`: clone this repository's HEAD into a new folder (its own
# .venv, database and var/), start ./scripts/run there and time it until /healthz answers; then
# stop it and remove the clone.
#   benchmarks/first_run.sh [PORT]                      (default 8790; pip's cache as it is)
#   PIP_NO_CACHE_DIR=1 benchmarks/first_run.sh          (no pip cache)
#   PIP_CACHE_DIR=$(mktemp -d) benchmarks/first_run.sh  (an empty pip cache)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8790}
clone=$(mktemp -d /tmp/maple-first-run-XXXXXX)
git clone --quiet . "$clone"
log="$clone.log"

start=$(date +%s.%N)
setsid env PORT="$port" "$clone/scripts/run" > "$log" 2>&1 &
run=$!
cleanup() {
    kill -TERM -- "-$run" 2>/dev/null || true
    sleep 5
    kill -KILL -- "-$run" 2>/dev/null || true
    rm -rf -- "$clone"
}
trap cleanup EXIT

until curl -sf "http://127.0.0.1:$port/healthz" > /dev/null; do
    kill -0 "$run" 2>/dev/null || { echo "scripts/run stopped; see $log" >&2; exit 1; }
    sleep 0.25
done
seconds=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
echo "cold ./scripts/run answered /healthz after $seconds s ($(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg)); log: $log"
