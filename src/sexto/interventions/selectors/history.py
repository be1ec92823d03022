"""A student's history at their file holder (issue 18): the other cases, open or closed, that
involve the same young person, found through the blind index of their name — for the school's
own case team only (`match_people`), never across file holders, never for simulations, every
view audited. Each case links only where the viewer is on its team."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest

from sexto.audit.services import audit_record
from sexto.directory.types import Viewer
from sexto.interventions.models import Case, CasePerson
from sexto.interventions.permissions import case_may, case_team_role
from sexto.interventions.selectors.cases import CaseAccess


@dataclass(frozen=True)
class HistoryCase:
    case: Case
    may_open: bool


def student_history(
    *, access: CaseAccess, person_id: int, user: Viewer, request: HttpRequest | None = None
) -> tuple[CasePerson, list[HistoryCase]]:
    """The person of this case and the file holder's other cases that involve them, newest
    first; Http404 for anyone but the school's case team, and on a simulation."""
    case = access.case
    if case.simulation or not case_may(role=access.role, action="match_people"):
        raise Http404
    person = CasePerson.objects.filter(case=case, pk=person_id).first()
    if person is None:
        raise Http404
    others: Any = (
        Case.objects.filter(
            holder_id=case.holder_id, simulation=False, people__name_index=person.name_index
        )
        .exclude(pk=case.pk)
        .select_related("school")
        .only(
            "id",
            "number",
            "status",
            "opened_at",
            "route",
            "decided_route",
            "school__name",
            "simulation",
            "holder_id",
            "school_id",
        )
        .distinct()
        .order_by("-opened_at")
    )
    rows = [
        HistoryCase(other, case_team_role(user=user, case=other) is not None) for other in others
    ]
    audit_record(
        actor=user,
        action="case.student_history",
        target=case,
        request=request,
        changes={"person": person.label, "cases": [row.case.number for row in rows]},
    )
    return person, rows
