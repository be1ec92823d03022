"""Every write of the kit, one module per area: cases (intake to closure), devices, referrals,
around (youth protection, parents, support, takedowns, educational measures), access (grants,
break-glass, audit-trail export), team, alerts, and notifications (who is told, and how).

The case area's services (with `notify` and `professional_invite`) are re-exported here:
`services.case_open(...)`."""

from sexto.interventions.services.cases import (
    ROUTE_ORDER,
    case_close,
    case_grid_save,
    case_note_add,
    case_open,
    case_person_add,
    case_reopen,
    case_step_update,
    intake_close,
    intake_create,
    intake_police_direct_record,
    number_next,
)
from sexto.interventions.services.notifications import notify, school_team_users
from sexto.interventions.services.team import professional_invite

__all__ = [
    "ROUTE_ORDER",
    "case_close",
    "case_grid_save",
    "case_note_add",
    "case_open",
    "case_person_add",
    "case_reopen",
    "case_step_update",
    "intake_close",
    "intake_create",
    "intake_police_direct_record",
    "notify",
    "number_next",
    "professional_invite",
    "school_team_users",
]
