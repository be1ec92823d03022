"""Roles and permissions, in one place (django-rules). Case-level rules are added by the kit."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import rules
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.http import HttpRequest
from django.utils import timezone

from sexto.audit.selectors import access_grant_holder
from sexto.core.errors import PermissionRefused
from sexto.core.request import request_notes
from sexto.directory.models import SCHOOL_ROLES, Membership, Role
from sexto.directory.sign_in.models import IdentityProvider
from sexto.directory.types import Viewer

SCHOOL_ROLES_SET = frozenset(SCHOOL_ROLES)

# Roles whose holders must pass two-factor sign-in (DESIGN.md: case teams, privacy, police,
# trainers — who read every learner's answers and revoke badges — and admins).
TWO_FACTOR_ROLES = frozenset(
    {
        Role.TRAINER,
        Role.COORDINATOR,
        Role.PRINCIPAL,
        Role.PROFESSIONAL,
        Role.POLICE_LIAISON,
        Role.PRIVACY_OFFICER,
        Role.ORG_ADMIN,
        Role.SEXTO_LEAD,
    }
)


@dataclass(frozen=True)
class RoleHolding:
    role: str
    school_id: UUID | None
    organisation_id: UUID | None
    file_holder_id: UUID | None
    is_backup: bool


def roles_of(user: Viewer, *, on: datetime.date | None = None) -> tuple[RoleHolding, ...]:
    """The user's current roles, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return ()
    day = on or timezone.localdate()
    cache_key = f"_sexto_roles_{day.isoformat()}"
    cached: tuple[RoleHolding, ...] | None = getattr(user, cache_key, None)
    if cached is not None:
        return cached
    holdings = tuple(
        RoleHolding(
            role=m.role,
            school_id=m.school_id,
            organisation_id=m.organisation_id,
            file_holder_id=m.school.organisation_id if m.school else m.organisation_id,
            is_backup=m.is_backup,
        )
        for m in Membership.objects.current(day).filter(user=user).select_related("school")
    )
    setattr(user, cache_key, holdings)
    return holdings


def roles_forget(user: Viewer) -> None:
    """Drop the cached roles after a membership change in the same request."""
    for name in [n for n in vars(user) if n.startswith("_sexto_roles_")]:
        delattr(user, name)


def has_role(user: Viewer, roles: Iterable[str]) -> bool:
    wanted = set(roles)
    return any(h.role in wanted for h in roles_of(user))


def schools_where(user: Viewer, roles: Iterable[str]) -> set[UUID]:
    """Schools in which the user holds one of `roles`."""
    wanted = set(roles)
    return {h.school_id for h in roles_of(user) if h.role in wanted and h.school_id}


def organisations_where(user: Viewer, roles: Iterable[str]) -> set[UUID]:
    """Organisations (not schools) in which the user holds one of `roles`."""
    wanted = set(roles)
    return {h.organisation_id for h in roles_of(user) if h.role in wanted and h.organisation_id}


def privacy_officer_holders(user: Viewer) -> set[UUID]:
    """The file holders (service centres, private schools) this person is privacy officer of."""
    return {
        h.file_holder_id
        for h in roles_of(user)
        if h.role == Role.PRIVACY_OFFICER and h.file_holder_id is not None
    }


@rules.predicate
def is_org_admin(user: Viewer) -> bool:
    return has_role(user, {Role.ORG_ADMIN})


@rules.predicate
def is_org_admin_of(user: Viewer, organisation: Any) -> bool:
    return organisation is not None and organisation.pk in organisations_where(
        user, {Role.ORG_ADMIN}
    )


@rules.predicate
def is_superuser(user: Viewer) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_coordinator_or_principal(user: Viewer) -> bool:
    return has_role(user, {Role.COORDINATOR, Role.PRINCIPAL})


@rules.predicate
def is_trainer(user: Viewer) -> bool:
    return has_role(user, {Role.TRAINER})


@rules.predicate
def is_privacy_officer(user: Viewer) -> bool:
    """Privacy officer of at least one file holder (menus and page guards)."""
    return bool(privacy_officer_holders(user))


@rules.predicate
def is_police_liaison(user: Viewer) -> bool:
    return has_role(user, {Role.POLICE_LIAISON})


@rules.predicate
def is_analyst(user: Viewer) -> bool:
    return has_role(user, {Role.ANALYST})


@rules.predicate
def is_staff_member(user: Viewer) -> bool:
    return has_role(user, {Role.STAFF, Role.PROFESSIONAL, Role.COORDINATOR, Role.PRINCIPAL})


