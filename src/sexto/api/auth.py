"""API authentication: the browser session, or a bearer token with scopes."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from sexto.api.services import TOKEN_PREFIX, api_token_authenticate
from sexto.core.errors import PermissionRefused
from sexto.core.request import request_notes
from sexto.directory.models import User

# A signed-in browser session may do everything its roles allow: it holds every scope.
SESSION_SCOPES = frozenset({"read", "grid", "write"})


class CsrfRefused(PermissionRefused):
    """A write through the browser session without the page's CSRF token."""

    code = "csrf_failed"


class SessionAuth(APIKeyCookie):
    """The signed-in browser session, CSRF checked as for any form (bearer tokens need none)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User):  # anonymous, or no session at all
            return None
        # The browser sends the session cookie with any request a same-site page makes, so a
        # write must also carry the token only our own pages hold. Django's own check: safe
        # methods pass, and so do tests that do not enforce it.
        if self.csrf and check_csrf(request) is not None:
            raise CsrfRefused(
                _(
                    "This change came from your browser session without its security token, so "
                    "nothing was saved. Reload the page and try again; programs use an API "
                    "token (Authorization: Bearer sxt_…)."
                )
            )
        request_notes(request).api_scopes = SESSION_SCOPES
        return user

    def _get_key(self, request: HttpRequest) -> str | None:
        # ninja's version checks CSRF for every caller, signed in or not; the check above runs
        # only when the session is what authenticates.
        return request.COOKIES.get(settings.SESSION_COOKIE_NAME)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sxt_…` — a token issued after two-factor sign-in."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        api_token = api_token_authenticate(raw=token, request=request)
        if api_token is None:
            return None
        request.user = api_token.user
        request_notes(request).api_scopes = frozenset(api_token.scopes)
        return api_token.user


def scope_required(request: HttpRequest, scope: str) -> bool:
    return scope in request_notes(request).api_scopes


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
