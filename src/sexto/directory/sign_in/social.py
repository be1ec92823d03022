"""Sign-in through an organisation's own OpenID Connect provider (allauth's social accounts).

allauth's apps are built in memory from each organisation's IdentityProvider (its secret stays
encrypted in our table, never in allauth's SocialApp table); the provider id is the
organisation's short name, so the callback is /accounts/oidc/<slug>/login/callback/. A sign-in
links only to an existing member by a verified email and never creates an account
(services.board_sign_in_accept). Roles that need two factors still get our TOTP unless the
organisation declared that its provider enforces a second factor.
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import render

from sexto.audit.services import audit_record
from sexto.directory.models import User
from sexto.directory.permissions import IDP_MFA_SESSION_KEY
from sexto.directory.sign_in.models import IdentityProvider
from sexto.directory.sign_in.selectors import identity_provider_for_slug, identity_providers_enabled
from sexto.directory.sign_in.services import BoardSignInRefused, board_sign_in_accept

PROVIDER = "openid_connect"


def identity_provider_app(provider: IdentityProvider) -> SocialApp:
    """allauth's app for this provider, in memory only (never saved)."""
    return SocialApp(
        provider=PROVIDER,
        provider_id=provider.organisation.slug,
        name=provider.display_name,
        client_id=provider.client_id,
        secret=provider.client_secret,
        settings={"server_url": provider.issuer},
    )


def _claims(sociallogin: SocialLogin) -> dict[str, Any]:
    data = sociallogin.account.extra_data or {}
    # The ID token's claims, overlaid with userinfo's (as allauth's provider prefers userinfo).
    claims: dict[str, Any] = dict(data.get("id_token") or {})
    claims.update(data.get("userinfo") or {})
    return claims


def _identity_provider_of(sociallogin: SocialLogin) -> IdentityProvider | None:
    return identity_provider_for_slug(slug=str(sociallogin.account.provider))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Apps from IdentityProvider rows; sign-in for existing members only."""

    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        providers = identity_providers_enabled()
        if provider and provider != PROVIDER:
            providers = providers.filter(organisation__slug=provider)
        if client_id:
            providers = providers.filter(client_id=client_id)
        return [identity_provider_app(p) for p in providers]

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = _identity_provider_of(sociallogin)
        linked = sociallogin.user if sociallogin.is_existing else None
        try:
            if provider is None:
                raise BoardSignInRefused("", reason="provider_disabled")
            user = board_sign_in_accept(
                identity_provider=provider,
                claims=_claims(sociallogin),
                linked_user=linked if isinstance(linked, User) else None,
                request=request,
            )
        except BoardSignInRefused as refusal:
            raise ImmediateHttpResponse(
                render(
                    request,
                    "socialaccount/board_sign_in_refused.html",
                    {"message": str(refusal), "provider": provider},
                    status=403,
                )
            ) from None
        if linked is None:
            # Linked from now on by the provider's subject, whatever the email becomes there.
            sociallogin.user = user
            sociallogin.save(request, connect=True)


# RFC 8176 authentication method references: what a knowledge factor is, and what a second
# factor (possession or inherence) is.
_KNOWLEDGE = frozenset({"pwd", "pin", "kba"})
_SECOND_FACTORS = frozenset(
    {"otp", "hwk", "swk", "sms", "tel", "fido", "sc", "fpt", "face", "iris", "retina", "vbm"}
)


def amr_denies_mfa(claims: dict[str, Any]) -> bool:
    """The ID token says how the member signed in (``amr``) and that was not two factors: no
    ``mfa``, and not a knowledge factor with a second one. Without ``amr`` (Entra ID v2 and
    Google omit it) the organisation's declaration stands."""
    amr = claims.get("amr")
    if not isinstance(amr, list) or not amr:
        return False
    methods = {str(m).lower() for m in amr}
    two_factors = "mfa" in methods or bool(methods & _KNOWLEDGE and methods & _SECOND_FACTORS)
    return not two_factors


def mfa_by_identity_provider(sociallogin: SocialLogin | None) -> IdentityProvider | None:
    """The provider whose second factor stands for Sexto's on this sign-in: its organisation
    declared it enforces one, and the ID token does not say otherwise."""
    if sociallogin is None:
        return None
    provider = _identity_provider_of(sociallogin)
    if provider is None or not provider.idp_enforces_mfa:
        return None
    if amr_denies_mfa(_claims(sociallogin)):
        return None
    return provider


def _board_sign_in_provider(login: Any) -> IdentityProvider | None:
    """The provider whose second factor stands for Sexto's on a login that goes through one
    (allauth's Login carries the social login in its signal arguments)."""
    sociallogin = (getattr(login, "signal_kwargs", None) or {}).get("sociallogin")
    return mfa_by_identity_provider(sociallogin)


class BoardAwareAuthenticateStage(AuthenticateStage):
    """allauth's TOTP step, skipped after a sign-in through a provider its organisation declared
    enforces a second factor (recorded on the session by `board_sign_in_session_note`)."""

    def _should_handle(self, request: HttpRequest) -> bool:
        if _board_sign_in_provider(self.login) is not None:
            return False
        return super()._should_handle(request)


@receiver(user_logged_in)
def board_sign_in_session_note(
    sender: Any, request: HttpRequest, user: User, **kwargs: Any
) -> None:
    """Note on the session that the second factor was the provider's (audited), when it is."""
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None:
        return
    provider = mfa_by_identity_provider(sociallogin)
    if provider is None:
        request.session.pop(IDP_MFA_SESSION_KEY, None)
        return
    request.session[IDP_MFA_SESSION_KEY] = {"user": str(user.pk), "provider": str(provider.pk)}
    audit_record(
        actor=user, action="auth.mfa_by_identity_provider", target=provider, request=request
    )
