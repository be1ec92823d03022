"""django-oauth-toolkit for the OB 3.0 API: its validator narrowed (a client may ask a member
only for the scopes it registered, RFC 7591 ``scope``), and its consent view fitted to our CSP."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import AuthorizationView


class HostApiValidator(OAuth2Validator):  # type: ignore[misc]  # untyped library
    def validate_scopes(
        self,
        client_id: str,
        scopes: list[str],
        client: Any,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        if not super().validate_scopes(client_id, scopes, client, request, *args, **kwargs):
            return False
        host_client = getattr(client, "host_client", None)
        if host_client is None:
            return True  # an application made by hand in the admin: the settings' scopes
        return set(scopes) <= set(host_client.scope.split())


def _origin(uri: str) -> str | None:
    parts = urlsplit(uri)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


class HostAuthorizationView(AuthorizationView):  # type: ignore[misc]  # untyped library
    """django-oauth-toolkit's consent page, whose form may send the member on to the client:
    the CSP's ``form-action`` (``'self'`` everywhere else) lets this page's form go to the
    client's validated redirect URI, and to nowhere else (browsers apply ``form-action`` to the
    redirect that follows the POST)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().get(request, *args, **kwargs)
        redirect_uri = (getattr(self, "oauth2_data", None) or {}).get("redirect_uri")
        origin = _origin(redirect_uri) if isinstance(redirect_uri, str) else None
        if response.status_code == 200 and origin is not None:
            response._csp_update = {"form-action": [origin]}  # type: ignore[attr-defined]
        return response
