"""The strict CSP, widened for the sign-in pages' forms only."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sexto.directory.sign_in.selectors import identity_provider_origins

# Pages whose forms post to allauth's social login, which answers with a redirect to the
# provider's authorization endpoint: browsers apply the page's CSP `form-action` to that
# redirect too, so these pages allow the enabled providers' origins (and only these pages).
_BOARD_SIGN_IN_PATHS = ("/accounts/login/", "/accounts/oidc/")


class BoardSignInFormActionMiddleware:
    """Lets the sign-in forms reach the organisations' providers under the strict CSP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(_BOARD_SIGN_IN_PATHS) and response.get(
            "Content-Type", ""
        ).startswith("text/html"):
            origins = identity_provider_origins()
            if origins:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), *origins]
                response._csp_update = update  # type: ignore[attr-defined]
        return response
