"""API tokens and sessions end with the access that made them: a password change or reset, a
second factor removed or reset, a role ended; no token outlives API_TOKEN_DAYS (issue 14, item 9).
Each test replays the attack: a token (or a second browser) that kept working afterwards."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from sexto.api.models import ApiToken
from sexto.api.services import TokenLifetimeTooLong, api_token_issue
from sexto.audit.models import AuditEvent
from sexto.directory.models import Membership, User
from sexto.directory.services import membership_end, two_factor_reset
from tests.factories import PASSWORD, World, world_email
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db
COORDINATOR = world_email("coordinator")
ADMIN = world_email("admin")
NEW_PASSWORD = "Une-toute-nouvelle-phrase-2026"


def _token(client: Client) -> str:
    response = client.post("/account/tokens/", {"name": "rapport", "scopes": ["read"], "days": 30})
    assert response.status_code == 200
    return str(response.context["raw_secret"])


def _me(secret: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code


def _signed_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200


@pytest.fixture
def attacker(world: World) -> tuple[Client, Client, str]:
    """The person in their own browser, a second browser (a stolen session) and a token."""
    person, other = FormClient(), FormClient()
    sign_in(person, COORDINATOR)
    cache.clear()
    sign_in(other, COORDINATOR)
    secret = _token(person)
    assert _me(secret) == 200 and _signed_in(other)
    return person, other, secret


def _post_reauthenticated(client: Client, path: str) -> None:
    """A sensitive allauth action asks for the password again first, as it would in a browser."""
    response = client.post(path)
    if response.status_code == 302 and "/reauthenticate/" in response["Location"]:
        # allauth replays the pending action once the password is given.
        response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302 and "/reauthenticate/" not in response["Location"]


def _revoked_for(reason: str) -> None:
    token = ApiToken.objects.get()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(
        action=f"api_token.revoke.{reason}", target_id=str(token.pk)
    ).exists()
    assert AuditEvent.objects.filter(action=f"auth.sessions_end.{reason}").exists()


def test_password_change_ends_tokens_and_other_sessions(
    attacker: tuple[Client, Client, str],
) -> None:
    person, other, secret = attacker
    response = person.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    denied = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert denied.status_code == 401
    assert denied["Content-Type"] == "application/problem+json"
    assert not _signed_in(other)
    assert _signed_in(person)  # the browser that changed it stays signed in
    _revoked_for("password_change")


def test_password_reset_ends_tokens_and_sessions(attacker: tuple[Client, Client, str]) -> None:
    person, other, secret = attacker
    anonymous = FormClient()
    anonymous.post("/accounts/password/reset/", {"email": COORDINATOR})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    assert link is not None
    form_url = anonymous.get(link.group(1))["Location"]
    response = anonymous.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert _me(secret) == 401
    assert not _signed_in(other) and not _signed_in(person)
    _revoked_for("password_reset")


def test_removing_the_second_factor_ends_tokens_and_other_sessions(
    attacker: tuple[Client, Client, str],
) -> None:
    person, other, secret = attacker
    _post_reauthenticated(person, "/accounts/2fa/totp/deactivate/")
    assert _me(secret) == 401
    assert not _signed_in(other)
    _revoked_for("mfa_remove")
    assert AuditEvent.objects.filter(action="auth.sessions_end.mfa_remove").count() == 1


def test_new_recovery_codes_end_tokens_and_other_sessions(
    transactional_db: None, attacker: tuple[Client, Client, str]
) -> None:
    # Real commits: allauth signals new recovery codes after commit, inside the request.
    person, other, secret = attacker
    _post_reauthenticated(person, "/accounts/2fa/recovery-codes/generate/")
    assert _me(secret) == 401
    assert not _signed_in(other)
    assert _signed_in(person)
    _revoked_for("mfa_reset")


def test_an_administrators_second_factor_reset_ends_tokens_and_sessions(
    attacker: tuple[Client, Client, str],
) -> None:
    person, other, secret = attacker
    admin = User.objects.get(email=ADMIN)
    two_factor_reset(actor=admin, user=User.objects.get(email=COORDINATOR))
    assert _me(secret) == 401
    assert not _signed_in(other) and not _signed_in(person)
    _revoked_for("mfa_reset")


def test_the_end_of_a_role_ends_tokens_and_sessions(attacker: tuple[Client, Client, str]) -> None:
    person, other, secret = attacker
    membership = Membership.objects.get(user__email=COORDINATOR, valid_until__isnull=True)
    membership_end(actor=User.objects.get(email=ADMIN), membership=membership)
    assert _me(secret) == 401
    assert not _signed_in(other) and not _signed_in(person)
    _revoked_for("membership_end")


def test_a_role_ending_on_a_later_day_ends_older_tokens_that_day(
    attacker: tuple[Client, Client, str],
) -> None:
    _person, _other, secret = attacker
    # The role was given an end day when the token was issued; that day has now come.
    ApiToken.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))
    Membership.objects.filter(user__email=COORDINATOR).update(valid_until=timezone.localdate())
    assert _me(secret) == 401
    token = ApiToken.objects.get()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(
        action="api_token.revoke.membership_end", target_id=str(token.pk), actor="system"
    ).exists()


def test_a_token_cannot_be_issued_beyond_the_cap(world: World, client: Client, settings) -> None:
    settings.API_TOKEN_DAYS = 90
    sign_in(client, COORDINATOR)
    client.cookies["django_language"] = "en"
    response = client.post("/account/tokens/", {"name": "long", "scopes": ["read"], "days": 3650})
    assert response.status_code == 422
    assert "less than or equal to 90" in response.content.decode()
    assert 'max="90"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_service_refuses_a_lifetime_beyond_the_cap(world: World, client: Client) -> None:
    sign_in(client, COORDINATOR)
    request = client.get("/account/tokens/").wsgi_request
    with pytest.raises(TokenLifetimeTooLong):
        api_token_issue(request=request, name="long", scopes=["read"], days=3650)
    assert not ApiToken.objects.exists()


def test_a_stored_token_past_its_cap_is_refused(world: World, client: Client, settings) -> None:
    settings.API_TOKEN_DAYS = 90
    sign_in(client, COORDINATOR)
    secret = _token(client)
    # Written before the cap was enforced (or by hand): an expiry ten years away.
    now = timezone.now()
    ApiToken.objects.update(
        created_at=now - datetime.timedelta(days=91), expires_at=now + datetime.timedelta(days=3650)
    )
    assert _me(secret) == 401
    ApiToken.objects.update(created_at=now - datetime.timedelta(days=89))
    assert _me(secret) == 200


def test_a_password_changed_in_the_django_admin_ends_tokens_and_sessions(
    attacker: tuple[Client, Client, str],
) -> None:
    person, other, secret = attacker
    superuser = User.objects.get(email=ADMIN)
    User.objects.filter(pk=superuser.pk).update(is_staff=True, is_superuser=True)
    admin = FormClient()
    sign_in(admin, ADMIN)
    coordinator = User.objects.get(email=COORDINATOR)
    response = admin.post(
        f"/admin/directory/user/{coordinator.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert _me(secret) == 401
    assert not _signed_in(other) and not _signed_in(person)
    _revoked_for("password_change")
