"""Reads of the people around a case: youth protection (who has acted, who has not), parents,
the victim's support plan and its resources, takedown requests, educational measures.

Callers load the case through selectors.case_get_for first (access checked, read audited)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sexto.directory.models import Membership, Role, User
from sexto.directory.resources import (
    Resource,
    support_resource_names,
    support_resources_for,
)
from sexto.interventions.models import (
    Case,
    CaseMember,
    EducationalMeasure,
    ParentNotification,
    SupportEntry,
    TakedownRequest,
    YouthProtectionReport,
)

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


@dataclass
class YouthProtectionStatus:
    """Who has recorded their own report or consultation (or why not), and who has not."""

    level: str
    applies: bool
    entries: list[YouthProtectionReport]
    acted: list[tuple[User, YouthProtectionReport]]
    missing: list[User]


def case_duty_holders(case: Case) -> list[User]:
    """The people expected to act: the school's current coordinators and principal (for a
    simulation, its learner)."""
    if case.simulation:
        ids: Any = CaseMember.objects.filter(
            case=case, kind=CaseMember.Kind.LEARNER, removed_at__isnull=True
        ).values("user_id")
    else:
        ids = (
            Membership.objects.current()
            .filter(school_id=case.school_id, role__in=[Role.COORDINATOR, Role.PRINCIPAL])
            .values("user_id")
        )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def youth_protection_status(case: Case) -> YouthProtectionStatus:
    """Each person's latest entry (report, consultation or not done, with why), and the team's
    coordinators and principal who have recorded nothing yet."""
    entries = list(
        YouthProtectionReport.objects.filter(case=case).select_related("user").order_by("at", "id")
    )
    latest: dict[Any, YouthProtectionReport] = {}
    for entry in entries:
        latest[entry.user_id] = entry
    acted = [(entry.user, entry) for entry in latest.values()]
    missing = [user for user in case_duty_holders(case) if user.pk not in latest]
    return YouthProtectionStatus(
        level=case.youth_protection,
        applies=case.youth_protection in YOUTH_PROTECTION_DUTY,
        entries=entries,
        acted=acted,
        missing=missing,
    )


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
