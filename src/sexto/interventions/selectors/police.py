"""The police liaison's reads: who is a liaison, and their inbox of referrals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case as SQLCase
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from sexto.directory.models import Role
from sexto.directory.permissions import has_role, organisations_where
from sexto.directory.types import Viewer
from sexto.interventions.models import Case, Referral
from sexto.interventions.selectors.referrals import STATE_LABELS, referral_state

# The inbox keeps determined referrals this long after their determination.
RECENT_DAYS = 90
INBOX_PER_PAGE = 25
POLICE_IMMEDIATELY = "police_immediately"


def user_is_police_liaison(user: Viewer) -> bool:
    return has_role(user, {Role.POLICE_LIAISON})


@dataclass
class InboxRow:
    referral: Referral
    state: str
    urgent: bool = False

    @property
    def state_label(self) -> Any:
        return STATE_LABELS[self.state]


@dataclass
class PoliceInbox:
    awaiting: list[InboxRow] = field(default_factory=list)
    recent: list[InboxRow] = field(default_factory=list)
    # The pages shown (for the pager); None when the user has no police force.
    awaiting_page: Page | None = None  # type: ignore[type-arg]
    recent_page: Page | None = None  # type: ignore[type-arg]


def _rows(page: Page) -> list[InboxRow]:  # type: ignore[type-arg]
    return [InboxRow(r, referral_state(r), urgent=bool(r.urgent)) for r in page.object_list]


def _urgency(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    # The case's route as decided (the coordinator's decision, else the grid's): a referral on
    # the "call the police now" route comes before every other.
    return referrals.annotate(
        urgent=SQLCase(
            When(case__decided_route=POLICE_IMMEDIATELY, then=Value(1)),
            When(case__decided_route="", case__route=POLICE_IMMEDIATELY, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def police_inbox_for(
    user: Viewer, *, awaiting_page: str | int | None = 1, recent_page: str | int | None = 1
) -> PoliceInbox:
    """Referrals to the user's police forces awaiting acknowledgement, determination or the end of
    the investigation — the "call the police now" route first, then the newest — and those with an
    outcome in the last 90 days, newest first; one page of each. A closed case awaits nothing.
    Reads no encrypted field of the case."""
    forces = organisations_where(user, {Role.POLICE_LIAISON})
    if not forces:
        return PoliceInbox()
    base = (
        Referral.objects.filter(police_force__in=forces, case__simulation=False)
        .select_related("case__school", "police_force")
        .only(
            "id",
            "referred_at",
            "police_contacted_at",
            "acknowledged_at",
            "police_file_number",
            "determination",
            "determined_at",
            "outcome_at",
            "police_force__name",
            "case__id",
            "case__number",
            "case__status",
            "case__route",
            "case__decided_route",
            "case__school__name",
        )
    )
    # A criminal investigation awaits its end (charges, extrajudicial measures, no further
    # action): the liaison records it, so the referral stays among theirs while the case is open.
    awaiting = _urgency(
        base.filter(case__status=Case.Status.OPEN).filter(
            Q(acknowledged_at__isnull=True)
            | Q(determination="")
            | Q(determination=Referral.Determination.MALICIOUS)
        )
    ).order_by("-urgent", "-referred_at", "-pk")
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    recent = _urgency(
        base.exclude(determination="")
        .exclude(determination=Referral.Determination.MALICIOUS)
        .exclude(acknowledged_at__isnull=True)
        .filter(Q(outcome_at__gte=since) | Q(outcome_at__isnull=True, determined_at__gte=since))
    ).order_by("-determined_at", "-pk")
    awaiting_shown = Paginator(awaiting, INBOX_PER_PAGE).get_page(awaiting_page)
    recent_shown = Paginator(recent, INBOX_PER_PAGE).get_page(recent_page)
    return PoliceInbox(
        awaiting=_rows(awaiting_shown),
        recent=_rows(recent_shown),
        awaiting_page=awaiting_shown,
        recent_page=recent_shown,
    )
