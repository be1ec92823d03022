"""What a case still needs before it may close (DESIGN.md "The flow of a case", step 9): every
mandatory step done or justified, the awareness meetings the DPCP ordered held (or why not), the
parents of each young person informed (or why not), every DPJ duty holder acted, the outcome
described. Each missing item comes with a label in the reader's language and a link to the place
on the case page where it is settled.

Labels name students by their label on the case (A, B…), never by name: the list is also the
API's error, and errors may be logged."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sexto.interventions.models import (
    AwarenessMeeting,
    Case,
    CasePerson,
    CaseStep,
    ParentNotification,
    Referral,
)
from sexto.interventions.procedure import STEPS_BY_KEY
from sexto.interventions.selectors.around import youth_protection_status

# Kinds of missing items, in the order the list gives them.
STEP = "step"
MEETING_NOT_SETTLED = "meeting"
MEETING_MISSING = "meeting_missing"
PARENTS = "parents"
YOUTH_PROTECTION = "youth_protection"
OUTCOME = "outcome"

# From this age a person involved is an adult: no parents to inform, no guardian at the meeting.
ADULT_AGE = 18


@dataclass(frozen=True)
class ClosureBlocker:
    """One thing the case still needs before closing."""

    kind: str
    # The item as the API's problem names it: `steps.inform_parents`, `meetings.12`,
    # `people.B.meeting`, `people.B.parents`, `youth_protection.<handle>`, `outcome`.
    field: str
    label: str
    # The case page and the #anchor of the section or step where it is settled.
    url: str


def person_is_young(person: CasePerson) -> bool:
    """A young person (under 18, or of unknown age): their parents are informed, and they meet
    with a parent or guardian."""
    return person.age is None or person.age < ADULT_AGE


def _steps_missing(steps: Iterable[CaseStep], page: str) -> list[ClosureBlocker]:
    missing = []
    for step in steps:
        definition = STEPS_BY_KEY.get(step.key)
        if definition is None or not definition.mandatory or step.state != CaseStep.State.PENDING:
            continue
        missing.append(
            ClosureBlocker(
                kind=STEP,
                field=f"steps.{step.key}",
                label=_("Step to settle: %(step)s (done, or not applicable with why).")
                % {"step": definition.label},
                url=f"{page}#step-{step.key}",
            )
        )
    return missing


def _ordered_meetings(case: Case) -> list[Referral]:
    """The case's referrals whose determination ordered awareness meetings, with their meetings.
    A case never referred (no police contact recorded) costs no query."""
    if case.police_contacted_at is None:
        return []
    return list(
        Referral.objects.filter(case=case, determination=Referral.Determination.IMPULSIVE)
        .order_by("referred_at")
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=AwarenessMeeting.objects.select_related("person").order_by(
                    "scheduled_at", "pk"
                ),
            )
        )
    )


def _meetings_missing(
    referrals: Sequence[Referral], young: list[CasePerson], page: str
) -> list[ClosureBlocker]:
    if not referrals:
        return []
    missing = []
    met: set[int] = set()
    for referral in referrals:
        for meeting in referral.meetings.all():
            met.add(meeting.person_id)
            if meeting.held_at is not None or meeting.not_held_reason.strip():
                continue
            when = formats.date_format(timezone.localtime(meeting.scheduled_at), "DATETIME_FORMAT")
            missing.append(
                ClosureBlocker(
                    kind=MEETING_NOT_SETTLED,
                    field=f"meetings.{meeting.pk}",
                    label=_(
                        "Awareness meeting of %(person)s (scheduled for %(when)s): record it as "
                        "held, or why it was not held."
                    )
                    % {"person": meeting.person.label, "when": when},
                    url=f"{page}#meeting-{meeting.pk}",
                )
            )
    for person in young:
        if person.pk not in met:
            missing.append(
                ClosureBlocker(
                    kind=MEETING_MISSING,
                    field=f"people.{person.label}.meeting",
                    label=_(
                        "No awareness meeting for %(person)s, though the DPCP ordered meetings: "
                        "schedule one."
                    )
                    % {"person": person.label},
                    url=f"{page}#referral",
                )
            )
    return missing


def parents_missing(case: Case, young: list[CasePerson]) -> list[CasePerson]:
    """The young people of the case whose parents have neither been informed nor been recorded
    as not informed with why (one query, none without young people)."""
    if not young:
        return []
    settled = set(
        ParentNotification.objects.filter(case=case, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    return [person for person in young if person.pk not in settled]


def _youth_protection_missing(case: Case, page: str) -> list[ClosureBlocker]:
    if not case.youth_protection:
        return []  # the grid is not filled: its step says so, and no duty is known yet
    status = youth_protection_status(case)
    if not status.applies:
        return []
    return [
        ClosureBlocker(
            kind=YOUTH_PROTECTION,
            field=f"youth_protection.{user.handle or user.pk}",
            label=_(
                "Youth protection: %(name)s has not recorded their own report to the DPJ, or "
                "why they had no reasonable cause to report."
            )
            % {"name": user.display_name},
            url=f"{page}#youth-protection",
        )
        for user in status.missing
    ]


def case_closure_blockers(
    case: Case,
    *,
    outcome: str | None = None,
    steps: Iterable[CaseStep] | None = None,
    people: Iterable[CasePerson] | None = None,
) -> list[ClosureBlocker]:
    """Everything the case still needs before closing, in the page's order (steps, meetings,
    parents, youth protection, outcome); empty when it may close. `outcome` is the text about to
    be recorded (the stored one otherwise); `steps` and `people` spare their queries to a caller
    that already holds them."""
    page = reverse("interventions:case_detail", args=[case.pk])
    steps = list(steps) if steps is not None else list(case.steps.all())
    people = list(people) if people is not None else list(case.people.all())
    young = [person for person in people if person_is_young(person)]
    blockers = _steps_missing(steps, page)
    blockers += _meetings_missing(_ordered_meetings(case), young, page)
    blockers += [
        ClosureBlocker(
            kind=PARENTS,
            field=f"people.{person.label}.parents",
            label=_(
                "Parents or guardians of %(person)s: log that they were informed, or why they "
                "were not."
            )
            % {"person": person.label},
            url=f"{page}#parents",
        )
        for person in parents_missing(case, young)
    ]
    blockers += _youth_protection_missing(case, page)
    text = outcome if outcome is not None else case.outcome
    if not text.strip():
        blockers.append(
            ClosureBlocker(
                kind=OUTCOME,
                field="outcome",
                label=_("Describe the outcome of the case."),
                url=f"{page}#id_outcome",
            )
        )
    return blockers
