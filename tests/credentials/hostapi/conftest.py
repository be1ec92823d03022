"""Fixtures for the OB 3.0 API: the demo award, a registered backpack, and the OAuth 2.0
authorization code + PKCE flow run through Django's test client as a backpack runs it."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client

from sexto.directory.models import User

API = "/ims/ob/v3p0"
SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
REDIRECT = "https://backpack.example/callback"
READ_SCOPE = SCOPE + "credential.readonly"


def registration_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_name": "Sac à badges de test",
        "client_uri": "https://backpack.example/",
        "logo_uri": "https://backpack.example/logo.png",
        "tos_uri": "https://backpack.example/tos",
        "policy_uri": "https://backpack.example/privacy",
        "software_id": "backpack-test",
        "software_version": "1.0",
        "redirect_uris": [REDIRECT],
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "scope": f"{SCOPE}credential.readonly {SCOPE}profile.readonly",
    }
    body.update(overrides)
    return body


def register(**overrides: Any) -> Any:
    return Client().post(
        f"{API}/register",
        json.dumps(registration_body(**overrides)),
        content_type="application/json",
    )


@dataclass
class Backpack:
    client_id: str
    client_secret: str

    def basic(self) -> str:
        raw = f"{self.client_id}:{self.client_secret}".encode()
        return "Basic " + base64.b64encode(raw).decode()


@pytest.fixture
def backpack(db: None) -> Backpack:
    response = register()
    assert response.status_code == 201, response.content
    data = response.json()
    return Backpack(data["client_id"], data["client_secret"])


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def authorize_query(
    backpack: Backpack, scope: str, challenge: str | None, redirect: str = REDIRECT
) -> str:
    query = {
        "response_type": "code",
        "client_id": backpack.client_id,
        "redirect_uri": redirect,
        "scope": scope,
        "state": "xyz",
    }
    if challenge is not None:
        query.update({"code_challenge": challenge, "code_challenge_method": "S256"})
    return f"{API}/oauth/authorize/?" + urlencode(query)


def authorize(member: User, backpack: Backpack, scope: str) -> tuple[str, str]:
    """The member signs in, sees the consent page and allows: (code, verifier)."""
    verifier, challenge = pkce_pair()
    browser = Client()
    browser.force_login(member)
    url = authorize_query(backpack, scope, challenge)
    page = browser.get(url)
    assert page.status_code == 200, page.content
    form = {
        name: value
        for name, value in (
            ("redirect_uri", REDIRECT),
            ("scope", scope),
            ("client_id", backpack.client_id),
            ("state", "xyz"),
            ("response_type", "code"),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
            ("allow", "Authorize"),
        )
    }
    answer = browser.post(url, form)
    assert answer.status_code == 302, answer.content
    location = urlsplit(answer["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    params = parse_qs(location.query)
    assert params["state"] == ["xyz"]
    return params["code"][0], verifier


def token_exchange(
    backpack: Backpack, code: str, verifier: str | None, redirect: str = REDIRECT
) -> Any:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect}
    if verifier is not None:
        data["code_verifier"] = verifier
    return Client().post(
        f"{API}/oauth/token/",
        urlencode(data),
        content_type="application/x-www-form-urlencoded",
        headers={"authorization": backpack.basic()},
    )


def access_token(member: User, backpack: Backpack, scope: str) -> dict[str, Any]:
    code, verifier = authorize(member, backpack, scope)
    response = token_exchange(backpack, code, verifier)
    assert response.status_code == 200, response.content
    return dict(response.json())


def api_get(path: str, token: str | None, **query: Any) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    suffix = ("?" + urlencode(query)) if query else ""
    return Client().get(f"{API}{path}{suffix}", headers=headers)
