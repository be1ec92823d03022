"""Two-factor sign-in required by capability (DESIGN.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sexto.core.problems import problem_response
from sexto.directory.permissions import (
    TwoFactorRequired,
    user_has_two_factor,
    user_requires_two_factor,
)

_ALWAYS_ALLOWED = ("/accounts/", "/i18n/", "/static/", "/favicon")


def two_factor_setup_response(request: HttpRequest, detail: str | None = None) -> HttpResponse:
    """Where someone who needs TOTP and has none is sent: the set-up page with the reason, or a
    403 problem on the API."""
    if request.path.startswith("/api/"):
        return problem_response(
            request,
            status=403,
            code="two_factor_required",
            detail=detail or _("Your role requires a second factor: set it up in Sexto first."),
        )
    messages.warning(
        request,
        detail
        or _(
            "Your role gives access to confidential files: set up a second factor "
            "(an authenticator app on your phone) to continue."
        ),
    )
    return HttpResponseRedirect(reverse("mfa_activate_totp"))


class TwoFactorRequiredMiddleware:
    """Sends people whose role needs TOTP to set it up before they can go anywhere else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALWAYS_ALLOWED)
            and user_requires_two_factor(user)
            and not user_has_two_factor(user, request=request)
        ):
            return two_factor_setup_response(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A selector held access for want of TOTP (e.g. case_get_for): the same set-up page.
        if isinstance(exception, TwoFactorRequired):
            return two_factor_setup_response(request, str(exception))
        return None
