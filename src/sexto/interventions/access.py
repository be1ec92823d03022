"""Who is on a case's team, and what each may do there (DESIGN.md's permission table)."""

from __future__ import annotations

from typing import Any

from sexto.directory.models import Role
from sexto.directory.permissions import roles_of
from sexto.interventions.models import Case, CaseMember

COORDINATOR = "coordinator"
PRINCIPAL = "principal"
PROFESSIONAL = "professional"
LEARNER = "learner"

# action → team roles allowed (DESIGN.md). Professionals write notes and support only.
CASE_ACTIONS: dict[str, frozenset[str]] = {
    "read": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER}),
    "edit": frozenset({COORDINATOR, PRINCIPAL, LEARNER}),
    "note": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER}),
    "refer_close": frozenset({COORDINATOR, PRINCIPAL, LEARNER}),
    "manage_team": frozenset({COORDINATOR, PRINCIPAL}),
}


def case_team_role(*, user: Any, case: Case) -> str | None:
    """The user's role on this case's team, or None: administrators and superusers get None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if case.simulation:
        is_learner = CaseMember.objects.filter(
            case=case, user=user, kind=CaseMember.Kind.LEARNER, removed_at__isnull=True
        ).exists()
        return LEARNER if is_learner else None
    school_roles = {h.role for h in roles_of(user) if h.school_id == case.school_id}
    if Role.PRINCIPAL in school_roles:
        return PRINCIPAL
    if Role.COORDINATOR in school_roles:
        return COORDINATOR
    if CaseMember.objects.filter(
        case=case, user=user, kind=CaseMember.Kind.PROFESSIONAL, removed_at__isnull=True
    ).exists():
        return PROFESSIONAL
    return None


def case_may(*, role: str | None, action: str) -> bool:
    return role is not None and role in CASE_ACTIONS[action]
