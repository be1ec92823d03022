"""Reads of the people around a case: youth protection (who has acted, who has not), parents,
the victim's support plan and its resources, takedown requests, educational measures.

Callers load the case through selectors.case_get_for first (access checked, read audited)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sexto.directory.models import Membership, Role, User
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


@dataclass(frozen=True)
class Resource:
    key: str
    name: str
    url: str
    description: Promise


# Names and addresses differ by language (Cyberaide.ca is Cybertip.ca in French); the
# descriptions go through gettext like every other text.
_RESOURCES: tuple[tuple[str, dict[str, tuple[str, str]], Promise], ...] = (
    (
        "cavac",
        {"fr": ("CAVAC", "https://cavac.qc.ca"), "en": ("CAVAC", "https://cavac.qc.ca")},
        _(
            "Crime victims assistance centres: free, confidential help, with or without a "
            "complaint."
        ),
    ),
    (
        "cybertip",
        {
            "fr": ("Cyberaide.ca", "https://www.cyberaide.ca"),
            "en": ("Cybertip.ca", "https://www.cybertip.ca"),
        },
        _("Canada's tipline for the online sexual exploitation of children; helps remove content."),
    ),
    (
        "needhelpnow",
        {
            "fr": ("AidezMoiSVP.ca", "https://aidezmoisvp.ca"),
            "en": ("NeedHelpNow.ca", "https://needhelpnow.ca"),
        },
        _("Step-by-step help for young people whose sexual pictures or videos were shared."),
    ),
    (
        "take_it_down",
        {
            "fr": ("Take It Down", "https://takeitdown.ncmec.org"),
            "en": ("Take It Down", "https://takeitdown.ncmec.org"),
        },
        _("Lets a young person ask platforms to remove their images, without sending them."),
    ),
)
RESOURCE_KEYS: tuple[str, ...] = tuple(key for key, _names, _description in _RESOURCES)


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "fr")[:2]
    return code if code in ("fr", "en") else "fr"


def support_resources(*, language: str | None = None) -> list[Resource]:
    """The support resources with their names and addresses in the user's language."""
    code = _language(language)
    return [
        Resource(key=key, name=names[code][0], url=names[code][1], description=description)
        for key, names, description in _RESOURCES
    ]


def resource_names(keys: list[str], *, language: str | None = None) -> list[str]:
    """The names of the given resources, in the user's language (unknown keys left out)."""
    by_key = {r.key: r.name for r in support_resources(language=language)}
    return [by_key[key] for key in keys if key in by_key]


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
        resources=support_resources(language=language),
        support_resources_given={
            entry.pk: resource_names(list(entry.resources), language=language) for entry in support
        },
    )
