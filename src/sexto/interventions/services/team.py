"""The case's team: professionals invited onto it, and its lead coordinator (asked for when the
lead leaves the school, named by the team)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sexto.core.errors import Conflict, DomainError
from sexto.directory.models import Membership, Role, School, User
from sexto.interventions.models import Case, CaseMember
from sexto.interventions.services.around import youth_protection_remind
from sexto.interventions.services.common import (
    audit_case,
    case_open_require,
    case_reader_two_factor_require,
    case_require,
    chronicle,
    save_versioned,
)
from sexto.interventions.services.notifications import notify

LEAD_ROLES = (Role.COORDINATOR, Role.PRINCIPAL)

# notify() translates subjects in each recipient's language.
LEAD_NEEDED_SUBJECT = gettext_noop("a case needs a new lead coordinator")
LEAD_NAMED_SUBJECT = gettext_noop("you were named lead coordinator of a case")


class LeadNotEligible(DomainError):
    """Only a current coordinator or principal of the case's school may lead it."""

    code = "lead_not_eligible"
    status = 422


def lead_candidates(*, school: School, on: datetime.date | None = None) -> list[User]:
    """Who may lead the school's cases on that day (today by default): its current coordinators
    and principals, active accounts only."""
    ids = (
        Membership.objects.current(on)
        .filter(school=school, role__in=LEAD_ROLES)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


@dataclass
class LeadStatus:
    """Whether the case's lead still holds a lead role at its school, and who could take over."""

    current: bool
    ends_on: datetime.date | None
    candidates: list[User] = field(default_factory=list)

    @property
    def replacement_needed(self) -> bool:
        return not self.current or self.ends_on is not None


def lead_status(*, case: Case, team: Sequence[Any] | None = None) -> LeadStatus:
    """Is the lead still a current coordinator or principal of the case's school (and until
    when, if every such role of theirs has an end date)? `team`, the case's team as the page
    already read it (selectors.case_team: the school's current principal and coordinators with
    the end of each membership), answers without a query of its own."""
    if team is not None:
        leads = [m for m in team if m.role in LEAD_ROLES]
        ends = [m.until for m in leads if m.user.pk == case.lead_id]
        active = {m.user.pk: m.user for m in leads if m.user.is_active}
        # lead_candidates' order (the User model's), without asking the database again.
        candidates = sorted(active.values(), key=lambda u: (u.last_name, u.first_name, u.email))
    elif case.lead_id is None:
        candidates = lead_candidates(school=case.school)
    else:
        memberships = list(
            Membership.objects.current().filter(
                user_id=case.lead_id, school_id=case.school_id, role__in=LEAD_ROLES
            )
        )
        ends = [m.valid_until for m in memberships]
    if case.lead_id is None:
        return LeadStatus(current=False, ends_on=None, candidates=candidates)
    ends_on = max(ends) if ends and all(e is not None for e in ends) else None  # type: ignore[type-var]
    status = LeadStatus(current=bool(ends), ends_on=ends_on)
    if status.replacement_needed:  # the candidates cost a query: only when someone must choose
        if team is None:
            candidates = lead_candidates(school=case.school)
        status.candidates = [u for u in candidates if u.pk != case.lead_id]
    return status


def case_leads_departed(*, membership: Membership) -> list[Case]:
    """A lead's coordinator or principal role at a school ended: each of their open cases there
    asks the principal to name a new lead (notified with a link, chronicled)."""
    user, school = membership.user, membership.school
    if school is None or membership.role not in LEAD_ROLES:
        return []
    day = membership.valid_until or timezone.localdate()
    still_leads = (
        Membership.objects.current(day)
        .filter(user=user, school=school, role__in=LEAD_ROLES)
        .exists()
    )
    if still_leads:
        return []  # e.g. a coordinator who became the principal: their cases stay theirs
    cases = list(Case.objects.filter(school=school, lead=user, status=Case.Status.OPEN))
    if not cases:
        return []
    others = [u for u in lead_candidates(school=school) if u.pk != user.pk]
    principals_ids = set(
        Membership.objects.current()
        .filter(school=school, role=Role.PRINCIPAL)
        .values_list("user_id", flat=True)
    )
    # The principal names the new lead; a school without one falls back on its coordinators.
    recipients = [u for u in others if u.pk in principals_ids] or others
    with transaction.atomic():
        for case in cases:
            chronicle(case, actor=None, kind="team.lead_left", text=user.display_name)
            audit_case(
                case,
                actor=None,
                action="case.lead_left",
                changes={"lead": str(user.pk), "until": day},
            )
        links = [
            (reverse("interventions:case_detail", args=[case.pk]), case.number or "")
            for case in cases
        ]

        def alert() -> None:
            for url, reference in links:
                notify(
                    users=recipients,
                    kind="case.lead_needed",
                    url=url,
                    reference=reference,
                    subject=LEAD_NEEDED_SUBJECT,
                )

        transaction.on_commit(alert)
    return cases


def case_lead_assign(
    *, actor: User, case: Case, lead: User, request: HttpRequest | None = None
) -> Case:
    """Name the case's lead coordinator: a current coordinator or principal of its school."""
    case_require(user=actor, case=case, action="manage_team")
    if case.status != Case.Status.OPEN:
        raise Conflict(_("This case is closed: reopen it before naming a new lead."))
    if not any(u.pk == lead.pk for u in lead_candidates(school=case.school)):
        raise LeadNotEligible(
            _(
                "%(name)s is not a current Sexto coordinator or principal of this school: "
                "choose one of them, or ask your service centre to give them the role first."
            )
            % {"name": lead.display_name},
            field="lead",
        )
    if case.lead_id == lead.pk:
        return case
    with transaction.atomic():
        previous = case.lead_id
        case.lead = lead
        save_versioned(case, version=None, fields=["lead"])
        chronicle(case, actor=actor, kind="team.lead", text=lead.display_name)
        audit_case(
            case,
            actor=actor,
            action="case.lead_assign",
            request=request,
            changes={"lead": str(lead.pk), "previous": str(previous) if previous else ""},
        )
        if lead.pk != actor.pk and not case.simulation:
            url = reverse("interventions:case_detail", args=[case.pk])
            reference = case.number or ""
            transaction.on_commit(
                lambda: notify(
                    users=[lead],
                    kind="case.lead_assigned",
                    url=url,
                    reference=reference,
                    subject=LEAD_NAMED_SUBJECT,
                )
            )
    return case


def professional_invite(
    *, actor: User, case: Case, user: User, request: HttpRequest | None = None
) -> CaseMember:
    """Put a professional on the case's team (they read it and write notes). Refused for
    someone without a second factor: everyone on a case team has TOTP (DESIGN.md)."""
    case_require(user=actor, case=case, action="manage_team")
    case_open_require(case)
    case_reader_two_factor_require(user=user, case=case, field="user")
    with transaction.atomic():
        member, _created = CaseMember.objects.get_or_create(
            case=case,
            user=user,
            kind=CaseMember.Kind.PROFESSIONAL,
            removed_at=None,
            defaults={"added_by": actor},
        )
        chronicle(case, actor=actor, kind="team.invite", text=user.display_name)
        audit_case(
            case,
            actor=actor,
            action="case.team_invite",
            request=request,
            changes={"user": str(user.pk)},
        )
        # A newly added duty holder is told of their own DPJ duty where the grid makes it apply.
        transaction.on_commit(lambda: youth_protection_remind(case=case, users=[user]))
    return member
