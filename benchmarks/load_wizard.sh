#!/usr/bin/env bash
# Load test of the wizard: USERS applicants (default 50) walk it for SECONDS (default 60) against
# gunicorn with production settings (benchmarks/load_settings.py: plain HTTP on the loopback) on
# PostgreSQL (database maple_load, migrated and seeded here) and Redis db 6 (cache, rate limits).
# Starts what it needs, runs locust headless, stops gunicorn, prints the figures per step.
#   benchmarks/load_wizard.sh [USERS] [SECONDS]
# Tuning through the environment: LOAD_WORKERS (gunicorn processes, default 2: one a core),
# LOAD_THREADS (threads each, default 4), LOAD_KEEPALIVE (seconds, default 5: longer than the longest pause, or
# a reused connection can be closed under a request), LOAD_THINK_MIN/LOAD_THINK_MAX (pause between
# steps, default 1..3 s), LOAD_WARMUP (seconds, default 10), LOAD_PORT (default 8765).
# No Celery worker runs: each submission queues its scoring task in a filesystem broker folder
# (var/load/broker), counted at the end and then emptied.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-50}
seconds=${2:-60}
port=${LOAD_PORT:-8765}
out=var/load
mkdir -p "$out/broker"
rm -f "$out"/locust_*.csv "$out"/broker/*

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
wait_for() {
    for _ in $(seq 30); do answers "$2" && return 0; sleep 1; done
    echo "error: $1 did not start on 127.0.0.1:$2" >&2
    return 1
}
if ! answers 5432; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    wait_for PostgreSQL 5432
fi
if ! answers 6379; then
    as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    wait_for Redis 6379
fi

export DJANGO_SETTINGS_MODULE=benchmarks.load_settings
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/maple_load
export CACHE_URL=redis://127.0.0.1:6379/6
SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=False
# Every applicant comes from 127.0.0.1: the per-IP limits would stop the run after a few walks.
export WIZARD_POST_RATE=1000000/m RESUME_RATE=1000000/m PRIVACY_RATE=1000000/m
export SUBMIT_API_RATE=1000000/m ASSESS_API_RATE=1000000/m

echo "==> database maple_load: create if missing, migrate, reference data; static files"
.venv/bin/python - <<'PY'
import psycopg

with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'maple_load'").fetchone():
        conn.execute("CREATE DATABASE maple_load")
PY
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_reference_data >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python -c 'import redis; redis.Redis.from_url("redis://127.0.0.1:6379/6").flushdb()'

workers=${LOAD_WORKERS:-2}
threads=${LOAD_THREADS:-4}
echo "==> gunicorn config.wsgi: $workers workers x $threads threads on 127.0.0.1:$port"
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$port" --workers "$workers" --threads "$threads" \
    --worker-class gthread --keep-alive "${LOAD_KEEPALIVE:-5}" --preload --log-level warning \
    2>"$out/gunicorn.log" &
gunicorn_pid=$!
trap 'kill "$gunicorn_pid" 2>/dev/null; wait "$gunicorn_pid" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.5
done

# Warm-up, not measured: each worker loads its templates, translations and cached rules once.
warmup=${LOAD_WARMUP:-10}
echo "==> warm-up: 10 applicants for ${warmup}s"
LOAD_THINK_MIN=0 LOAD_THINK_MAX=0.2 .venv/bin/locust -f benchmarks/locustfile.py --headless \
    --users 10 --spawn-rate 10 --run-time "${warmup}s" --host "http://127.0.0.1:$port" \
    --only-summary --loglevel WARNING >"$out/warmup.log" 2>&1 || true
rm -f "$out"/broker/*
before=$(.venv/bin/python manage.py shell -v 0 -c 'from assessments.models import Assessment; print(Assessment.objects.count())')
# CPU seconds the gunicorn workers have used (utime + stime from /proc, in clock ticks).
server_cpu() {
    local ticks=0 pid
    for pid in $(pgrep -P "$gunicorn_pid"); do
        ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo "$ticks"
}
cpu_before=$(server_cpu)

# Applicants arrive 10 a second; the figures count from when all are there (--reset-stats) for
# SECONDS more.
ramp=$(((users + 9) / 10))
echo "==> locust: $users applicants (ramp-up ${ramp}s, not counted) for ${seconds}s," \
    "pause ${LOAD_THINK_MIN:-1}-${LOAD_THINK_MAX:-3} s between steps; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
.venv/bin/locust -f benchmarks/locustfile.py --headless --users "$users" --spawn-rate 10 \
    --reset-stats --run-time "$((seconds + ramp))s" --host "http://127.0.0.1:$port" \
    --csv "$out/locust" --only-summary --loglevel WARNING >"$out/locust.log" 2>&1 || true
cpu_used=$(($(server_cpu) - cpu_before))
kill "$gunicorn_pid"
wait "$gunicorn_pid" 2>/dev/null || true
trap - EXIT

after=$(.venv/bin/python manage.py shell -v 0 -c 'from assessments.models import Assessment; print(Assessment.objects.count())')
queued=$(find "$out/broker" -type f | wc -l)
rm -f "$out"/broker/*
server_errors=$(grep -c -E '"level": "ERROR"|Traceback' "$out/gunicorn.log" || true)

echo
echo "== $users applicants, ${seconds}s, gunicorn $workers x $threads, PostgreSQL maple_load;" \
    "load average now $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the 2 cores)"
.venv/bin/python benchmarks/load_report.py "$out/locust_stats.csv" && status=0 || status=1
echo "submitted: $((after - before)) assessments; scoring tasks queued (filesystem broker, no worker): $queued"
echo "server errors in $out/gunicorn.log: $server_errors"
.venv/bin/python - "$cpu_used" "$(getconf CLK_TCK)" "$out/locust_stats.csv" <<'PY'
import csv, sys
ticks, per_second, stats = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
with open(stats, newline="") as handle:
    count = next(int(r["Request Count"]) for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
seconds = ticks / per_second
print(f"gunicorn CPU: {seconds:.1f} s (ramp-up included), {1000 * seconds / max(count, 1):.1f} ms a request")
PY
[ -s "$out/locust_failures.csv" ] && [ "$(wc -l <"$out/locust_failures.csv")" -gt 1 ] && {
    echo "failures:"
    cat "$out/locust_failures.csv"
}
exit "$status"