# Directory: admins see and manage their own organisation; superusers run the platform.
rules.add_perm("directory.view_directory", is_org_admin | is_superuser)
rules.add_perm("directory.view_organisation", is_org_admin_of | is_superuser)
rules.add_perm("directory.manage_people", is_org_admin_of | is_superuser)


@rules.predicate
def is_learner_of_simulation(user: Viewer, case: Any) -> bool:
    """The learner of this simulation case (the kit's Case, passed as the rule's object). Read
    through the case's own flag and team: directory imports nothing of the kit."""
    if case is None or not getattr(case, "simulation", False):
        return False
    return bool(case.members.filter(user=user, kind="learner", removed_at__isnull=True).exists())


# The grid: coordinators and principals anywhere (the /grid/ page, the API); a learner only on
# the simulation case they play, never on /grid/ or a real case (no case object, no grid).
rules.add_perm("grid.evaluate", is_coordinator_or_principal | is_trainer | is_learner_of_simulation)


# Capabilities that apps above the directory hold for a person (e.g. the kit's case-team
# membership): each app registers its check from its `ready()`, since directory imports none of
# them (DESIGN.md's import rules).
_TWO_FACTOR_CAPABILITIES: list[Callable[[Any], bool]] = []


def two_factor_capability_register(check: Callable[[Any], bool]) -> None:
    """Declare a capability that needs TOTP: `check(user)` is True while the user holds it."""
    if check not in _TWO_FACTOR_CAPABILITIES:
        _TWO_FACTOR_CAPABILITIES.append(check)


def user_requires_two_factor(user: Viewer) -> bool:
    """DESIGN.md: TOTP is required by capability, not for everyone."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if any(h.role in TWO_FACTOR_ROLES for h in roles_of(user)):
        return True
    # Anyone who holds a grant on a case, whatever their role (DESIGN.md).
    if access_grant_holder(user):
        return True
    return any(check(user) for check in _TWO_FACTOR_CAPABILITIES)


def user_has_two_factor(user: Viewer, *, request: HttpRequest | None = None) -> bool:
    """Whether the account has a TOTP authenticator: allauth then asks for its code at every
    sign-in, so none of its sessions is password-only. With `request`, asked once per request
    and user (noted in the request's notes), and this session's second factor may also be the
    organisation's provider's. Without it (may this person join a case team?), an account linked
    to a provider its organisation declared enforces a second factor counts too: its sessions
    through the provider have one, and any other session is held by the middleware until TOTP
    is set up."""
    if not user.is_authenticated:
        return False
    noted = request_notes(request).two_factor if request is not None else {}
    if user.pk not in noted:
        noted[user.pk] = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists() or (
            two_factor_by_identity_provider(request, user)
            if request is not None
            else identity_provider_enforcing_mfa_linked(user)
        )
    return noted[user.pk]


def identity_provider_enforcing_mfa_linked(user: Viewer) -> bool:
    """Whether the account is linked to an enabled provider that its organisation declared
    enforces a second factor (allauth's SocialAccount: provider = the organisation's slug)."""
    slugs = SocialAccount.objects.filter(user_id=user.pk).values("provider")
    return IdentityProvider.objects.filter(
        organisation__slug__in=slugs, enabled=True, idp_enforces_mfa=True
    ).exists()


# Set at a sign-in through an organisation's identity provider that the organisation declared
# enforces a second factor (directory/sign_in/social.py): {"user": pk, "provider": its pk}.
IDP_MFA_SESSION_KEY = "sexto_mfa_by_idp"


def two_factor_by_identity_provider(request: HttpRequest, user: Viewer) -> bool:
    """Whether this session's second factor was the organisation's identity provider's: signed in
    through it, and it still declares that it enforces one (withdrawing the declaration or
    disabling the provider takes effect at the next request)."""
    session = getattr(request, "session", None)
    noted = session.get(IDP_MFA_SESSION_KEY) if session is not None else None
    if not isinstance(noted, dict) or noted.get("user") != str(user.pk):
        return False
    provider_id = str(noted.get("provider") or "")
    if not provider_id:
        return False
    return IdentityProvider.objects.filter(
        pk=provider_id, enabled=True, idp_enforces_mfa=True
    ).exists()


class TwoFactorRequired(PermissionRefused):
    """Someone whose capability needs TOTP (a case's team, a grant) has none set up: access is
    held until they do. The two-factor middleware turns it into the set-up page (or a problem)."""

    code = "two_factor_required"
