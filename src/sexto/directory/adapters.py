"""allauth and axes glue: invitation-only accounts, password failures limited by axes alone."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sexto.core.request import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """People are invited by an administrator: no public sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Password failures are axes's job (per username and IP, with a cool-off). allauth's own
        # `login_failed` limit stays in force for TOTP codes, which go through another path.
        return None

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits key on this: the one address resolved for the request behind the
        # trusted proxies (core/request.py), not allauth's own reading of the headers.
        ip = client_ip(request)
        if ip is None:
            raise PermissionDenied("Unable to determine client IP address")
        return ip


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """allauth authenticates with `email=`; axes must count failures under that email."""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or ""
    else:
        value = request.POST.get("login", "") if request is not None else ""
    return str(value).strip().lower()
