"""Dynamic client registration (RFC 7591 as OB 3.0 profiles it): 201 with the credentials and
the metadata echoed, refusals with RFC 7591 errors, audited, rate-limited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from oauth2_provider.models import Application

from sexto.audit.models import AuditEvent
from sexto.credentials.hostapi.models import HostClient
from tests.credentials.hostapi.conftest import API, REDIRECT, SCOPE, register, registration_body

pytestmark = pytest.mark.django_db


def test_registration_returns_the_credentials_and_the_metadata() -> None:
    response = register()
    assert response.status_code == 201
    data = response.json()
    sent = registration_body()
    for name, value in sent.items():
        assert data[name] == value, name
    assert data["client_id"] and len(data["client_secret"]) >= 32
    assert isinstance(data["client_id_issued_at"], int)
    assert data["client_secret_expires_at"] == 0
    assert "no-store" in response["Cache-Control"]
    application = Application.objects.get(client_id=data["client_id"])
    assert application.client_secret != data["client_secret"]  # stored hashed
    assert application.authorization_grant_type == "authorization-code"
    assert HostClient.objects.get(application=application).scope == sent["scope"]
    event = AuditEvent.objects.get(action="credentials.hostapi.client.register")
    assert event.target_id == str(application.host_client.pk)


def test_a_loopback_http_redirect_is_accepted() -> None:
    assert register(redirect_uris=["http://127.0.0.1:8123/cb"]).status_code == 201


def test_production_accepts_https_redirects_only(settings: Any) -> None:
    settings.OAUTH2_PROVIDER = {
        **settings.OAUTH2_PROVIDER,
        "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    }
    response = register(redirect_uris=["http://127.0.0.1:8123/cb"])
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_redirect_uri"


@pytest.mark.parametrize(
    "uris",
    [
        ["http://backpack.example/callback"],
        ["https://backpack.example/cb#fragment"],
        ["not a uri"],
        ["/relative"],
        [],
        "https://backpack.example/cb",
    ],
)
def test_bad_redirect_uris_are_refused(uris: Any) -> None:
    response = register(redirect_uris=uris)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_redirect_uri"
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"scope": f"{SCOPE}credential.readonly https://example.com/admin"},
        {"scope": ""},
        {"client_name": ""},
        {"client_uri": "ftp://backpack.example/"},
        {"token_endpoint_auth_method": "none"},
        {"grant_types": ["client_credentials"]},
        {"response_types": ["token"]},
    ],
)
def test_bad_metadata_is_refused(overrides: dict[str, Any]) -> None:
    response = register(**overrides)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_client_metadata"
    assert body["error_description"]
    assert not Application.objects.exists()


def test_a_body_that_is_not_json_is_refused() -> None:
    response = Client().post(f"{API}/register", "client_name=x", content_type="text/plain")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client_metadata"


def test_registration_is_rate_limited(settings: Any) -> None:
    from sexto.core.limits_rules import RateRule

    settings.RATE_LIMITS = [RateRule("credentials:public_hostapi_register", "2/h", ("POST",))]
    assert register().status_code == 201
    assert register().status_code == 201
    assert register().status_code == 429
    assert Application.objects.count() == 2


def test_the_registered_redirect_uri_is_the_only_one_accepted() -> None:
    data = register().json()
    browser_url = (
        f"{API}/oauth/authorize/?response_type=code&client_id={data['client_id']}"
        f"&redirect_uri=https://evil.example/cb&scope={SCOPE}credential.readonly"
        "&code_challenge=abcdefghijabcdefghijabcdefghijabcdefghij123&code_challenge_method=S256"
    )
    from sexto.directory.models import User

    user = User.objects.create_user("m@example.test", "pw-long-enough-123", handle="mtest")
    client = Client()
    client.force_login(user)
    response = client.get(browser_url)
    assert "evil.example" not in response.get("Location", "")
    assert REDIRECT not in response.get("Location", "")
