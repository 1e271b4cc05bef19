"""The JSON scoring API: POST /api/v1/assess (no login, CSRF-exempt: JSON only, so a browser
must preflight, and CORS answers only configured origins; rate limited per client)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.security import limit_per_ip, require_json
from programs.engine import ProfileError, RuleError
from programs.engine.profile import MAX_PROFILE_BYTES
from programs.scoring import LANGUAGES, RulesByDay, UncoveredDay, score_json


def _error(status: int, field: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"field": field, "message": message}}, status=status)


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang") or request.headers.get("Accept-Language", "")[:2].lower()
    return wanted if wanted in LANGUAGES else "en"


@csrf_exempt
@require_POST
@require_json
@limit_per_ip(group="api-assess", rate_setting="ASSESS_API_RATE", method="POST")
def assess_api(request: HttpRequest) -> HttpResponse:
    """The scored result; 400 with the error object; 415 for a body that is not JSON; 429 with
    Retry-After when rate limited (config.security)."""
    if int(request.headers.get("Content-Length") or 0) > MAX_PROFILE_BYTES:
        return _error(400, "", f"The profile is larger than {MAX_PROFILE_BYTES // 1024} KB.")
    try:
        result = score_json(request.body, rules_by_day=RulesByDay(), language=_language(request))
    except ProfileError as exc:
        return JsonResponse(exc.as_dict(), status=400)
    except UncoveredDay as exc:  # the profile's own as_of: the caller's choice
        return _error(422, "as_of", str(exc))
    except RuleError as exc:  # no rules today: the server's data is at fault
        return _error(503, "as_of", str(exc))
    return JsonResponse(result)
