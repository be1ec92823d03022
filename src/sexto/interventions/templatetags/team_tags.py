"""Template helpers of the case team: does the case need a new lead, and who could take it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template

from sexto.interventions.models import Case
from sexto.interventions.permissions import case_may
from sexto.interventions.services.team import LeadStatus, lead_status

register = template.Library()


@register.simple_tag
def case_lead_status(
    case: Case, role: str | None, team: Sequence[Any] | None = None
) -> LeadStatus | None:
    """`{% case_lead_status case role team as lead_state %}`: the lead's status for those who may
    name a new lead on an open case; None for everyone else (nothing to show). With the page's
    `team` (selectors.case_team), read from it rather than queried."""
    if case.status != Case.Status.OPEN or not case_may(role=role, action="manage_team"):
        return None
    return lead_status(case=case, team=team or None)
