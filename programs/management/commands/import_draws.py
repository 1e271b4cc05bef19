"""`manage.py import_draws [--file PATH | --url URL]`: add the Express Entry rounds not stored yet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from programs.draws_feed import FeedError, import_draws_from_file, import_draws_from_url


class Command(BaseCommand):
    help = (
        "Add the rounds of IRCC's Express Entry rounds feed (ee_rounds_123_en.json) that are not "
        "stored yet, from a file or from EE_ROUNDS_FEED_URL. Stored rounds are never changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--file", type=Path, help="a copy of the feed")
        source.add_argument("--url", help="default: the EE_ROUNDS_FEED_URL setting")

    def handle(self, *args: Any, file: Path | None, url: str | None, **options: Any) -> None:
        try:
            if file is not None:
                report = import_draws_from_file(file.read_bytes(), source=str(file))
            else:
                url = url or settings.EE_ROUNDS_FEED_URL
                if not url:
                    raise CommandError("Give --file or --url, or set EE_ROUNDS_FEED_URL.")
                report = import_draws_from_url(url)
        except (OSError, FeedError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(report))
