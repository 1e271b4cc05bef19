"""`python manage.py assess`: profile JSON on stdin, result JSON on stdout (or JSON Lines with --jsonl)."""

from __future__ import annotations

import gc
import sys
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandParser

from programs.engine import ProfileError, RuleError
from programs.scoring import LANGUAGES, RulesByDay, score_json, toronto_today

EXIT_BAD_PROFILE = 2
EXIT_RULES = 3


def _error(field: str, message: str) -> dict[str, Any]:
    return {"error": {"field": field, "message": message}}


class Command(BaseCommand):
    help = "Score applicant profiles read from stdin (see programs/contracts/README.md)."
    # The system checks import every URLconf and view (about 0.1 s) and inspect nothing this
    # command uses; batch runs start faster without them (`manage.py check` still runs them).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl", action="store_true", help="one profile a line, one result a line"
        )
        parser.add_argument(
            "--lang", choices=LANGUAGES, default="en", help="language of the messages"
        )
        parser.add_argument(
            "--no-suggestions",
            action="store_true",
            help="leave out the suggestions (faster for large batches)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rules_by_day = RulesByDay()
        today = toronto_today()
        self.suggestions = not options["no_suggestions"]
        if options["jsonl"]:
            self._lines(rules_by_day, options["lang"], today)
            return
        status = self._one(sys.stdin.buffer.read(), rules_by_day, options["lang"], today)
        if status:
            sys.exit(status)

    def _score(
        self, text: bytes, rules_by_day: RulesByDay, language: str, today
    ) -> tuple[dict, int]:
        try:
            result = score_json(
                text,
                rules_by_day=rules_by_day,
                language=language,
                today=today,
                suggestions=self.suggestions,
            )
            return result, 0
        except ProfileError as exc:
            return exc.as_dict(), EXIT_BAD_PROFILE
        except RuleError as exc:
            return _error("as_of", str(exc)), EXIT_RULES

    def _one(self, text: bytes, rules_by_day: RulesByDay, language: str, today) -> int:
        result, status = self._score(text, rules_by_day, language, today)
        sys.stdout.buffer.write(orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE))
        sys.stdout.buffer.flush()
        return status

    def _lines(self, rules_by_day: RulesByDay, language: str, today) -> None:
        # Everything loaded so far (Django, the apps, the engine) lives as long as the process:
        # frozen, it is no longer scanned by each full collection during the batch.
        gc.freeze()
        try:
            out = sys.stdout.buffer
            for line in sys.stdin.buffer:
                if not line.strip():
                    continue
                result, _ = self._score(line, rules_by_day, language, today)
                out.write(orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE))  # no copy
            out.flush()
        finally:
            gc.unfreeze()  # called in-process (tests, call_command): collect as usual again
