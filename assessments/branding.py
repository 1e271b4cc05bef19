"""The consultancy's site settings: which record a request or an email uses, and the brand
colours the public pages derive from it.

A request reads its record once (kept on the request) and never across requests, so an edit in
the admin shows on the next page without a restart or a cache to clear.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import SiteSettings

REQUEST_ATTRIBUTE = "_maple_site_settings"
WHITE = "#ffffff"
BLACK = "#000000"  # with white, one of the two always reaches 4.5:1 on any colour
AA_CONTRAST = 4.5  # WCAG 2.1 AA for normal text
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_PRIMARY = SiteSettings._meta.get_field("primary_colour").default


def site_settings(domain: str = "") -> SiteSettings:
    """The record for `domain`, else the default record (blank domain), else unsaved defaults.

    Reads them all: there is one a site, a handful, and a query without a WHERE clause takes
    the ORM half the time to build (it is made on every public page)."""
    records = {s.domain: s for s in SiteSettings.objects.all()}
    return records.get(domain) or records.get("") or SiteSettings()


def site_settings_for(request: HttpRequest) -> SiteSettings:
    """The record of the request's host, read at most once per request."""
    cached = getattr(request, REQUEST_ATTRIBUTE, None)
    if cached is None:
        cached = site_settings(request.get_host().split(":")[0].lower())
        setattr(request, REQUEST_ATTRIBUTE, cached)
    return cached


# --- Colours ------------------------------------------------------------------------------------


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in channels)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darken(colour: str, factor: float) -> str:
    r, g, b = _channels(colour)
    keep = 1 - factor
    return _hex((r * keep, g * keep, b * keep))


def brand_colours(primary: str) -> dict[str, str]:
    """The CSS colours of a primary colour, each readable whatever colour the firm picked.

    `primary_dark` (links, hover) is darkened until it reaches AA contrast on white;
    `on_primary` (text on primary buttons) is white or black, whichever contrasts more.
    """
    if not COLOUR.fullmatch(primary or ""):
        primary = DEFAULT_PRIMARY  # saved around the form's check: never put it in a page
    dark = darken(primary, 0.22)
    step = 0
    while contrast(dark, WHITE) < AA_CONTRAST and step < 20:
        dark = darken(dark, 0.1)
        step += 1
    on_primary = WHITE if contrast(primary, WHITE) >= contrast(primary, BLACK) else BLACK
    return {"primary": primary.lower(), "primary_dark": dark, "on_primary": on_primary}


# --- Templates ----------------------------------------------------------------------------------


def branding(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `site` (the record) and `brand` (its colours), read lazily so that a
    page that shows neither (an admin page) makes no query."""
    site = SimpleLazyObject(lambda: site_settings_for(request))
    return {
        "site": site,
        "brand": SimpleLazyObject(lambda: brand_colours(site.primary_colour)),
    }
