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
