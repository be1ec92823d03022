"""Per-request notes (request id, client address), and headers Django does not set itself."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sexto.core.request import RequestNotes, client_ip_resolve, request_notes_set

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestNotesMiddleware:
    """Give each request an id (or keep a well-formed one from the proxy) and echo it back, and
    resolve the client's address once, behind the trusted proxies (core/request.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request_notes_set(
            request,
            RequestNotes(
                request_id=request_id,
                client_ip=client_ip_resolve(request.META, proxy_count=settings.PROXY_COUNT),
            ),
        )
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
