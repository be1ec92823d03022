"""Template helpers of the case team: does the case need a new lead, and who could take it."""

from __future__ import annotations

from django import template

from sexto.interventions.models import Case
from sexto.interventions.permissions import case_may
from sexto.interventions.services.team import LeadStatus, lead_status

register = template.Library()


@register.simple_tag
def case_lead_status(case: Case, role: str | None) -> LeadStatus | None:
    """`{% case_lead_status case role as lead_state %}`: the lead's status for those who may name
    a new lead on an open case; None for everyone else (nothing to show)."""
    if case.status != Case.Status.OPEN or not case_may(role=role, action="manage_team"):
        return None
    return lead_status(case=case)
