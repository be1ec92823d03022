"""The API: /me by session or token, tokens after two factors only, errors as problem details."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sexto.api.models import ApiToken
from sexto.audit.models import AuditEvent
from sexto.directory.models import User
from tests.factories import World, world_email
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
COORDINATOR = world_email("coordinator")


def _issue(client: Client, **data: object):  # type: ignore[no-untyped-def]
    return client.post(
        "/account/tokens/", {"name": "rapport", "scopes": ["read"], "days": 30, **data}
    )


def test_me_with_the_session(world: World, client: Client) -> None:
    sign_in(client, COORDINATOR)
    body = client.get("/api/v1/me").json()
    assert body["handle"] == "jtremblay"
    assert body["roles"][0]["role"] == "coordinator"


def test_me_without_credentials_is_a_problem_detail(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert {"type", "title", "status", "detail"} <= set(problem)
    assert problem["status"] == 401


def test_unknown_api_path_is_a_problem_detail(client: Client) -> None:
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_token_after_two_factor_works_and_its_use_is_audited(world: World, client: Client) -> None:
    sign_in(client, COORDINATOR)
    response = _issue(client)
    assert response.status_code == 200
    secret = response.context["raw_secret"]
    assert secret.startswith("sxt_")
    token = ApiToken.objects.get()
    assert secret not in (token.digest, token.prefix)
    assert token.expires_at - timezone.now() > datetime.timedelta(days=29)
    api = Client()
    me = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200 and me.json()["email"] == COORDINATOR
    assert AuditEvent.objects.filter(action="api_token.issue").count() == 1
    assert AuditEvent.objects.filter(action="api_token.use").count() == 1


def test_no_token_without_a_second_factor_in_this_session(world: World, client: Client) -> None:
    client.force_login(User.objects.get(email=COORDINATOR))
    client.cookies["django_language"] = "en"
    response = _issue(client)
    assert response.status_code == 422
    assert "second factor" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoked_and_expired_tokens_are_refused(world: World, client: Client) -> None:
    sign_in(client, COORDINATOR)
    secret = _issue(client).context["raw_secret"]
    token = ApiToken.objects.get()
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    ApiToken.objects.update(revoked_at=None, expires_at=timezone.now())
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_openapi_schema_is_published(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
