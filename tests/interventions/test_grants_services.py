"""Access beyond the case team, the services: the audit-trail export's cells never run as
formulas, and simulations are never shared."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sexto.audit.models import AccessGrant
from sexto.directory.models import School, User
from sexto.interventions.models import Case
from sexto.interventions.services.access import case_access_grant

pytestmark = pytest.mark.django_db


def _grant(people: dict[str, User], case: Case, who: str = "staff", **kw: Any) -> AccessGrant:
    return case_access_grant(
        actor=people["coordinator"],
        case=case,
        email=people[who].email,
        reason=kw.pop("reason", "Remplace la répondante pendant son congé."),
        ends_at=kw.pop("ends_at", timezone.now() + datetime.timedelta(days=3)),
    )


def test_simulations_are_never_shared(people, school):
    from sexto.core.errors import PermissionRefused
    from sexto.interventions.services import case_open

    sim = case_open(actor=people["learner"], school=school, summary="Exercice.", simulation=True)
    with pytest.raises(PermissionRefused):
        _grant(people, sim)
    assert School.objects.exists()


def test_the_case_page_lists_only_the_grants_in_force(people, open_case):
    from sexto.interventions.selectors.access import case_grants, case_grants_live

    case = open_case()
    live = _grant(people, case, "staff")
    revoked = _grant(people, case, "professional")
    AccessGrant.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    shown = case_grants_live(case=case)
    assert [grant.pk for grant in shown] == [live.pk]
    assert shown == [grant for grant in case_grants(case=case) if grant.is_live()]
    assert shown[0].grantee == people["staff"]
    AccessGrant.objects.filter(pk=live.pk).update(ends_at=timezone.now())
    assert case_grants_live(case=case) == []
