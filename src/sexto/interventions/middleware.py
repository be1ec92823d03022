"""No image ever enters the system: files sent to the kit's pages or API are refused outright."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sexto.core.problems import problem_response

CASE_PATHS = ("/intakes/", "/cases/", "/grid/", "/api/v1/")


class RefuseUploadsMiddleware:
    """A multipart body (the only way a browser sends a file) to a case URL gets 415, unread."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        content_type = request.META.get("CONTENT_TYPE", "").lower()
        if request.path.startswith(CASE_PATHS) and content_type.startswith("multipart/"):
            message = _(
                "Files cannot be sent to Sexto: it never holds images or documents. "
                "Describe what was reported in words, with the grid."
            )
            if request.path.startswith("/api/"):
                return problem_response(request, status=415, code="uploads_refused", detail=message)
            return render(request, "errors/upload_refused.html", {"message": message}, status=415)
        return self.get_response(request)
