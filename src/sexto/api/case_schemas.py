"""The JSON shapes of the case API (api/cases.py): what a client sends and what it gets back."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema

from sexto.api.grid import GridResultOut, RoleName
from sexto.core.validators import FreeText
from sexto.interventions import grid

IntakeStatus = Literal["new", "opened", "closed", "police_direct"]
CaseStatus = Literal["open", "closed"]
StepState = Literal["pending", "done", "not_applicable"]


class IntakeIn(Schema):
    school_id: UUID
    told_at: datetime.datetime = Field(description="When you were told (local time if no offset).")
    told_by: FreeText = Field(min_length=1, max_length=500, description="Who told you.")
    account: FreeText = Field(min_length=1, max_length=5000, description="What was said.")
    students: FreeText = Field("", max_length=2000)
    circulation: FreeText = Field("", max_length=2000, description="Where the content circulates.")
    heard_by: list[int] = Field(
        default_factory=list,
        max_length=50,
        description="Other staff of the school who also heard the facts (user ids): each keeps "
        "their own duty to report to the DPJ.",
    )


class IntakeOut(Schema):
    id: UUID
    reference: str | None
    status: IntakeStatus


class IntakeMineOut(Schema):
    """What the reporter sees of what they filed: its status only."""

    reference: str | None
    school: str
    created_at: datetime.datetime
    status: IntakeStatus


class CaseOpenIn(Schema):
    summary: FreeText = Field(min_length=1, max_length=5000)


class CaseDirectIn(Schema):
    school_id: UUID
    summary: FreeText = Field(min_length=1, max_length=5000)


class IntakeCloseIn(Schema):
    reason: FreeText = Field(min_length=1, max_length=2000)


class IntakePoliceDirectIn(Schema):
    called_at: datetime.datetime = Field(
        description="When the police were called (local time if no offset); not in the future."
    )
    police_force_id: UUID | None = Field(
        None,
        description="The police force called, from the directory (by default the one serving "
        "the school's territory); null to name another in `police_force_other`.",
    )
    police_force_other: FreeText = Field("", max_length=200)
    police_file_number: FreeText = Field(max_length=60, description="The police's file number.")


class LeadOut(Schema):
    id: int
    name: str


class CaseSummaryOut(Schema):
    """A case in a list: no encrypted field."""

    id: UUID
    number: str | None
    school_id: UUID
    school: str
    status: CaseStatus
    opened_at: datetime.datetime
    lead: LeadOut | None
    route: str
    nature: str
    decided_route: str


class StepOut(Schema):
    key: str
    label: str
    position: int
    state: StepState
    due_at: datetime.datetime | None
    overdue: bool
    note: str
    done_by: str | None
    done_at: datetime.datetime | None
    version: int


class StepIn(Schema):
    state: StepState
    note: FreeText = Field("", max_length=2000, description="Required when not applicable.")
    version: int = Field(ge=1, description="The step's version as read: a stale one gets 409.")


class CaseGridOut(Schema):
    answers: dict[str, Any]
    result: GridResultOut
    rules_version: str
    evaluated_at: datetime.datetime | None


class CaseDetailOut(CaseSummaryOut):
    """The case as its team sees it (reading it is audited)."""

    intake_reference: str | None
    closed_at: datetime.datetime | None
    summary: str
    youth_protection: str
    decision_justification: str
    grid: CaseGridOut | None
    steps: list[StepOut]
    version: int


class GridIn(Schema):
    answers: dict[str, Any] = Field(
        description="The incident, as GRID.md's contract `sexto-grid/1` describes it "
        "(schema `GridIncident`); validated by the grid itself, not by this schema.",
    )
    decided_route: Literal["", "police_immediately", "sexto_procedure", "school_follow_up"] = Field(
        "", description="Empty: the grid's route. Another route needs a justification."
    )
    justification: FreeText = Field("", max_length=2000)
    version: int = Field(ge=1, description="The case's version as read: a stale one gets 409.")


class GridSavedOut(Schema):
    route: str
    nature: str
    youth_protection: str
    decided_route: str
    rules_version: str
    result: GridResultOut
    version: int


class CaseCloseIn(Schema):
    outcome: FreeText = Field(
        "", max_length=5000, description="What the case came to (required to close)."
    )
    version: int = Field(ge=1, description="The case's version as read: a stale one gets 409.")


class ClosureItemOut(Schema):
    """One thing the case still needs before closing."""

    kind: Literal["step", "meeting", "meeting_missing", "parents", "youth_protection", "outcome"]
    field: str = Field(description="The item, as a closure problem's `errors[].field` names it.")
    label: str
    link: str = Field(description="Where it is settled on the case page.")


class YouthProtectionIn(Schema):
    """The caller's OWN entry: the duty to report to the DPJ is personal (Youth Protection Act
    s.39); nobody records it for someone else."""

    kind: Literal["report", "consultation", "not_done"] = Field(
        description="`report` (reference required), `consultation`, or `not_done`: no reasonable "
        "cause to believe (why required). Where the grid says a report is required, a "
        "consultation does not discharge the duty."
    )
    at: datetime.datetime = Field(description="When; not in the future.")
    reference: FreeText = Field("", max_length=120, description="The DPJ's reference number.")
    why_not: FreeText = Field("", max_length=2000)


class YouthProtectionOut(Schema):
    kind: str
    kind_label: str
    at: datetime.datetime
    discharged: bool = Field(description="Whether this entry discharges the caller's duty.")


class PersonIn(Schema):
    label: FreeText = Field(min_length=1, max_length=20, description="The letter used in the grid.")
    name: FreeText = Field(min_length=1, max_length=200)
    age: int | None = Field(None, ge=grid.AGE_MIN, le=grid.AGE_MAX)
    grade: FreeText = Field("", max_length=20)
    roles: list[RoleName] = Field(default_factory=list)


class PersonOut(Schema):
    id: int
    label: str
    name: str
    age: int | None
    grade: str
    roles: list[str]
    other_open_cases: int | None = Field(
        description="Other open cases of the same file holder involving this student; null "
        "for simulations and for readers outside the school's team (police, grants)."
    )
    version: int


# --- Shapes ----------------------------------------------------------------------------------
