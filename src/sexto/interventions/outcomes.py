"""The police and DPCP outcome of a referral (DESIGN.md, "The flow of a case", step 6): which
outcome may follow which, and the follow-up steps each one adds to the case.

An outcome needs the referral acknowledged. "Malicious" opens a criminal investigation, whose end
is recorded later as charges laid, extrajudicial measures or sanctions, or no further action.
Every other outcome is final: only the liaison's correction, with a reason, replaces it.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from sexto.interventions.models import Referral
from sexto.interventions.procedure import HOURS, StepDefinition, steps_register

Outcome = Referral.Determination
DAYS = 24 * HOURS

# What may replace a recorded outcome without a correction: the investigation's end.
NEXT_OUTCOMES: dict[str, tuple[Outcome, ...]] = {
    Outcome.MALICIOUS: (Outcome.CHARGES, Outcome.EXTRAJUDICIAL, Outcome.NO_OFFENCE),
}
RECORDABLE: tuple[Outcome, ...] = tuple(o for o in Outcome if o != Outcome.PENDING)

FOLLOW_UPS: dict[str, tuple[StepDefinition, ...]] = {
    Outcome.IMPULSIVE: (
        StepDefinition(
            "outcome_meetings_schedule",
            _("Schedule each young person's SEXTO awareness meeting"),
            _("Each young person individually, with a parent or guardian; the victim too."),
            7 * DAYS,
        ),
        StepDefinition(
            "outcome_meetings_hold",
            _("Hold each young person's SEXTO awareness meeting"),
            _("Record each meeting as held in the referral section."),
            30 * DAYS,
        ),
    ),
    Outcome.MALICIOUS: (
        StepDefinition(
            "outcome_investigation_support",
            _("Support the young person depicted through the investigation"),
            _("Follow-up meetings, CAVAC; tell them what to expect, never what they said."),
            2 * DAYS,
        ),
        StepDefinition(
            "outcome_investigator_contact",
            _("Keep in touch with the investigator"),
            _("Who, how to reach them, what the school may tell the families."),
            7 * DAYS,
        ),
    ),
    Outcome.EXTRAJUDICIAL: (
        StepDefinition(
            "outcome_measures_record",
            _("Record the extrajudicial measures or sanctions"),
            _("What was imposed and until when (Youth Criminal Justice Act)."),
            7 * DAYS,
        ),
        StepDefinition(
            "outcome_measures_school_follow_up",
            _("Follow the measures up at school"),
            _("What the school does while the measures last: schedule, contact person."),
            30 * DAYS,
        ),
    ),
    Outcome.CHARGES: (
        StepDefinition(
            "outcome_cavac_support",
            _("Support the victim and the witnesses (CAVAC)"),
            _("Refer them to the CAVAC; plan the school's support during the proceedings."),
            2 * DAYS,
        ),
        StepDefinition(
            "outcome_court_dates",
            _("Record the court dates"),
            _("Dates of appearance and trial; absences and support for the students."),
            14 * DAYS,
        ),
    ),
    Outcome.NO_OFFENCE: (
        StepDefinition(
            "outcome_police_track_close",
            _("Close the police track"),
            _("Tell those concerned that the police take no further action."),
            7 * DAYS,
        ),
        StepDefinition(
            "outcome_school_follow_up",
            _("Keep the school follow-up going"),
            _("Support, education and measures at school go on without the police."),
            30 * DAYS,
        ),
    ),
    Outcome.OTHER: (
        StepDefinition(
            "outcome_other_follow_up",
            _("Follow the outcome up"),
            _("Describe in the note what the school does after this outcome, and when."),
            14 * DAYS,
        ),
    ),
}
OUTCOME_STEPS: tuple[StepDefinition, ...] = tuple(
    step for steps in FOLLOW_UPS.values() for step in steps
)
OUTCOME_STEP_KEYS = frozenset(step.key for step in OUTCOME_STEPS)
steps_register(OUTCOME_STEPS)


def outcome_is_final(outcome: str) -> bool:
    """A recorded outcome that nothing follows but a correction (everything but malicious)."""
    return bool(outcome) and outcome not in NEXT_OUTCOMES


def outcomes_allowed(current: str) -> tuple[Outcome, ...]:
    """The outcomes the liaison may record now, without a correction, after `current`."""
    if not current:
        return RECORDABLE
    return NEXT_OUTCOMES.get(current, ())


def follow_ups_of(outcome: str) -> tuple[StepDefinition, ...]:
    return FOLLOW_UPS.get(outcome, ())


def follow_up_due(step: StepDefinition, start: datetime.datetime) -> datetime.datetime | None:
    return start + step.due_after if step.due_after else None
