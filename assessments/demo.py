"""Random but valid applicants for demos and benchmarks (seed_demo, benchmarks/generate_profiles.py).

Profiles follow the contract (programs/engine/profile.py); the same seed gives the same people.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from programs.engine.grids import EDUCATION_LEVELS
from programs.engine.profile import MIN_WORKING_AGE, birthday

FIRST_NAMES = [
    "Aarav",
    "Priya",
    "Wei",
    "Mei",
    "Lucas",
    "Chloé",
    "Omar",
    "Amina",
    "Diego",
    "Sofia",
    "Kenji",
    "Yuki",
    "Ivan",
    "Olga",
    "Kwame",
    "Ama",
    "Noah",
    "Léa",
    "Ravi",
    "Fatima",
]
LAST_NAMES = [
    "Sharma",
    "Chen",
    "Martin",
    "Haddad",
    "García",
    "Tanaka",
    "Petrov",
    "Mensah",
    "Tremblay",
    "Nguyen",
    "Okafor",
    "Silva",
    "Kowalski",
    "Dubois",
    "Khan",
    "Singh",
]

LEVELS = EDUCATION_LEVELS
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


def language(rng: random.Random, test: str, as_of: date) -> dict[str, Any]:
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
    scores["test_date"] = (as_of - timedelta(days=rng.randint(0, 700))).isoformat()
    return scores


def job(rng: random.Random, as_of: date, born: date) -> dict[str, Any]:
    """A job of the last 11 years, not before the applicant's 14th birthday (the engine's)."""
    start = max(as_of - timedelta(days=rng.randint(200, 4000)), birthday(born, MIN_WORKING_AGE))
    end = start + timedelta(days=rng.randint(100, 2000))
    return {
        "noc": rng.choice(NOCS),
        "country": rng.choice(["CA", "CA", "IN", "US", "FR"]),
        "start": start.isoformat(),
        "end": None if end >= as_of else end.isoformat(),
        "hours_per_week": rng.choice([20, 30, 37.5, 40]),
    }


def random_profile(rng: random.Random, as_of: date) -> dict[str, Any]:
    married = rng.random() < 0.4
    born = as_of - timedelta(days=rng.randint(20 * 365, 50 * 365))
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "date_of_birth": born.isoformat(),
        "marital_status": "married" if married else "never_married",
        "education": {"level": rng.choice(LEVELS), "has_eca": rng.random() < 0.5},
        "languages": {
            "first": language(rng, rng.choice(["ielts_general", "celpip_general", "clb"]), as_of),
            "second": language(rng, "tef_canada", as_of) if rng.random() < 0.2 else None,
        },
        "work_experience": [job(rng, as_of, born) for _ in range(rng.randint(0, 4))],
        "settlement_funds_cad": rng.randint(0, 50000),
        "family_size": rng.randint(1, 5),
        "intended_province": rng.choice(PROVINCES),
        "sibling_in_canada": rng.random() < 0.1,
    }
    if married:
        data["spouse"] = {
            "accompanying": True,
            "education": rng.choice(LEVELS),
            "language": language(rng, "ielts_general", as_of),
            "work_experience": [],
        }
    if rng.random() < 0.2:
        data["job_offer"] = {
            "noc": rng.choice(NOCS),
            "province": rng.choice(PROVINCES),
            "lmia_or_exempt": True,
        }
    return data


def random_contact(rng: random.Random, index: int) -> dict[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return {
        "name": f"{first} {last}",
        "email": f"{first}.{last}.{index}@example.org".lower(),
        "language": rng.choice(["en", "en", "fr"]),
    }
