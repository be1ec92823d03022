"""An organisation's sign-in through its own provider: configured by its administrator (page and
Django admin), the secret encrypted at rest and never shown or logged, every change audited."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.socialaccount.models import SocialApp
from django.db import connection
from django.test import Client

from sexto.audit.models import AuditEvent
from sexto.directory.sign_in.models import IdentityProvider
from sexto.directory.sign_in.services import IdentityProviderNotAllowed, identity_provider_save
from sexto.directory.sign_in.social import SocialAccountAdapter
from tests.factories import World
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

URL = "/organisation/css-mille-lacs/sign-in/"
FORM = {
    "kind": "entra_id",
    "display_name": "CSS des Mille-Lacs",
    "issuer": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
    "client_id": "client-123",
    "client_secret": "very-secret-value-42",
    "enabled": "on",
}


def _admin_client(world: World) -> Client:
    client = Client()
    sign_in(client, world.people["admin"].email)
    return client


def test_admin_configures_the_provider_and_the_secret_is_encrypted_at_rest(world: World) -> None:
    client = _admin_client(world)
    response = client.post(URL, FORM)
    assert response.status_code == 302

    provider = IdentityProvider.objects.get(organisation__slug="css-mille-lacs")
    assert provider.client_secret == "very-secret-value-42"
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM directory_identityprovider")
        (raw,) = cursor.fetchone()
    assert "very-secret-value-42" not in raw
    event = AuditEvent.objects.get(action="identity_provider.create")
    assert event.actor == f"user:{world.people['admin'].pk}"
    # Never shown back.
    page = client.get(URL).content.decode()
    assert "very-secret-value-42" not in page
    assert "/accounts/oidc/css-mille-lacs/login/callback/" in page
    # No allauth SocialApp row: the app is built in memory.
    assert not SocialApp.objects.exists()


def test_an_empty_secret_keeps_the_stored_one(world: World) -> None:
    client = _admin_client(world)
    client.post(URL, FORM)
    response = client.post(URL, {**FORM, "client_secret": "", "display_name": "Mille-Lacs"})
    assert response.status_code == 302
    provider = IdentityProvider.objects.get()
    assert (provider.display_name, provider.client_secret) == ("Mille-Lacs", "very-secret-value-42")
    assert AuditEvent.objects.filter(action="identity_provider.update").count() == 1


def test_enabling_without_a_secret_says_what_to_do(world: World, english: None) -> None:
    client = _admin_client(world)
    response = client.post(URL, {**FORM, "client_secret": ""})
    assert response.status_code == 422
    assert "Enter the client secret your provider gave you" in response.content.decode()
    assert 'value="client-123"' in response.content.decode()  # input kept
    assert not IdentityProvider.objects.exists()


def test_declaring_that_the_provider_enforces_mfa_is_recorded_and_audited(world: World) -> None:
    admin = world.people["admin"]
    organisation = world.organisations["css-mille-lacs"]
    values: dict[str, Any] = {
        "kind": "google_workspace",
        "display_name": "Mille-Lacs",
        "issuer": "https://accounts.google.com",
        "client_id": "abc",
        "client_secret": "s",
        "enabled": True,
    }
    identity_provider_save(actor=admin, organisation=organisation, idp_enforces_mfa=True, **values)
    provider = IdentityProvider.objects.get()
    assert provider.mfa_declared_by == admin and provider.mfa_declared_at is not None
    assert AuditEvent.objects.filter(action="identity_provider.mfa_declared").count() == 1

    identity_provider_save(actor=admin, organisation=organisation, idp_enforces_mfa=False, **values)
    assert AuditEvent.objects.filter(action="identity_provider.mfa_withdrawn").count() == 1


def test_only_the_organisations_administrators_configure_it(world: World) -> None:
    other = world.organisations["island-school-board"]
    with pytest.raises(IdentityProviderNotAllowed):
        identity_provider_save(
            actor=world.people["admin"],
            organisation=other,
            kind="other",
            display_name="x",
            issuer="https://idp.example",
            client_id="x",
            client_secret="x",
            enabled=True,
            idp_enforces_mfa=False,
        )
    client = _admin_client(world)
    assert client.get("/organisation/island-school-board/sign-in/").status_code == 404


def test_sign_in_page_shows_one_button_per_enabled_provider(world: World, english: None) -> None:
    organisation = world.organisations["css-mille-lacs"]
    provider = IdentityProvider.objects.create(
        organisation=organisation,
        display_name="CSS des Mille-Lacs",
        issuer="https://idp.example",
        client_id="x",
        client_secret="y",
        enabled=False,
    )
    assert "Sign in with" not in Client().get("/accounts/login/").content.decode()
    provider.enabled = True
    provider.save()
    page = Client().get("/accounts/login/").content.decode()
    assert "Sign in with CSS des Mille-Lacs" in page
    assert 'action="/accounts/oidc/css-mille-lacs/login/?process=login"' in page
    # The strict CSP lets this page's forms (and the redirect they lead to) reach the provider.
    policy = Client().get("/accounts/login/")["Content-Security-Policy"]
    assert "form-action 'self' https://idp.example" in policy
    assert "https://idp.example" not in Client().get("/account/")["Content-Security-Policy"]
    apps = SocialAccountAdapter().list_apps(None)
    assert [(a.provider, a.provider_id, a.secret) for a in apps] == [
        ("openid_connect", "css-mille-lacs", "y")
    ]


def test_superuser_configures_it_in_the_django_admin_audited(world: World) -> None:
    client = Client()
    sign_in(client, world.people["superuser"].email)
    response = client.post(
        "/admin/directory/identityprovider/add/",
        {**FORM, "organisation": world.organisations["island-school-board"].pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = IdentityProvider.objects.get()
    assert provider.client_secret == "very-secret-value-42"
    assert AuditEvent.objects.filter(action="identity_provider.create").count() == 1
    page = client.get(f"/admin/directory/identityprovider/{provider.pk}/change/").content.decode()
    assert "very-secret-value-42" not in page


def test_the_demo_shows_a_disabled_entra_id_example(demo: None, english: None) -> None:
    provider = IdentityProvider.objects.get(organisation__slug="css-mille-lacs")
    assert provider.kind == IdentityProvider.Kind.ENTRA_ID and not provider.enabled
    assert "Sign in with" not in Client().get("/accounts/login/").content.decode()


def test_a_member_linked_to_a_provider_enforcing_mfa_counts_as_having_two_factors(
    world: World,
) -> None:
    from allauth.socialaccount.models import SocialAccount

    from sexto.directory.permissions import user_has_two_factor
    from tests.factories import UserFactory

    person = UserFactory()
    provider = IdentityProvider.objects.create(
        organisation=world.organisations["css-mille-lacs"],
        display_name="Mille-Lacs",
        issuer="https://idp.example",
        client_id="x",
        client_secret="y",
        enabled=True,
        idp_enforces_mfa=False,
    )
    SocialAccount.objects.create(user=person, provider="css-mille-lacs", uid="sub-1")
    assert not user_has_two_factor(person)
    provider.idp_enforces_mfa = True
    provider.save()
    assert user_has_two_factor(person)
    # A session that did not come through the provider still needs TOTP.
    client = Client()
    client.force_login(person)
    assert not user_has_two_factor(person, request=client.get("/").wsgi_request)


def test_the_providers_confirmation_and_cancel_pages_are_the_products(
    world: World, english: None
) -> None:
    IdentityProvider.objects.create(
        organisation=world.organisations["css-mille-lacs"],
        display_name="CSS des Mille-Lacs",
        issuer="https://idp.example",
        client_id="x",
        client_secret="y",
        enabled=True,
    )
    confirm = Client().get("/accounts/oidc/css-mille-lacs/login/")
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "<h1>Sign in with CSS des Mille-Lacs</h1>" in page and 'class="site-header"' in page
    assert "https://idp.example" in confirm["Content-Security-Policy"]
    cancelled = Client().get("/accounts/3rdparty/login/cancelled/").content.decode()
    assert "<h1>Sign-in cancelled</h1>" in cancelled


@pytest.mark.parametrize(
    ("amr", "stands"),
    [
        (None, True),  # Entra ID v2 and Google send no amr: the declaration stands
        (["mfa"], True),
        (["pwd", "otp"], True),
        (["pwd", "fido"], True),
        (["pwd"], False),  # the token itself says one factor: Sexto asks its own code
        (["otp"], False),
        (["PWD"], False),
    ],
)
def test_the_id_tokens_amr_can_deny_the_declared_second_factor(
    world: World, amr: list[str] | None, stands: bool
) -> None:
    """Found in the last round: a token saying the member signed in with a password only still
    skipped Sexto's code because the organisation had declared its provider enforces MFA."""
    from allauth.socialaccount.models import SocialAccount, SocialLogin

    from sexto.directory.sign_in.social import mfa_by_identity_provider

    organisation = world.organisations["css-mille-lacs"]
    provider = IdentityProvider.objects.create(
        organisation=organisation,
        kind=IdentityProvider.Kind.ENTRA_ID,
        display_name="CSS",
        issuer=FORM["issuer"],
        client_id="client-123",
        client_secret="x",
        enabled=True,
        idp_enforces_mfa=True,
    )
    claims = {"sub": "abc", "email": "a@b.test"} | ({"amr": amr} if amr is not None else {})
    account = SocialAccount(provider=organisation.slug, uid="abc", extra_data={"id_token": claims})
    assert (mfa_by_identity_provider(SocialLogin(account=account)) == provider) is stands
    provider.idp_enforces_mfa = False
    provider.save(update_fields=["idp_enforces_mfa"])
    assert mfa_by_identity_provider(SocialLogin(account=account)) is None
