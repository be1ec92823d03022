"""Secure headers on every kind of response, under the production settings (issue 10's gate)."""

from __future__ import annotations

import json

import pytest

from tests.core.test_settings import PROD_ENV, _manage

# Runs in a child process: production settings are read once at start-up and cannot be swapped in.
_PROBE = """
import json
from django.core.management import call_command
from django.test import Client, override_settings
# The sign-in page lists the boards' sign-in buttons: the (in-memory) database needs its tables.
call_command("migrate", verbosity=0, interactive=False)
# The hashed-name manifest exists only after collectstatic; headers do not depend on it.
override_settings(STORAGES={"staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client(HTTP_HOST="sexto.example.org")
out = {}
for name, path in [("home", "/"), ("sign_in", "/accounts/login/"), ("missing", "/no-such-page/"),
                   ("api", "/api/v1/openapi.json")]:
    response = client.get(path, secure=True)
    out[name] = {"status": response.status_code, "headers": dict(response.headers)}
out["plain_http"] = {"status": client.get("/", secure=False).status_code}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def responses() -> dict[str, dict]:
    result = _manage("shell", "-c", _PROBE, env={**PROD_ENV, "DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("page", ["home", "sign_in", "missing", "api"])
def test_every_response_carries_the_secure_headers(responses: dict, page: str) -> None:
    headers = {k.lower(): v for k, v in responses[page]["headers"].items()}
    assert headers["strict-transport-security"] == "max-age=63072000; includeSubDomains; preload"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]
    csp = headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_plain_http_is_redirected_to_https(responses: dict) -> None:
    assert responses["plain_http"]["status"] == 301
