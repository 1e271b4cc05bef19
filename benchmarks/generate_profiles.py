"""Write N random but valid contract profiles as JSON Lines (fixed seed: the same file every run).

python benchmarks/generate_profiles.py 20000 > var/profiles.jsonl
python benchmarks/generate_profiles.py 20000 --spread > var/profiles-spread.jsonl

--spread gives the same profiles moved in time: `as_of` spread over 2024-06-01..2026-12-30 (own fixed
seed) and every other date shifted by as much, so the profiles stay valid; it measures the cost of
scoring on many different days.
"""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.demo import random_profile  # after the path insert above

AS_OF = date(2026, 6, 1)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The proof-of-funds grid in programs/data starts on 2024-05-28: earlier days only give errors.
SPREAD_FROM, SPREAD_DAYS = date(2024, 6, 1), (date(2026, 12, 31) - date(2024, 6, 1)).days


def _shifted(value: Any, delta: timedelta) -> Any:
    """`value` with every ISO date string in it moved by `delta`."""
    if isinstance(value, dict):
        return {key: _shifted(item, delta) for key, item in value.items()}
    if isinstance(value, list):
        return [_shifted(item, delta) for item in value]
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return (date.fromisoformat(value) + delta).isoformat()
    return value


def main() -> None:
    args = [arg for arg in sys.argv[1:] if arg != "--spread"]
    count = int(args[0]) if args else 20000
    spread = random.Random(2023) if "--spread" in sys.argv else None
    rng = random.Random(2026)
    out = sys.stdout
    for _ in range(count):
        profile = random_profile(rng, AS_OF)
        if spread is not None:
            day = SPREAD_FROM + timedelta(days=spread.randrange(SPREAD_DAYS))
            profile = _shifted(profile, day - AS_OF)
        out.write(json.dumps(profile) + "\n")


if __name__ == "__main__":
    main()
