"""Writes of the sign-in providers, and the decision on each sign-in through one: validated,
audited (never the secret)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.errors import PermissionRefused
from sexto.directory.models import Organisation, Role, User
from sexto.directory.permissions import organisations_where
from sexto.directory.sign_in.models import IdentityProvider
from sexto.directory.sign_in.selectors import organisation_member_by_email, user_is_member_of


class IdentityProviderNotAllowed(PermissionRefused):
    """Only the organisation's administrators (or the platform's) configure its sign-in."""

    code = "identity_provider_not_allowed"


IDENTITY_PROVIDER_FIELDS = ("kind", "display_name", "issuer", "client_id", "enabled")


def identity_provider_save(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    display_name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    enabled: bool,
    idp_enforces_mfa: bool,
    request: HttpRequest | None = None,
) -> IdentityProvider:
    """Create or change the organisation's sign-in provider; an empty `client_secret` keeps the
    stored one. Audited (what changed, never the secret); declaring or withdrawing that the
    provider enforces a second factor records who and when, audited on its own."""
    if not actor.is_superuser and organisation.pk not in organisations_where(
        actor, {Role.ORG_ADMIN}
    ):
        raise IdentityProviderNotAllowed(
            _("Only an administrator of %(organisation)s can configure its sign-in.")
            % {"organisation": organisation.name}
        )
    with transaction.atomic():
        provider = (
            IdentityProvider.objects.select_for_update().filter(organisation=organisation).first()
        )
        creating = provider is None
        if provider is None:
            provider = IdentityProvider(organisation=organisation)
        values = {
            "kind": kind,
            "display_name": display_name.strip(),
            "issuer": issuer.strip().rstrip("/"),
            "client_id": client_id.strip(),
            "enabled": enabled,
        }
        changed = [name for name, value in values.items() if getattr(provider, name) != value]
        for name, value in values.items():
            setattr(provider, name, value)
        secret_changed = bool(client_secret)
        if secret_changed:
            provider.client_secret = client_secret
        mfa_changed = provider.idp_enforces_mfa != idp_enforces_mfa
        if mfa_changed:
            provider.idp_enforces_mfa = idp_enforces_mfa
            provider.mfa_declared_by = actor
            provider.mfa_declared_at = timezone.now()
        provider.full_clean()
        provider.save()
        if creating or changed or secret_changed:
            audit_record(
                actor=actor,
                action="identity_provider.create" if creating else "identity_provider.update",
                target=provider,
                request=request,
                # The secret is never logged, not even digested: only that it changed.
                changes={
                    **{name: values[name] for name in changed},
                    "client_secret_changed": secret_changed,
                },
            )
        if mfa_changed:
            audit_record(
                actor=actor,
                action=(
                    "identity_provider.mfa_declared"
                    if idp_enforces_mfa
                    else "identity_provider.mfa_withdrawn"
                ),
                target=provider,
                request=request,
            )
    return provider


class BoardSignInRefused(PermissionRefused):
    """A sign-in through an organisation's identity provider that Sexto does not accept."""

    code = "board_sign_in_refused"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _claim_true(value: object) -> bool:
    # Some providers send the claim as the string "true".
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _email_verified(*, identity_provider: IdentityProvider, claims: dict[str, object]) -> bool:
    """Whether the provider vouches for the address. Microsoft Entra ID never sends
    `email_verified`; its optional claim `xms_edov` says the address's domain is verified as
    owned by the tenant that issued it, which is what Microsoft advises checking before trusting
    `email` (without it, another tenant's guest could claim a member's address). That claim is
    believed only from a provider configured as Entra ID."""
    if _claim_true(claims.get("email_verified")):
        return True
    return identity_provider.kind == IdentityProvider.Kind.ENTRA_ID and _claim_true(
        claims.get("xms_edov")
    )


def board_sign_in_accept(
    *,
    identity_provider: IdentityProvider,
    claims: dict[str, object],
    linked_user: User | None,
    request: HttpRequest | None = None,
) -> User:
    """The member this sign-in is for: the one already linked to this provider's account, or an
    active member of the organisation whose email the provider says it verified. Never creates
    anyone. Refusals say what to do and name no account; both outcomes are audited."""
    organisation = identity_provider.organisation
    reason = ""
    user: User | None = None
    if linked_user is not None:
        if linked_user.is_active and user_is_member_of(user=linked_user, organisation=organisation):
            user = linked_user
        else:
            reason = "not_member"
    else:
        email = claims.get("email")
        if not isinstance(email, str) or not email.strip():
            reason = "no_email"
        elif not _email_verified(identity_provider=identity_provider, claims=claims):
            reason = "email_not_verified"
        else:
            user = organisation_member_by_email(organisation=organisation, email=email)
            if user is None:
                reason = "not_member"
    if user is None:
        audit_record(
            actor="anonymous",
            action=f"auth.board_sign_in.refused.{reason}",
            target=identity_provider,
            request=request,
        )
        if reason == "email_not_verified":
            message = _(
                "%(provider)s did not confirm that it verified your email address, so Sexto "
                "cannot tell which account is yours. Ask your %(provider)s administrator to "
                "verify your address, or sign in with your Sexto email and password."
            )
        elif reason == "no_email":
            message = _(
                "%(provider)s did not give Sexto your email address. Ask your %(provider)s "
                "administrator to share it with Sexto, or sign in with your Sexto email and "
                "password."
            )
        else:
            message = _(
                "No Sexto account at %(organisation)s matches the email address "
                "%(provider)s gave. Ask your Sexto administrator to invite you with this "
                "address, then sign in again."
            )
        raise BoardSignInRefused(
            message
            % {"provider": identity_provider.display_name, "organisation": organisation.name},
            reason=reason,
        )
    audit_record(
        actor=user,
        action="auth.board_sign_in.linked" if linked_user is None else "auth.board_sign_in",
        target=identity_provider,
        request=request,
    )
    return user
