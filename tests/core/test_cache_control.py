"""No copy of what a signed-in person sees stays in a cache (issue 14, item 10).

Every route of the authorisation matrix is checked for signed-in roles in
tests/test_authz_matrix.py::test_every_response_to_a_signed_in_role_is_not_stored; these cover
what the matrix does not: API tokens, and public caching left as the views chose it.
"""

from __future__ import annotations

import datetime
import secrets

import pytest
from django.test import Client
from django.utils import timezone

from sexto.api.models import ApiToken
from sexto.api.services import TOKEN_PREFIX, token_digest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_api_answers_to_a_bearer_token_are_not_stored() -> None:
    user = UserFactory()
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        name="script",
        prefix=raw[len(TOKEN_PREFIX) :][:8],
        digest=token_digest(raw),
        scopes=["read"],
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    refused = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer sxt_wrong")
    assert refused.status_code == 401
    assert "no-store" in refused["Cache-Control"]


def test_a_signed_in_page_is_not_stored() -> None:
    client = Client()
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    directives = client.get("/").headers["Cache-Control"].replace(" ", "").split(",")
    assert set(directives) == {"private", "no-store"}
