"""Write N random but valid contract profiles as JSON Lines (fixed seed: the same file every run).

python benchmarks/generate_profiles.py 20000 > var/profiles.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.demo import random_profile  # after the path insert above

AS_OF = date(2026, 6, 1)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    rng = random.Random(2026)
    out = sys.stdout
    for _ in range(count):
        out.write(json.dumps(random_profile(rng, AS_OF)) + "\n")


if __name__ == "__main__":
    main()
