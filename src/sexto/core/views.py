"""Error pages: each says what happened and what to do, in the user's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sexto.core.problems import problem_response
from sexto.core.unavailable import unavailable_response


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return problem_response(request, status=404, code="not_found", detail="Not found.")
    # A refusal may carry a message meant for this person only (e.g. "your access ended").
    detail = getattr(exception, "sexto_detail", None)
    return render(request, "errors/404.html", {"detail": detail}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # The database away or read-only is not a bug: say so calmly, with Retry-After (503).
    unavailable = unavailable_response(request)
    if unavailable is not None:
        return unavailable
    return render(request, "errors/500.html", status=500)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form expired or cookies are blocked: nothing was saved; reload and try again."""
    return render(request, "errors/csrf.html", status=403)
