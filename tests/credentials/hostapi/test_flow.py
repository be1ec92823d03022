"""The OB 3.0 API end to end through Django's test client: a backpack registers, the member
authorises it (code + PKCE S256), the backpack gets a token and fetches the member's
credentials, which verify with our verifier; and every way that must be refused is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.test import Client

from sexto.audit.models import AuditEvent
from sexto.credentials.models import Award
from sexto.credentials.verification import credential_verify_submitted
from sexto.directory.models import User
from tests.credentials.hostapi.conftest import (
    API,
    SCOPE,
    Backpack,
    access_token,
    api_get,
    authorize,
    authorize_query,
    pkce_pair,
    token_exchange,
)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parents[3] / "src/sexto/credentials/ob3/schemas"
READ = f"{SCOPE}credential.readonly"


def _schema(name: str) -> dict[str, Any]:
    return dict(json.loads((SCHEMAS / name).read_text()))


def test_code_pkce_token_then_credentials_that_verify(award: Award, backpack: Backpack) -> None:
    token = access_token(award.recipient, backpack, READ)
    assert token["token_type"] == "Bearer" and token["refresh_token"]
    response = api_get("/credentials", token["access_token"])
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, _schema("getopenbadgecredentialsresponse-3.0.3.json"))
    assert body["compactJwsString"] == []
    assert len(body["credential"]) == 1
    credential = body["credential"][0]
    assert credential["id"].endswith(str(award.pk))
    assert credential_verify_submitted(credential).verified
    assert response["X-Total-Count"] == "1"
    assert "no-store" in response["Cache-Control"]
    issued = AuditEvent.objects.get(action="credentials.hostapi.token.issue")
    assert issued.actor == f"user:{award.recipient.pk}"
    read = AuditEvent.objects.filter(action="credentials.hostapi.credentials.read")
    assert read.count() == 1 and read.get().actor == f"user:{award.recipient.pk}"


def test_the_refresh_token_gives_a_new_access_token(award: Award, backpack: Backpack) -> None:
    token = access_token(award.recipient, backpack, READ)
    response = Client().post(
        f"{API}/oauth/token/",
        {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]},
        headers={"authorization": backpack.basic()},
    )
    assert response.status_code == 200, response.content
    assert api_get("/credentials", response.json()["access_token"]).status_code == 200


def test_without_pkce_no_code_is_given(award: Award, backpack: Backpack) -> None:
    browser = Client()
    browser.force_login(award.recipient)
    response = browser.get(authorize_query(backpack, READ, None))
    assert "code=" not in response.get("Location", "")
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "error=invalid_request" in response["Location"]


def test_plain_pkce_is_refused(award: Award, backpack: Backpack) -> None:
    browser = Client()
    browser.force_login(award.recipient)
    verifier, _challenge = pkce_pair()
    url = authorize_query(backpack, READ, verifier).replace("S256", "plain")
    response = browser.get(url)
    assert "code=" not in response.get("Location", "")


def test_a_code_without_its_verifier_gives_no_token(award: Award, backpack: Backpack) -> None:
    code, _verifier = authorize(award.recipient, backpack, READ)
    response = token_exchange(backpack, code, None)
    assert response.status_code == 400
    assert "access_token" not in response.json()


def test_a_code_with_a_wrong_verifier_gives_no_token(award: Award, backpack: Backpack) -> None:
    code, _verifier = authorize(award.recipient, backpack, READ)
    assert token_exchange(backpack, code, pkce_pair()[0]).status_code == 400


def test_no_token_is_401_with_a_bearer_challenge(award: Award) -> None:
    response = api_get("/credentials", None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer realm=")
    body = response.json()
    jsonschema.validate(body, _schema("imsx_statusinfo-3.0.3.json"))
    assert body["imsx_codeMajor"] == "failure"
    field = body["imsx_codeMinor"]["imsx_codeMinorField"][0]
    assert field["imsx_codeMinorFieldValue"] == "unauthorizedrequest"


def test_a_bad_token_is_401_invalid_token(award: Award) -> None:
    response = api_get("/credentials", "not-a-token")
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_token_without_the_scope_is_403(award: Award, backpack: Backpack) -> None:
    token = access_token(award.recipient, backpack, f"{SCOPE}profile.readonly")
    response = api_get("/credentials", token["access_token"])
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    jsonschema.validate(response.json(), _schema("imsx_statusinfo-3.0.3.json"))
    assert api_get("/profile", token["access_token"]).status_code == 200


def test_a_client_cannot_ask_for_a_scope_it_did_not_register(
    award: Award, backpack: Backpack
) -> None:
    browser = Client()
    browser.force_login(award.recipient)
    response = browser.get(authorize_query(backpack, f"{SCOPE}profile.update", pkce_pair()[1]))
    assert "code=" not in response.get("Location", "")
    assert response.status_code == 302 and "error=invalid_scope" in response["Location"]


def test_pagination_headers_and_bad_parameters(
    award: Award, backpack: Backpack, explorateur: Any, architecte: Any
) -> None:
    Award.objects.create(
        recipient=award.recipient,
        level=architecte,
        badge_slug=architecte.badge_slug,
        issued_at=award.issued_at.replace(year=2025),
    )
    token = access_token(award.recipient, backpack, READ)["access_token"]
    first = api_get("/credentials", token, limit=1)
    assert first.status_code == 200
    assert first["X-Total-Count"] == "2"
    assert len(first.json()["credential"]) == 1
    assert 'rel="next"' in first["Link"] and "offset=1" in first["Link"]
    assert first["Link"].startswith("<https://sexto.test/ims/ob/v3p0/credentials?")
    second = api_get("/credentials", token, limit=1, offset=1)
    assert 'rel="prev"' in second["Link"] and 'rel="next"' not in second["Link"]
    assert second.json()["credential"][0]["id"] != first.json()["credential"][0]["id"]
    since = api_get("/credentials", token, since="2024-12-31T00:00:00Z")
    assert since["X-Total-Count"] == "1"
    for bad in ({"limit": "0"}, {"limit": "x"}, {"offset": "-1"}, {"since": "yesterday"}):
        response = api_get("/credentials", token, **bad)
        assert response.status_code == 400, bad
        field = response.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]
        assert field["imsx_codeMinorFieldValue"] == "invalid_query_parameter"


def test_another_members_credentials_are_never_returned(
    award: Award, backpack: Backpack, people: dict[str, User]
) -> None:
    other = people["coordinator"]
    token = access_token(other, backpack, READ)["access_token"]
    response = api_get("/credentials", token)
    assert response.json()["credential"] == []
    assert response["X-Total-Count"] == "0"


def test_profile_as_the_member_chose(award: Award, backpack: Backpack) -> None:
    from tests.credentials.member_fixtures import member_profile_set

    member = award.recipient
    token = access_token(member, backpack, f"{SCOPE}profile.readonly")["access_token"]
    body = api_get("/profile", token).json()
    jsonschema.validate(body, _schema("profile-3.0.3.json"))
    assert "name" not in body and "email" not in body
    member_profile_set(member, public=True, show_name=True)
    body = api_get("/profile", token).json()
    assert body["name"] == member.get_full_name()
    assert body["url"] == f"https://sexto.test/members/{member.handle}/"
    assert AuditEvent.objects.filter(action="credentials.hostapi.profile.read").count() == 2


def test_upsert_and_put_profile_are_refused_clearly(award: Award, english: None) -> None:
    from tests.credentials.hostapi.conftest import register

    data = register(
        scope=" ".join(f"{SCOPE}{name}" for name in ("credential.upsert", "profile.update"))
    ).json()
    backpack = Backpack(data["client_id"], data["client_secret"])
    token = access_token(
        award.recipient, backpack, f"{SCOPE}credential.upsert {SCOPE}profile.update"
    )["access_token"]
    headers = {"authorization": f"Bearer {token}"}
    post = Client().post(
        f"{API}/credentials", "{}", content_type="application/json", headers=headers
    )
    assert post.status_code == 405
    assert post.json()["imsx_codeMajor"] == "unsupported"
    assert "accepts no credential from elsewhere" in post.json()["imsx_description"]
    put = Client().put(f"{API}/profile", "{}", content_type="application/json", headers=headers)
    assert put.status_code == 405
    assert api_get("/credentials", token).status_code == 403


def test_the_consent_page_names_the_app_and_the_scopes(
    award: Award, backpack: Backpack, english: None
) -> None:
    browser = Client()
    browser.force_login(award.recipient)
    page = browser.get(authorize_query(backpack, READ, pkce_pair()[1])).content.decode()
    assert "Connect “Sac à badges de test” to your badges?" in page
    assert "See your Sexto badges (signed credentials)" in page
    assert "<script>" not in page and "style=" not in page


def test_the_consent_page_in_french(award: Award, backpack: Backpack) -> None:
    browser = Client()
    browser.force_login(award.recipient)
    page = browser.get(authorize_query(backpack, READ, pkce_pair()[1])).content.decode()
    assert "Voir vos badges Sexto" in page


def test_signed_out_the_authorize_page_sends_to_sign_in(backpack: Backpack) -> None:
    response = Client().get(authorize_query(backpack, READ, pkce_pair()[1]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_consent_form_may_go_on_to_the_clients_redirect_uri_only(
    award: Award, backpack: Backpack
) -> None:
    browser = Client()
    browser.force_login(award.recipient)
    response = browser.get(authorize_query(backpack, READ, pkce_pair()[1]))
    policy = response["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert form_action.split()[1:] == ["'self'", "https://backpack.example"]
    assert "backpack.example" not in browser.get("/my/badges/")["Content-Security-Policy"]
