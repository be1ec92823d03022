"""Access beyond the team, as read from the audit log: who looked at a case, the grants and
break-glass accesses on it, and those a person holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sexto.audit.models import AccessGrant
from sexto.audit.selectors import (
    access_grant_holder,
    access_grants_held,
    access_grants_of_target,
    audit_events_for,
)
from sexto.directory.models import User
from sexto.interventions.models import Case
from sexto.interventions.permissions import BREAK_GLASS, GRANTEE

# How a read happened, in the audit log: "who looked at this case" tells these apart.
READ_ACTIONS = {
    "case.read": "team",
    "case.read.grant": GRANTEE,
    "case.read.break_glass": BREAK_GLASS,
}


# ---- Who looked at this case (the audit log in use) ----------------------------------------


@dataclass
class CaseRead:
    """One read of the case: who, when, and how (team, grant or break-glass)."""

    at: Any
    who: str
    how: str


def case_reads(*, case: Case) -> QuerySet[Any]:
    """The case's read events, newest first (from the audit log: reads are not kept elsewhere)."""
    return audit_events_for(
        targets=[("interventions.case", str(case.pk))], actions=READ_ACTIONS.keys()
    ).only("occurred_at", "actor", "action", "seq")


def case_reads_describe(events: Any) -> list[CaseRead]:
    """Names the readers of a page of read events (one query for the people)."""
    events = list(events)
    ids = {e.actor[5:] for e in events if e.actor.startswith("user:") and e.actor[5:].isdigit()}
    names = {
        str(pk): (name or handle)
        for pk, name, handle in (
            (u.pk, u.get_full_name(), u.handle) for u in User.objects.filter(pk__in=ids)
        )
    }
    return [
        CaseRead(
            at=event.occurred_at,
            who=names.get(event.actor[5:], event.actor),
            how=READ_ACTIONS.get(event.action, "team"),
        )
        for event in events
    ]


def case_grants(*, case: Case) -> list[AccessGrant]:
    """Every grant and break-glass on the case, newest first (live and ended)."""
    return list(access_grants_of_target(target=case))


def access_grants_mine(*, user: Any) -> list[AccessGrant]:
    """The case grants and break-glass accesses this person holds or held, newest first."""
    return list(access_grants_held(user=user).filter(target_type="interventions.case")[:100])


def user_holds_case_grants(user: Any) -> bool:
    """Whether "Shared with me" belongs in this person's menu (a live grant)."""
    return access_grant_holder(user)
