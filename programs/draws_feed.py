"""Express Entry rounds from IRCC's published feed (`ee_rounds_123_en.json`).

The feed is `{"rounds": [{"drawNumber": "447", "drawDate": "2026-10-01", "drawName": "...",
"drawSize": "3,500", "drawCRS": "476", "drawCutOff": "<tie-break>", ...}, ...]}`, the source of
`programs/data/ee_draws*.csv`. The import only adds rounds whose number is not stored yet: a round
already there (seeded, imported earlier or typed or corrected by staff) is never changed.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from .models import ExpressEntryDraw

logger = logging.getLogger(__name__)
FETCH_TIMEOUT_SECONDS = 30

# IRCC's round name -> the round's code in ee_draws.csv, by the start of the name; a category
# round's name carries its version ("STEM occupations (Version 1)"), which the code leaves out.
CATEGORY_BY_NAME_START = (
    ("no program specified", "no_program_specified"),
    ("general", "no_program_specified"),
    ("canadian experience class", "cec"),
    ("federal skilled worker", "fsw"),
    ("federal skilled trades", "fst"),
    ("provincial nominee program", "pnp"),
    ("french", "french"),
    ("stem", "stem"),
    ("healthcare", "healthcare"),
    ("trade", "trades"),
    ("transport", "transport"),
    ("agriculture", "agriculture"),
    ("education", "education"),
    ("physicians with canadian work experience", "physicians_cdn_experience"),
    ("senior managers with canadian work experience", "senior_managers_cdn_experience"),
    ("skilled military recruits", "skilled_military"),
)


class FeedError(ValueError):
    """The feed could not be read or is not IRCC's rounds feed."""


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)
    kept: int = 0  # rounds already stored, left as they are

    def __str__(self) -> str:
        if not self.added:
            return f"No new round ({self.kept} already stored)."
        numbers = ", ".join(f"#{n}" for n in self.added)
        return f"Added {len(self.added)} round(s): {numbers} ({self.kept} already stored)."


def category_for(draw_name: str) -> str:
    """The round's code (cec, pnp, stem...) from IRCC's name; an unknown name is slugified."""
    name = draw_name.strip().lower()
    for start, code in CATEGORY_BY_NAME_START:
        if name.startswith(start):
            return code
    base = re.sub(r"\(version.*|,?\s*\d{4}-version.*", "", name)
    return re.sub(r"[^a-z0-9]+", "_", base).strip("_")[:80]


def _number(value: Any) -> int:
    return int(str(value).replace(",", "").strip())


def parse_feed(content: bytes | str, *, source: str) -> list[ExpressEntryDraw]:
    """The feed's rounds as unsaved rows; FeedError names the first round that cannot be read."""
    try:
        rounds = json.loads(content)["rounds"]
    except (ValueError, KeyError, TypeError) as error:
        raise FeedError(f"Not an Express Entry rounds feed: {error}") from None
    draws = []
    for item in rounds:
        try:
            draws.append(
                ExpressEntryDraw(
                    round=_number(item["drawNumber"]),
                    date=date.fromisoformat(item["drawDate"].strip()),
                    category=category_for(item["drawName"]),
                    draw_name=item["drawName"].strip()[:200],
                    invitations=_number(item["drawSize"]),
                    crs_cutoff=_number(item["drawCRS"]),
                    tie_break=(item.get("drawCutOff") or "").strip()[:120],
                    source=source,
                )
            )
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            label = item.get("drawNumber", "?") if isinstance(item, dict) else "?"
            raise FeedError(f"Round {label}: cannot read {error}") from None
    return draws


@transaction.atomic
def import_draws(draws: list[ExpressEntryDraw]) -> ImportReport:
    """Store the rounds whose number is new; idempotent, and a stored round is never changed."""
    stored = set(
        ExpressEntryDraw.objects.filter(round__in=[d.round for d in draws]).values_list(
            "round", flat=True
        )
    )
    new = sorted((d for d in draws if d.round not in stored), key=lambda d: d.round)
    new = list({d.round: d for d in new}.values())  # a round listed twice is stored once
    for draw in new:
        draw.save()  # one by one, so each gets its history row
    report = ImportReport(added=[d.round for d in new], kept=len(stored))
    if new:
        logger.info("Express Entry rounds imported: %s", report)
    return report


def import_draws_from_file(content: bytes | str, *, source: str) -> ImportReport:
    return import_draws(parse_feed(content, source=source))


def fetch_feed(url: str) -> bytes:
    """The feed's bytes (http(s) or file URL); FeedError when it cannot be fetched."""
    request = urllib.request.Request(url, headers={"User-Agent": "maple-assess rounds import"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            return response.read()
    except (OSError, ValueError) as error:
        raise FeedError(f"Cannot fetch {url}: {error}") from None


def import_draws_from_url(url: str) -> ImportReport:
    return import_draws_from_file(fetch_feed(url), source=url)
