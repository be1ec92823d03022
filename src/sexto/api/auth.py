"""API authentication: the browser session, or a bearer token with scopes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from sexto.api.services import TOKEN_PREFIX, api_token_authenticate
from sexto.core.errors import PermissionRefused


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (CSRF checked, as for any form)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.api_scopes = {"read", "grid", "write"}  # type: ignore[attr-defined]
            return user
        return None

    def _get_key(self, request: HttpRequest) -> str | None:
        from django.conf import settings

        return request.COOKIES.get(settings.SESSION_COOKIE_NAME)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sxt_…` — a token issued after two-factor sign-in."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(TOKEN_PREFIX):
            return None
        api_token = api_token_authenticate(raw=token, request=request)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_scopes = set(api_token.scopes)  # type: ignore[attr-defined]
        return api_token.user


def scope_required(request: HttpRequest, scope: str) -> bool:
    return scope in getattr(request, "api_scopes", set())


class ScopeMissing(PermissionRefused):
    """The API token was not issued with the scope this endpoint needs."""

    code = "scope_missing"


def scope_require(request: HttpRequest, scope: str) -> None:
    """Refuse (403 problem) a token issued without `scope`; a signed-in session has them all."""
    if not scope_required(request, scope):
        raise ScopeMissing(
            _("Your API token lacks the “%(scope)s” scope: issue a new token with it.")
            % {"scope": scope}
        )
