"""Helpers shared by tests: sign in through allauth with password and TOTP, like a person."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

import pyotp
from django.core.cache import cache
from django.test import Client

from sexto.directory.demo import DEMO_PASSWORD
from tests.factories.directory import PASSWORD, TOTP_SECRET


class FormClient(Client):
    """Posts forms as browsers do (url-encoded): case URLs refuse multipart bodies outright."""

    def post(
        self, path: str, data: Any = None, content_type: str | None = None, **extra: Any
    ) -> Any:
        if content_type is None and isinstance(data, dict) and not _has_file(data):
            return super().post(
                path,
                urlencode(data, doseq=True),
                content_type="application/x-www-form-urlencoded",
                **extra,
            )
        if content_type is None:
            return super().post(path, data, **extra)
        return super().post(path, data, content_type=content_type, **extra)


def _has_file(data: dict[str, Any]) -> bool:
    return any(hasattr(value, "read") for value in data.values())


def totp_now() -> str:
    """The current code, never one about to expire (a code crossing its 30 s window while the
    request travels would be refused, and the test would fail by chance)."""
    remaining = 30 - time.time() % 30
    if remaining < 4:
        time.sleep(remaining + 0.2)
    return pyotp.TOTP(TOTP_SECRET).now()


def sign_in(client: Client, email: str, password: str | None = None) -> None:
    """Password then TOTP code, asserting each step succeeded. The password defaults to the
    factories' one, or the demo's for a demo account (browser tests walk the demo)."""
    if password is None:
        password = DEMO_PASSWORD if email.endswith(".demo") else PASSWORD
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content[:500]
    if response["Location"].startswith("/accounts/2fa/authenticate"):
        cache.clear()  # a code is accepted once per 30 s per user
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_now()})
        assert response.status_code == 302, response.content[:500]
