"""The kit's procedure: the guided steps of a case, in order, with their deadlines."""

from __future__ import annotations

import datetime
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
