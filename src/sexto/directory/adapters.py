"""allauth and axes glue: invitation-only accounts, password failures limited by axes alone."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """People are invited by an administrator: no public sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Password failures are axes's job (per username and IP, with a cool-off). allauth's own
        # `login_failed` limit stays in force for TOTP codes, which go through another path.
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """allauth authenticates with `email=`; axes must count failures under that email."""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or ""
    else:
        value = request.POST.get("login", "") if request is not None else ""
    return str(value).strip().lower()
