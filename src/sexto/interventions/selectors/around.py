"""Reads of the people around a case: youth protection (who has acted, who has not), parents,
the victim's support plan and its resources, takedown requests, educational measures.

Callers load the case through selectors.case_get_for first (access checked, read audited)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sexto.directory.models import User
from sexto.directory.resources import (
    Resource,
    support_resource_names,
    support_resources_for,
)
from sexto.directory.types import Viewer
from sexto.interventions.models import (
    Case,
    CaseMember,
    EducationalMeasure,
    Intake,
    ParentNotification,
    SupportEntry,
    TakedownRequest,
    YouthProtectionReport,
)
from sexto.interventions.selectors.team import case_team

# Grid levels (grid.types.YouthProtection) where the duty applies and each person must act.
YOUTH_PROTECTION_DUTY = ("required", "consult")


def support_resources(*, case: Case | None = None, language: str | None = None) -> list[Resource]:
    """The support resources for the case's school's region, in the reader's language: the
    region's DPJ first, then the police force's non-emergency line, then the national resources
    (directory.resources). Without a case, the national resources only."""
    if case is None:
        return support_resources_for(language=language)
    school = case.school
    return support_resources_for(
        region=school.region, police_force=school.territory.police_force, language=language
    )


def resource_names(
    keys: list[str], *, case: Case | None = None, language: str | None = None
) -> list[str]:
    """The names of the given resources, in the user's language (unknown keys left out); keys
    recorded before the resources moved to the directory keep their names."""
    police_force = case.school.territory.police_force if case is not None else None
    return support_resource_names(keys, police_force=police_force, language=language)


# What discharges a duty holder, by grid level: where a report is required, a consultation does
# not (Youth Protection Act s.39: the report itself, or why there was no reasonable cause).
_DISCHARGING_KINDS: dict[str, frozenset[str]] = {
    "required": frozenset({YouthProtectionReport.Kind.REPORT, YouthProtectionReport.Kind.NOT_DONE}),
    "consult": frozenset(
        {
            YouthProtectionReport.Kind.REPORT,
            YouthProtectionReport.Kind.CONSULTATION,
            YouthProtectionReport.Kind.NOT_DONE,
        }
    ),
}


@dataclass(frozen=True)
class DutyHolder:
    """One person with the personal DPJ duty on a case: whether they are on the case's team (else
    they act from their own "my reports" page, without reading the case), and what they recorded."""

    user: User
    on_team: bool
    # The entry that discharges them (their latest such), else their latest entry, else None.
    entry: YouthProtectionReport | None
    discharged: bool


@dataclass
class YouthProtectionStatus:
    """Who has recorded their own report or consultation (or why they had no reasonable cause),
    and who has not acted as the law requires (`missing`: what closure refuses on)."""

    level: str
    applies: bool
    entries: list[YouthProtectionReport]
    acted: list[tuple[User, YouthProtectionReport]]
    missing: list[User]
    holders: list[DutyHolder] = field(default_factory=list)


def _duty_holders(case: Case) -> list[tuple[User, bool]]:
    """The duty holders with whether each is on the team: the team's principal, coordinators and
    invited professionals (not the police liaisons), then the intake's reporter and the staff it
    names as having heard the facts. For a simulation, its learner."""
    if case.simulation:
        members = CaseMember.objects.filter(
            case=case, kind=CaseMember.Kind.LEARNER, removed_at__isnull=True
        ).select_related("user")
        return [(m.user, True) for m in members if m.user.is_active]
    holders: dict[Any, tuple[User, bool]] = {}
    for member in case_team(case=case):
        if member.role != "police" and member.user.is_active:
            holders.setdefault(member.user.pk, (cast(User, member.user), True))
    if case.intake_id is not None:
        # The reporter first, then who heard, by name; never the intake's (encrypted) content.
        reporter_id = (
            Intake.all_objects.filter(pk=case.intake_id)
            .values_list("reported_by_id", flat=True)
            .first()
        )
        people = User.objects.filter(
            Q(pk=reporter_id) | Q(intakes_heard=case.intake_id), is_active=True
        ).distinct()
        for user in sorted(people, key=lambda u: (u.pk != reporter_id, u.last_name, u.first_name)):
            holders.setdefault(user.pk, (user, False))
    return list(holders.values())


def case_duty_holders(case: Case) -> list[User]:
    """The people who each carry the personal duty to report to the DPJ on this case (see
    `_duty_holders`): every team member but the police, the reporter and the staff who heard."""
    return [user for user, _on_team in _duty_holders(case)]


def youth_protection_status(case: Case) -> YouthProtectionStatus:
    """Each duty holder's standing: where the grid makes the duty apply, `missing` lists exactly
    those who have neither reported (nor, where the grid says consult, consulted) nor written why
    they had no reasonable cause. Where it does not apply, nobody is missing."""
    entries = list(
        YouthProtectionReport.objects.filter(case=case).select_related("user").order_by("at", "id")
    )
    applies = case.youth_protection in YOUTH_PROTECTION_DUTY
    discharging = _DISCHARGING_KINDS.get(case.youth_protection, frozenset())
    latest: dict[Any, YouthProtectionReport] = {}
    latest_discharging: dict[Any, YouthProtectionReport] = {}
    for entry in entries:
        latest[entry.user_id] = entry
        if entry.kind in discharging:
            latest_discharging[entry.user_id] = entry
    holders = []
    for user, on_team in _duty_holders(case):
        shown = latest_discharging.get(user.pk) or latest.get(user.pk)
        discharged = not applies or user.pk in latest_discharging
        holders.append(DutyHolder(user=user, on_team=on_team, entry=shown, discharged=discharged))
    acted = [
        (entry.user, latest_discharging.get(user_id, entry)) for user_id, entry in latest.items()
    ]
    return YouthProtectionStatus(
        level=case.youth_protection,
        applies=applies,
        entries=entries,
        acted=acted,
        missing=[holder.user for holder in holders if not holder.discharged],
        holders=holders,
    )


@dataclass(frozen=True)
class MyDuty:
    """What a duty holder outside the case's team sees of it: the grid's level and their own
    standing, nothing of the case's content."""

    case: Case
    level: str
    applies: bool
    holder: DutyHolder


