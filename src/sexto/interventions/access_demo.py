"""Demo access beyond the team: a coordinator of another school of the same service centre holds
a live grant on a Hauts-Sommets case (the victim is changing schools). Fictional people."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from sexto.audit.models import AccessGrant
from sexto.audit.selectors import access_grant_live
from sexto.directory.models import User
from sexto.interventions.models import Case
from sexto.interventions.services.grants import case_access_grant

DEMO_GRANT_REASON = (
    "L'élève victime change d'école (vers l'École secondaire du Lac-Vert) : continuité du plan "
    "de soutien pendant la transition."
)


def demo_access_seed(write: Callable[[str], None]) -> AccessGrant | None:
    """Idempotent: a grant is given again only when the previous demo grant has ended."""
    case = (
        Case.objects.filter(school__ministry_code="751001", status=Case.Status.OPEN)
        .order_by("opened_at")
        .first()
    )
    grantee = User.objects.filter(email="coordination@lac-vert.demo").first()
    principal = User.objects.filter(email="direction@hauts-sommets.demo").first()
    if case is None or grantee is None or principal is None:
        return None
    current = access_grant_live(user=grantee, target=case)
    if current is not None:
        return current
    grant = case_access_grant(
        actor=principal,
        case=case,
        email=grantee.email,
        reason=DEMO_GRANT_REASON,
        ends_at=timezone.now() + datetime.timedelta(days=14),
    )
    write(f"Access grant: {grantee.handle} reads {case.number} until {grant.ends_at:%Y-%m-%d}.")
    return grant
