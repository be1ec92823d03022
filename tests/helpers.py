"""Helpers shared by tests: sign in through allauth with password and TOTP, like a person."""

from __future__ import annotations

import pyotp
from django.core.cache import cache
from django.test import Client

from sexto.directory.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET


def totp_now() -> str:
    return pyotp.TOTP(DEMO_TOTP_SECRET).now()


def sign_in(client: Client, email: str, password: str = DEMO_PASSWORD) -> None:
    """Password then TOTP code, asserting each step succeeded."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content[:500]
    if response["Location"].startswith("/accounts/2fa/authenticate"):
        cache.clear()  # a code is accepted once per 30 s per user
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_now()})
        assert response.status_code == 302, response.content[:500]
