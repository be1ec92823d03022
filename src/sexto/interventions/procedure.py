"""The kit's procedure: the guided steps of a case, and the plan that orders them, gives their
deadlines and proposes what does not apply, from the grid's route (DESIGN.md, the flow of a case,
step 3). Pure: the plan is computed here from plain values; services/plan.py applies it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class StepDefinition:
    key: str
    label: StrPromise
    help: StrPromise
    due_after: datetime.timedelta | None
    # Mandatory steps must be done (or marked not applicable, with why) before closing.
    mandatory: bool = True


MINUTES = datetime.timedelta(minutes=1)
HOURS = datetime.timedelta(hours=1)

PROCEDURE: tuple[StepDefinition, ...] = (
    StepDefinition(
        "protect_victim",
        _("Make sure the young person depicted is safe"),
        _("Meet them privately, reassure them, check for any immediate risk."),
        30 * MINUTES,
    ),
    StepDefinition(
        "stop_dissemination",
        _("Stop the dissemination"),
        _("Ask the students involved to stop sharing; never ask to see the content."),
        30 * MINUTES,
    ),
    StepDefinition(
        "secure_devices",
        _("Secure the devices in sealed envelopes"),
        _("Without looking at them: switch to airplane mode, seal, number, store."),
        1 * HOURS,
    ),
    StepDefinition(
        "evaluate_grid",
        _("Fill in the evaluation grid"),
        _("From what the people involved describe, never from the images."),
        1 * HOURS,
    ),
    StepDefinition(
        "contact_police",
        _("Contact the police"),
        _("At once when the grid says so; otherwise under the Sexto procedure."),
        2 * HOURS,
    ),
    StepDefinition(
        "youth_protection",
        _("Youth protection (DPJ)"),
        _("Where the grid says required or consult: each person with the duty acts."),
        4 * HOURS,
    ),
    StepDefinition(
        "inform_parents",
        _("Inform the parents or guardians"),
        _("Of each young person involved, unless youth protection decides otherwise."),
        24 * HOURS,
    ),
    StepDefinition(
        "support_victim",
        _("Support plan for the young person depicted"),
        _("Follow-up meetings; CAVAC, Cybertip.ca, NeedHelpNow.ca, Take It Down."),
        48 * HOURS,
    ),
    StepDefinition(
        "limit_dissemination",
        _("Takedown requests"),
        _("Platforms, Take It Down, Cybertip.ca: where, when, reference, status."),
        48 * HOURS,
    ),
    StepDefinition(
        "educational_follow_up",
        _("Educational measures for the others involved"),
        _("What, with whom, when."),
        14 * 24 * HOURS,
    ),
)
STEPS_BY_KEY = {step.key: step for step in PROCEDURE}


def steps_register(steps: tuple[StepDefinition, ...]) -> None:
    """Make steps added to a case later (the follow-ups of the police and DPCP outcome,
    interventions.outcomes) known by key, so their labels show and closure counts them."""
    STEPS_BY_KEY.update({step.key: step for step in steps})


def school_day_end(moment: datetime.datetime) -> datetime.datetime:
    """The end of the school day (settings.SCHOOL_DAY_END, local time) of the moment's local date;
    a moment already past it gets the end of that calendar day instead: "the same day" still
    means the same day, never the next morning."""
    local = timezone.localtime(moment)
    end = timezone.make_aware(datetime.datetime.combine(local.date(), settings.SCHOOL_DAY_END))
    if local < end:
        return end
    return timezone.make_aware(datetime.datetime.combine(local.date(), datetime.time(23, 59, 59)))


# ---- The plan: the route decides the order, the deadlines and what is proposed -------------

POLICE_IMMEDIATELY = "police_immediately"
SEXTO_PROCEDURE = "sexto_procedure"
SCHOOL_FOLLOW_UP = "school_follow_up"
YOUTH_PROTECTION_REQUIRED = "required"

# Why the plan proposes a step as not applicable; the coordinator confirms it (the reason becomes
# the step's note) or writes another. Stored on the step by key, shown in the reader's language.
PROPOSALS: dict[str, StrPromise] = {
    "school_follow_up.police": _("The route is school follow-up: no police referral is needed."),
    "school_follow_up.devices": _(
        "The route is school follow-up: no device needs to be kept for the police."
    ),
}
# What the route adds to a step's instructions; stored on the step by key.
PLAN_NOTES: dict[str, StrPromise] = {
    "police_at_once": _(
        "The route says to call the police now: this comes before everything else. Call 911 "
        "if someone is in danger."
    ),
    "police_same_day": _(
        "Sexto procedure: inform the police today, under the agreement, by the end of the "
        "school day."
    ),
    "awaits_police_go_ahead": _(
        "Wait for the police's go-ahead before telling the parents of a young person who may "
        "be a suspect: it could warn them. Record the go-ahead on the police step."
    ),
    "youth_protection_without_delay": _(
        "The grid says a report to the DPJ is required: each person with the duty reports "
        "without delay, personally, today."
    ),
}

_PROPOSED_BY_ROUTE: dict[str, dict[str, str]] = {
    SCHOOL_FOLLOW_UP: {
        "contact_police": "school_follow_up.police",
        "secure_devices": "school_follow_up.devices",
    },
}


@dataclass(frozen=True)
class PlannedStep:
    """One step as the plan wants it: its place, its deadline, and what the route says of it."""

    key: str
    position: int
    due_at: datetime.datetime | None
    # A key of PROPOSALS: the step is proposed as not applicable, for that reason.
    proposal: str = ""
    # A key of PLAN_NOTES: what the route adds to the step's instructions.
    plan_note: str = ""


def plan_for(
    *,
    route: str,
    clock_start: datetime.datetime,
    evaluated_at: datetime.datetime | None = None,
    youth_protection: str = "",
) -> tuple[PlannedStep, ...]:
    """The case's plan for a route ("" before the grid is saved: the kit's order and deadlines,
    counted from `clock_start`, when the school was told).

    - police_immediately: the police step first, due at once (the grid's time); the parents
      step waits for the police's go-ahead.
    - sexto_procedure: the police step due the same day (the end of the school day of the
      grid's time); the rest as the kit says.
    - school_follow_up: the police and device steps proposed as not applicable, last.
    - wherever the grid says a DPJ report is required: due without delay (the end of the day).
    """
    evaluated = evaluated_at or clock_start
    proposed = _PROPOSED_BY_ROUTE.get(route, {})
    due: dict[str, datetime.datetime | None] = {
        step.key: clock_start + step.due_after if step.due_after else None for step in PROCEDURE
    }
    notes: dict[str, str] = {}
    if route == POLICE_IMMEDIATELY:
        due["contact_police"] = evaluated
        notes["contact_police"] = "police_at_once"
        notes["inform_parents"] = "awaits_police_go_ahead"
    elif route == SEXTO_PROCEDURE:
        due["contact_police"] = school_day_end(evaluated)
        notes["contact_police"] = "police_same_day"
    if route and youth_protection == YOUTH_PROTECTION_REQUIRED:
        due["youth_protection"] = school_day_end(evaluated)
        notes["youth_protection"] = "youth_protection_without_delay"
    keys = [step.key for step in PROCEDURE]
    if route == POLICE_IMMEDIATELY:
        keys = ["contact_police"] + [key for key in keys if key != "contact_police"]
    # What is proposed as not applicable comes last: what is to be done comes first.
    keys = [key for key in keys if key not in proposed] + [key for key in keys if key in proposed]
    return tuple(
        PlannedStep(
            key=key,
            position=position,
            due_at=due[key],
            proposal=proposed.get(key, ""),
            plan_note=notes.get(key, ""),
        )
        for position, key in enumerate(keys, start=1)
    )


# The roles of the grid (grid.ROLES) that make a young person a possible suspect: they passed the
# content on or asked for it; took or sent it when it is not of themselves.
_SUSPECT_ALWAYS = frozenset({"distributor", "requester"})
_SUSPECT_UNLESS_DEPICTED = frozenset({"producer", "sender"})


def is_possible_suspect(roles: Iterable[str]) -> bool:
    """Whether these grid roles make someone a possible suspect, whose parents must not be told
    before the police agree (they could warn them, or the evidence could vanish)."""
    held = set(roles)
    if held & _SUSPECT_ALWAYS:
        return True
    return bool(held & _SUSPECT_UNLESS_DEPICTED) and "depicted" not in held
