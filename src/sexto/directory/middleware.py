"""Two-factor sign-in required by capability (DESIGN.md)."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sexto.core.problems import problem_response
from sexto.directory.permissions import user_requires_two_factor

_ALWAYS_ALLOWED = ("/accounts/", "/i18n/", "/static/", "/favicon")


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
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            if request.path.startswith("/api/"):
                return problem_response(
                    request,
                    status=403,
                    code="two_factor_required",
                    detail=_("Your role requires a second factor: set it up in Sexto first."),
                )
            messages.warning(
                request,
                _(
                    "Your role gives access to confidential files: set up a second factor "
                    "(an authenticator app on your phone) to continue."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
