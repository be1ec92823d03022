"""Who the API serves: the menu offers "API tokens" only to them (issue 18: every signed-in
person saw it, teachers and analysts included, who have nothing to call)."""

from __future__ import annotations

import rules
from django.utils import timezone

from sexto.directory.models import Role
from sexto.directory.permissions import has_role
from sexto.directory.types import Viewer
from sexto.interventions.selectors.cases import user_on_case_teams

# The API's routers: cases, devices and referrals (case teams and police liaisons), the grid
# (those who may evaluate), badge revocation (trainers).
API_ROLES = frozenset(
    {Role.COORDINATOR, Role.PRINCIPAL, Role.PROFESSIONAL, Role.POLICE_LIAISON, Role.TRAINER}
)


def user_uses_api(user: Viewer) -> bool:
    """A role the API serves, a case team, or a live token (kept reachable to revoke it)."""
    if not user.is_authenticated:
        return False
    if has_role(user, API_ROLES) or rules.has_perm("grid.evaluate", user):
        return True
    if user_on_case_teams(user):
        return True
    return user.api_tokens.filter(  # type: ignore[union-attr]
        revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()
