"""Abuse protection at the edge: per-IP rate limits with a friendly 429 page, a request size
limit answered before any parsing, JSON-only API posts, and who may frame the public form (CSP
frame-ancestors) or call the API from a browser (CORS).

The limits keep one address from flooding the wizard, the save-for-later mail or the API; the
size limit keeps a huge body from being read at all; framing is refused everywhere except on the
public form pages, for the origins a consultancy lists (env var and site settings). Every limit,
and the admin's lockout, counts per `client_ip`, which trusts `X-Forwarded-For` only as far as
TRUSTED_PROXY_COUNT says.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

View = Callable[..., HttpResponse]
DEFAULT_RETRY_AFTER = 3600  # seconds, for a Ratelimited raised without its window
# Public pages that must never be framed even where the form may be: the applicant's own data
# (an "erase my data" button in someone else's frame is a clickjacking target).
UNFRAMEABLE_URL_NAMES = {"privacy_request", "privacy_export", "privacy_erase"}


def client_ip(request: HttpRequest) -> str:
    """The client's address, for every per-IP limit (django-ratelimit's `RATELIMIT_IP_META_KEY`),
    the admin lockout (`AXES_CLIENT_IP_CALLABLE`) and the stored consent.

    With TRUSTED_PROXY_COUNT = n > 0, n proxies of ours stand in front, each appending the address
    it received the request from to `X-Forwarded-For`: the n-th entry from the right is the
    address our outermost proxy saw, the client. Entries further left were written by the client
    and are never read. A request with fewer entries did not come through our proxies, and a
    malformed entry is not an address: both count as REMOTE_ADDR. With 0 (the default) the
    header is ignored, since anyone can send it.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


class RateLimitExceeded(Ratelimited):
    """Ratelimited that knows when its window ends."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = retry_after


def limit_per_ip(*, group: str, rate_setting: str, method: Any = ALL) -> Callable[[View], View]:
    """Count the requests of each IP (the `method`s only) in `group`, at the rate named by the
    setting `rate_setting` (read on each request, so tests and deployments can change it), and
    raise RateLimitExceeded past it; the middleware below turns that into the 429 page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            usage = get_usage(
                request,
                group=group,
                key="ip",
                rate=getattr(settings, rate_setting),
                method=method,
                increment=True,
            )
            if usage is not None and usage["should_limit"]:
                raise RateLimitExceeded(max(int(usage["time_left"]), 1))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_json(view: View) -> View:
    """415 for a POST whose Content-Type is not application/json. Such a request is never
    "simple" in CORS terms, so a browser on another site must ask first (preflight) and the
    CORS settings answer; text/plain or a form could otherwise be posted from any page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and request.content_type != "application/json":
            message = _("Send the body as JSON, with the header Content-Type: application/json.")
            return JsonResponse({"error": {"field": "", "message": message}}, status=415)
        return view(request, *args, **kwargs)

    return wrapper


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 with Retry-After: JSON for the API, the public page for people."""
    minutes = max(math.ceil(retry_after / 60), 1)
    if request.path.startswith("/api/"):
        message = _("Too many requests - try again in %(minutes)s minutes.") % {"minutes": minutes}
        response: HttpResponse = JsonResponse(
            {"error": {"field": "", "message": message}}, status=429
        )
    else:
        response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def admin_lockout(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked sign-in (AXES_LOCKOUT_CALLABLE): the 429 page every limit
    gives, with Retry-After set to the cool-off (each failure while locked starts it again)."""
    from axes.helpers import get_cool_off  # imports axes' models: only once the apps are loaded

    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else DEFAULT_RETRY_AFTER
    return too_many_requests(request, seconds)


def request_too_large(request: HttpRequest) -> HttpResponse:
    limit_kb = settings.MAX_REQUEST_BODY_BYTES // 1024
    if request.path.startswith("/api/"):
        message = _("The request is larger than %(size)s KB.") % {"size": limit_kb}
        return JsonResponse({"error": {"field": "", "message": message}}, status=413)
    return render(request, "413.html", {"size": limit_kb}, status=413)


class RatelimitedMiddleware:
    """Turns django-ratelimit's Ratelimited (from limit_per_ip or `@ratelimit(block=True)`) into
    the 429 page instead of the 403 Django would make of a PermissionDenied."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Ratelimited):
            return too_many_requests(
                request, getattr(exception, "retry_after", DEFAULT_RETRY_AFTER)
            )
        return None


class RequestSizeMiddleware:
    """413 before anything reads a public request's body when Content-Length is over the limit
    (Django's own DATA_UPLOAD_MAX_MEMORY_SIZE only answers a bare 400 once the body is parsed).
    The admin is left to Django's limits."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES and not request.path.startswith("/admin/"):
            return request_too_large(request)
        return self.get_response(request)


class EmbedFrameAncestorsMiddleware:
    """Lets the public form pages be framed by EMBED_ALLOWED_ORIGINS and the site settings'
    `embed_origins`; every other page keeps the settings' `frame-ancestors 'none'`.

    Placed after django-csp's and the X-Frame-Options middleware, so that it sees the response
    first on the way out and both honour what it sets.
    """

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or "assessments" not in match.namespaces:
            return response
        if match.url_name in UNFRAMEABLE_URL_NAMES:
            return response
        origins = embed_origins(request)
        if origins:
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["frame-ancestors"] = origins
            response._csp_replace = replace
            # X-Frame-Options cannot name origins; the CSP directive governs framing instead.
            response.xframe_options_exempt = True
        return response


def cors_for_embed_origins(sender: Any, request: HttpRequest, **kwargs: Any) -> bool:
    """django-cors-headers' `check_request_enabled` signal (connected in assessments' AppConfig):
    the API, and only the API, also answers the origins allowed to embed the form. Called for
    every request that CORS_URLS_REGEX does not match, so it leaves at once outside the API."""
    origin = request.headers.get("origin")
    if not origin or not request.path_info.startswith("/api/v1/"):
        return False
    return origin in embed_origins(request)


def embed_origins(request: HttpRequest) -> list[str]:
    """The origins allowed to frame the form for this host: env var, then site settings."""
    from assessments.branding import site_settings_for

    listed = list(settings.EMBED_ALLOWED_ORIGINS)
    listed += site_settings_for(request).embed_origins.split()
    return [origin for origin in dict.fromkeys(listed) if _is_origin(origin)]


def _is_origin(value: str) -> bool:
    """A scheme://host[:port] source only: nothing that could inject another directive."""
    scheme, _sep, host = value.partition("://")
    return (
        scheme in ("https", "http") and bool(host) and all(c.isalnum() or c in ".-:*" for c in host)
    )
