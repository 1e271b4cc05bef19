"""Figures of a load run (benchmarks/load_wizard.sh): per step, from locust's stats CSV.

    python benchmarks/load_report.py var/load/locust_stats.csv [--p95-ms 150]

Prints requests, failures and p50/p95/p99 per request name in the wizard's order, the totals,
and whether the goal holds (no failure, p95 under the limit for every name); exits 1 if not.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ORDER = ["start", "about", "spouse", "education", "languages", "work", "job_offer"]
ORDER += ["connections", "quebec", "contact", "review", "finished", "result"]


def _rank(name: str) -> tuple[int, str]:
    method, _, step = name.partition(" ")
    step = step.split(" ")[0]
    return (ORDER.index(step) if step in ORDER else len(ORDER), method)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("stats_csv", type=Path)
    parser.add_argument("--p95-ms", type=float, default=150)
    args = parser.parse_args()
    with args.stats_csv.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    steps = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: _rank(r["Name"]))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(
        f"{'request':<28}{'count':>8}{'fail':>6}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
    )
    slow = []
    for row in [*steps, total]:
        p95 = float(row["95%"])
        print(
            f"{row['Name']:<28}{row['Request Count']:>8}{row['Failure Count']:>6}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}{float(row['Max Response Time']):>8.0f}"
        )
        if row is not total and p95 >= args.p95_ms:
            slow.append(row["Name"])
    failures = int(total["Failure Count"])
    print(f"throughput: {float(total['Requests/s']):.1f} requests/s")
    ok = failures == 0 and not slow
    verdict = "met" if ok else "NOT met"
    detail = f"{failures} failures; p95 >= {args.p95_ms:.0f} ms: {', '.join(slow) or 'none'}"
    print(f"goal (no failure, p95 < {args.p95_ms:.0f} ms for every step): {verdict} ({detail})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