def _duty_cases(*, user: Viewer) -> QuerySet[Case]:
    """The open cases opened from an intake this person filed or is named on (only the columns
    the duty needs: never an encrypted field)."""
    intakes = Intake.objects.filter(Q(reported_by=user) | Q(heard_by=user))
    return Case.objects.filter(intake__in=intakes, status=Case.Status.OPEN).only(
        "id", "intake_id", "number", "youth_protection", "simulation", "school_id", "status"
    )


def youth_protection_mine(*, user: Viewer) -> dict[Any, MyDuty]:
    """For the "my reports" page: by intake id, the person's own DPJ duty on each open case opened
    from an intake they filed or are named on. Nothing of the case's content is read."""
    mine: dict[Any, MyDuty] = {}
    for case in _duty_cases(user=user):
        status = youth_protection_status(case)
        own = next((h for h in status.holders if h.user.pk == user.pk), None)
        if own is not None:
            mine[case.intake_id] = MyDuty(
                case=case, level=status.level, applies=status.applies, holder=own
            )
    return mine


def intake_duty_case_get(*, user: Viewer, intake_id: Any) -> Case:
    """The open case of an intake this person filed or is named on, for recording their own DPJ
    duty; else Http404 (the same for "no such intake" and "not yours")."""
    case = _duty_cases(user=user).filter(intake_id=intake_id).first()
    if case is None:
        raise Http404(_("No such report among yours with an open case."))
    return case


@dataclass
class AroundLists:
    """What the case page's "people around" section lists."""

    youth_protection: YouthProtectionStatus
    parent_notices: list[ParentNotification]
    support: list[SupportEntry]
    takedowns: list[TakedownRequest]
    measures: list[EducationalMeasure]
    resources: list[Resource]
    support_resources_given: dict[int, list[str]] = field(default_factory=dict)


def case_around(case: Case, *, language: str | None = None) -> AroundLists:
    """Everything the case page shows about the people around the case, in list order."""
    support = list(case.support.select_related("person", "by"))
    return AroundLists(
        youth_protection=youth_protection_status(case),
        parent_notices=list(case.parent_notices.select_related("person", "by")),
        support=support,
        takedowns=list(case.takedowns.select_related("by")),
        measures=list(case.measures.select_related("person", "by")),
        resources=support_resources(case=case, language=language),
        support_resources_given={
            entry.pk: resource_names(list(entry.resources), case=case, language=language)
            for entry in support
        },
    )
