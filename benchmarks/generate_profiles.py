"""Write N random but valid contract profiles as JSON Lines (fixed seed: the same file every run).

python benchmarks/generate_profiles.py 20000 > var/profiles.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from typing import Any

AS_OF = date(2026, 6, 1)
LEVELS = [
    "none",
    "secondary",
    "one_year",
    "two_year",
    "bachelors",
    "two_or_more",
    "masters",
    "doctoral",
]
NOCS = [
    "21231",
    "21232",
    "21211",
    "20012",
    "21220",
    "52120",
    "72400",
    "00012",
    "2174",
    "2173",
    "0213",
]
PROVINCES = ["ON", "BC", "AB", "QC", "NS", "MB"]
ABILITIES = ["listening", "reading", "writing", "speaking"]


def language(rng: random.Random, test: str) -> dict[str, Any]:
    scores: dict[str, Any] = {"test": test}
    for ability in ABILITIES:
        if test == "ielts_general":
            scores[ability] = rng.randint(8, 18) / 2
        elif test == "celpip_general":
            scores[ability] = rng.randint(4, 12)
        elif test == "tef_canada":
            scores[ability] = rng.randint(250, 699)
        else:
            scores[ability] = rng.randint(4, 12)
    scores["test_date"] = (AS_OF - timedelta(days=rng.randint(0, 800))).isoformat()
    return scores


def job(rng: random.Random) -> dict[str, Any]:
    start = AS_OF - timedelta(days=rng.randint(200, 4000))
    end = start + timedelta(days=rng.randint(100, 2000))
    return {
        "noc": rng.choice(NOCS),
        "country": rng.choice(["CA", "CA", "IN", "US", "FR"]),
        "start": start.isoformat(),
        "end": None if end >= AS_OF else end.isoformat(),
        "hours_per_week": rng.choice([20, 30, 37.5, 40]),
    }


def profile(rng: random.Random) -> dict[str, Any]:
    married = rng.random() < 0.4
    data: dict[str, Any] = {
        "as_of": AS_OF.isoformat(),
        "date_of_birth": (AS_OF - timedelta(days=rng.randint(20 * 365, 50 * 365))).isoformat(),
        "marital_status": "married" if married else "never_married",
        "education": {"level": rng.choice(LEVELS), "has_eca": rng.random() < 0.5},
        "languages": {
            "first": language(rng, rng.choice(["ielts_general", "celpip_general", "clb"])),
            "second": language(rng, "tef_canada") if rng.random() < 0.2 else None,
        },
        "work_experience": [job(rng) for _ in range(rng.randint(0, 4))],
        "settlement_funds_cad": rng.randint(0, 50000),
        "family_size": rng.randint(1, 5),
        "intended_province": rng.choice(PROVINCES),
        "sibling_in_canada": rng.random() < 0.1,
    }
    if married:
        data["spouse"] = {
            "accompanying": True,
            "education": rng.choice(LEVELS),
            "language": language(rng, "ielts_general"),
            "work_experience": [],
        }
    if rng.random() < 0.2:
        data["job_offer"] = {
            "noc": rng.choice(NOCS),
            "province": rng.choice(PROVINCES),
            "lmia_or_exempt": True,
        }
    return data


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    rng = random.Random(2026)
    out = sys.stdout
    for _ in range(count):
        out.write(json.dumps(profile(rng)) + "\n")


if __name__ == "__main__":
    main()
