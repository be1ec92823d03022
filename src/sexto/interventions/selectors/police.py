"""The police liaison's reads: who is a liaison, and their inbox of referrals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from sexto.directory.models import Role
from sexto.directory.permissions import has_role, organisations_where
from sexto.directory.types import Viewer
from sexto.interventions.models import Referral
from sexto.interventions.selectors.referrals import STATE_LABELS, referral_state

# The inbox keeps determined referrals this long after their determination.
RECENT_DAYS = 90


def user_is_police_liaison(user: Viewer) -> bool:
    return has_role(user, {Role.POLICE_LIAISON})


@dataclass
class InboxRow:
    referral: Referral
    state: str

    @property
    def state_label(self) -> Any:
        return STATE_LABELS[self.state]


@dataclass
class PoliceInbox:
    awaiting: list[InboxRow] = field(default_factory=list)
    recent: list[InboxRow] = field(default_factory=list)


def police_inbox_for(user: Viewer) -> PoliceInbox:
    """Referrals to the user's police forces awaiting acknowledgement, determination or the end of
    the investigation, then those with an outcome in the last 90 days. Reads no encrypted field
    of the case."""
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
            "case__school__name",
        )
    )
    # A criminal investigation awaits its end (charges, extrajudicial measures, no further
    # action): the liaison records it, so the referral stays among theirs.
    awaiting = base.filter(
        Q(acknowledged_at__isnull=True)
        | Q(determination="")
        | Q(determination=Referral.Determination.MALICIOUS)
    ).order_by("referred_at")
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    recent = (
        base.exclude(determination="")
        .exclude(determination=Referral.Determination.MALICIOUS)
        .exclude(acknowledged_at__isnull=True)
        .filter(Q(outcome_at__gte=since) | Q(outcome_at__isnull=True, determined_at__gte=since))
        .order_by("-determined_at")
    )
    return PoliceInbox(
        awaiting=[InboxRow(r, referral_state(r)) for r in awaiting[:200]],
        recent=[InboxRow(r, referral_state(r)) for r in recent[:50]],
    )
