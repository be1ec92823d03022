"""Every read of the kit that views and the API use, one module per area: cases (intakes, the
case and its access check), devices, around, referrals, police, access, team, alerts.

The case area's selectors are re-exported here, as `services` does for its case area."""

from sexto.interventions.selectors.cases import (
    REPORTER_ROLES,
    TRIAGE_ROLES,
    CaseAccess,
    Worklist,
    case_get_for,
    case_grid,
    case_people_elsewhere,
    case_steps,
    intake_get_for_triage,
    intakes_known_to,
    intakes_reported_by,
    person_matches_elsewhere,
    reporting_school_get,
    reporting_schools,
    school_get_for_direct_case,
    user_may_report,
    user_may_triage,
    worklist_for,
)

__all__ = [
    "REPORTER_ROLES",
    "TRIAGE_ROLES",
    "CaseAccess",
    "Worklist",
    "case_get_for",
    "case_grid",
    "case_people_elsewhere",
    "case_steps",
    "intake_get_for_triage",
    "intakes_known_to",
    "intakes_reported_by",
    "person_matches_elsewhere",
    "reporting_school_get",
    "reporting_schools",
    "school_get_for_direct_case",
    "user_may_report",
    "user_may_triage",
    "worklist_for",
]
