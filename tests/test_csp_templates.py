"""Templates keep to the Content-Security-Policy: no inline script, no inline event handlers."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I
)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_no_template_has_inline_script_or_handlers():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or HANDLER.search(text):
            offenders.append(str(template.relative_to(TEMPLATES)))
    assert offenders == []
