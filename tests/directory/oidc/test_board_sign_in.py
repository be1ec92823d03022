"""Sign-in through an organisation's OpenID Connect provider: the whole flow, against a real
provider started locally (provider.mjs), through the live server."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from sexto.audit.models import AuditEvent
from sexto.directory.models import Organisation, Role, User
from tests.directory.oidc.local_provider import LocalProvider, identity_provider_create
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SchoolFactory,
    TwoFactorUserFactory,
    UserFactory,
)
from tests.helpers import totp_now

pytestmark = pytest.mark.django_db(transaction=True)


def _board(provider: LocalProvider, **extra: Any) -> Organisation:
    organisation = OrganisationFactory(slug=provider.slug, name="Centre de services des Tests")
    identity_provider_create(organisation=organisation, provider=provider, **extra)
    return organisation


def _sign_in_at_board(base_url: str, login: str) -> tuple[requests.Session, requests.Response]:
    """Press "Sign in with …" on our sign-in page, then sign in at the provider's own page."""
    session = requests.Session()
    page = session.get(f"{base_url}/accounts/login/", timeout=10)
    assert page.status_code == 200
    action = re.search(r'<form method="post" action="(/accounts/oidc/[^"]+)"', page.text)
    assert action, "no board sign-in button on the sign-in page"
    response = session.post(
        f"{base_url}{action.group(1).replace('&amp;', '&')}",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base_url}/accounts/login/"},
        timeout=10,
    )
    # At the provider: its development login page.
    assert response.url.startswith("http://127.0.0.1:"), response.text[:500]
    submit = re.search(r'<form autocomplete="off" action="([^"]+)"', response.text)
    assert submit, response.text[:500]
    submit_url = requests.compat.urljoin(response.url, submit.group(1))
    response = session.post(
        submit_url, data={"prompt": "login", "login": login, "password": "any"}, timeout=20
    )
    return session, response


def _signed_in(session: requests.Session, base_url: str) -> bool:
    account = session.get(f"{base_url}/account/", allow_redirects=False, timeout=10)
    return account.status_code == 200


def test_member_signs_in_with_their_board_and_is_linked(
    live_server: Any, oidc_provider: LocalProvider
) -> None:
    board = _board(oidc_provider)
    member = MembershipFactory(
        role=Role.STAFF,
        school=SchoolFactory(organisation=board),
        user=UserFactory(email="member@board.test"),
    ).user

    session, response = _sign_in_at_board(live_server.url, "member")

    assert response.status_code == 200
    assert response.url.startswith(live_server.url)
    assert _signed_in(session, live_server.url)
    account = SocialAccount.objects.get(user=member)
    assert (account.provider, account.uid) == (board.slug, "member")
    assert AuditEvent.objects.filter(
        action="auth.board_sign_in.linked", actor=f"user:{member.pk}"
    ).exists()
    assert User.objects.count() == 1  # nobody created


@pytest.mark.parametrize(
    ("login", "reason"),
    [
        ("unverified", "email_not_verified"),
        ("stranger", "not_member"),
        ("elsewhere", "not_member"),
    ],
)
def test_refused_without_verified_email_of_a_member_of_this_board(
    live_server: Any, oidc_provider: LocalProvider, english: None, login: str, reason: str
) -> None:
    board = _board(oidc_provider)
    # The unverified address belongs to a member: the provider's word is still needed.
    MembershipFactory(
        school=SchoolFactory(organisation=board), user=UserFactory(email="unverified@board.test")
    )
    # "elsewhere" is a member, but of another board.
    MembershipFactory(user=UserFactory(email="elsewhere@other.test"))

    session, response = _sign_in_at_board(live_server.url, login)

    assert response.status_code == 403
    assert not _signed_in(session, live_server.url)
    if reason == "email_not_verified":
        assert "did not confirm that it verified your email address" in response.text
    else:
        assert "Ask your Sexto administrator to invite you with this address" in response.text
    assert not SocialAccount.objects.exists()
    assert AuditEvent.objects.filter(action=f"auth.board_sign_in.refused.{reason}").count() == 1
    assert User.objects.filter(email__in=["stranger@board.test"]).count() == 0


@pytest.mark.parametrize(("kind", "accepted"), [("entra_id", True), ("other", False)])
def test_entra_ids_verified_domain_claim_stands_for_email_verified_from_entra_only(
    live_server: Any, oidc_provider: LocalProvider, english: None, kind: str, accepted: bool
) -> None:
    """Found in the last round: Entra ID never sends `email_verified`, so every Entra member was
    refused. Its `xms_edov` (the address's domain is verified for the tenant) now links the
    account, but only from a provider configured as Entra ID."""
    board = _board(oidc_provider, kind=kind)
    member = MembershipFactory(
        school=SchoolFactory(organisation=board), user=UserFactory(email="entra@board.test")
    ).user

    session, response = _sign_in_at_board(live_server.url, "entra")

    assert _signed_in(session, live_server.url) is accepted
    assert SocialAccount.objects.filter(user=member).exists() is accepted
    if not accepted:
        assert response.status_code == 403
        assert "did not confirm that it verified your email address" in response.text


def test_coordinator_is_still_asked_for_totp(
    live_server: Any, oidc_provider: LocalProvider
) -> None:
    board = _board(oidc_provider)
    MembershipFactory(
        role=Role.COORDINATOR,
        school=SchoolFactory(organisation=board),
        user=TwoFactorUserFactory(email="coordinator@board.test"),
    )

    session, response = _sign_in_at_board(live_server.url, "coordinator")

    assert response.url == f"{live_server.url}/accounts/2fa/authenticate/"
    assert not _signed_in(session, live_server.url)
    page = session.get(response.url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    done = session.post(
        response.url,
        data={"csrfmiddlewaretoken": token.group(1), "code": totp_now()},
        headers={"Referer": response.url},
        timeout=10,
    )
    assert done.status_code == 200
    assert _signed_in(session, live_server.url)


def test_coordinator_without_totp_is_sent_to_set_it_up(
    live_server: Any, oidc_provider: LocalProvider
) -> None:
    board = _board(oidc_provider)
    MembershipFactory(
        role=Role.COORDINATOR,
        school=SchoolFactory(organisation=board),
        user=UserFactory(email="coordinator@board.test"),
    )

    _session, response = _sign_in_at_board(live_server.url, "coordinator")

    # (allauth asks the password again first, as after a password sign-in, since this person
    # has one.)
    assert "/accounts/2fa/totp/activate/" in unquote(response.url)


@pytest.mark.parametrize("has_totp", [True, False])
def test_no_totp_when_the_board_declared_its_provider_enforces_mfa(
    live_server: Any, oidc_provider: LocalProvider, has_totp: bool
) -> None:
    board = _board(oidc_provider, idp_enforces_mfa=True)
    factory = TwoFactorUserFactory if has_totp else UserFactory
    coordinator = MembershipFactory(
        role=Role.COORDINATOR,
        school=SchoolFactory(organisation=board),
        user=factory(email="coordinator@board.test"),
    ).user

    session, response = _sign_in_at_board(live_server.url, "coordinator")

    assert response.status_code == 200
    assert "/accounts/2fa/" not in response.url
    assert _signed_in(session, live_server.url)
    assert AuditEvent.objects.filter(
        action="auth.mfa_by_identity_provider", actor=f"user:{coordinator.pk}"
    ).exists()
