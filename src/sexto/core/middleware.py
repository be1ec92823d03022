"""Per-request notes (request id, client address), and headers Django does not set itself."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

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


def _caching_is_public(response: HttpResponse) -> bool:
    directives = response.get("Cache-Control", "").lower().replace(" ", "").split(",")
    return any(d == "public" or d.startswith("public=") for d in directives)


class NoStoreWhenSignedInMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user or to a request
    with an Authorization header (the API's tokens): case pages and case data must never stay in
    a shared computer's browser cache or a proxy. A view that chose public caching deliberately
    (public documents, status lists) keeps it: what it serves is the same for everyone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Read after the view: a sign-in or a bearer token sets the user during the request.
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or "HTTP_AUTHORIZATION" in request.META) and not _caching_is_public(response):
            patch_cache_control(response, private=True, no_store=True)
        return response
