"""Reads of the organisations' sign-in providers and of who may sign in through them."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db.models import Q, QuerySet

from sexto.directory.models import Membership, Organisation, User
from sexto.directory.sign_in.models import IdentityProvider


def identity_providers_enabled() -> QuerySet[IdentityProvider]:
    """The organisations' sign-in providers that are switched on (the sign-in page's buttons)."""
    return IdentityProvider.objects.filter(enabled=True).select_related("organisation")


def identity_provider_origins() -> list[str]:
    """The origins (scheme and host) of the enabled providers' issuers, for the sign-in pages'
    CSP: their authorization endpoints live there (Entra ID, Google Workspace)."""
    origins = set()
    for issuer in identity_providers_enabled().values_list("issuer", flat=True):
        parts = urlsplit(issuer)
        if parts.scheme in {"http", "https"} and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def identity_provider_for_slug(*, slug: str) -> IdentityProvider | None:
    """The enabled provider of the organisation with this short name, if any."""
    return identity_providers_enabled().filter(organisation__slug=slug).first()


def organisation_member_by_email(*, organisation: Organisation, email: str) -> User | None:
    """The active person with this email who holds a current role in the organisation or one of
    its schools; None otherwise (unknown, inactive, or a member elsewhere only)."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user_is_member_of(user=user, organisation=organisation):
        return None
    return user


def user_is_member_of(*, user: User, organisation: Organisation) -> bool:
    """Whether the person holds a current role in the organisation or one of its schools."""
    return (
        Membership.objects.current()
        .filter(user=user)
        .filter(Q(organisation=organisation) | Q(school__organisation=organisation))
        .exists()
    )


def identity_provider_of(*, organisation: Organisation) -> IdentityProvider | None:
    """The organisation's sign-in provider, enabled or not (its configuration page)."""
    return (
        IdentityProvider.objects.filter(organisation=organisation)
        .select_related("mfa_declared_by")
        .first()
    )
