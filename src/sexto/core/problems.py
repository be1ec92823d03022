"""RFC 9457 problem details: every API error, one shape."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sexto.core.request import request_notes

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: gettext_noop("Bad request"),
    401: gettext_noop("Sign-in required"),
    403: gettext_noop("Not allowed"),
    404: gettext_noop("Not found"),
    405: gettext_noop("Method not allowed"),
    409: gettext_noop("Conflict"),
    413: gettext_noop("Request too large"),
    415: gettext_noop("Unsupported media type"),
    422: gettext_noop("Invalid input"),
    429: gettext_noop("Too many requests"),
    500: gettext_noop("Server error"),
    503: gettext_noop("Service unavailable"),
}


def problem_response(
    request: HttpRequest | None,
    *,
    status: int,
    detail: str,
    code: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    """A problem details response; `errors` holds per-field `{field, message}` entries."""
    body: dict[str, Any] = {
        "type": f"urn:sexto:problem:{code}",
        "title": _(TITLES.get(status, "Error")),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if request is not None:
        body["instance"] = request.path
        body["request_id"] = request_notes(request).request_id
    if errors:
        body["errors"] = errors
    response = JsonResponse(
        body,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
