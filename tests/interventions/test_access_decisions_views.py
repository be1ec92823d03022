"""Issue 14, item 13 (access), through the pages and the API: a professional or learner removed
from a case, or another learner, gets 404 (test_access_decisions.py tests the decisions)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from sexto.directory.models import User
from sexto.interventions import selectors, services
from sexto.interventions.models import CaseMember
from sexto.interventions.permissions import (
    LEARNER,
    PROFESSIONAL,
    case_grant_role,
    case_team_role,
)
from tests.api.test_cases_api import Api
from tests.helpers import FormClient, sign_in
from tests.interventions.test_access_decisions import _remove, _simulation

pytestmark = pytest.mark.django_db


def _client(user: User) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email)
    return client


def _refused_404(user: User, case: Any) -> None:
    """The page, the API (session and token) and the selector all answer 404 for this case."""
    client = _client(user)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    token = Api(user)
    assert token.get(f"/cases/{case.pk}").status_code == 404
    assert token.get(f"/cases/{case.pk}/people").status_code == 404
    with pytest.raises(Http404):
        selectors.case_get_for(user=user, case_id=case.pk)


# ---- Removed from the team -------------------------------------------------------------------


def test_a_removed_professional_gets_404_on_the_page_and_the_api(people, open_case):
    case = open_case()
    member = services.professional_invite(
        actor=people["principal"], case=case, user=people["professional"]
    )
    assert _client(people["professional"]).get(f"/cases/{case.pk}/").status_code == 200
    assert case_team_role(user=people["professional"], case=case) == PROFESSIONAL
    _remove(member)
    assert case_team_role(user=people["professional"], case=case) is None
    _refused_404(people["professional"], case)
    # Not on anyone's list either.
    assert case.pk not in {c.pk for c in selectors.worklist_for(user=people["professional"]).cases}


def test_a_removed_learner_gets_404_on_their_simulation_page_and_api(people, school):
    case = _simulation(people["learner"], school)
    assert case_team_role(user=people["learner"], case=case) == LEARNER
    assert _client(people["learner"]).get(f"/cases/{case.pk}/").status_code == 200
    _remove(CaseMember.objects.get(case=case, user=people["learner"]))
    assert case_team_role(user=people["learner"], case=case) is None
    _refused_404(people["learner"], case)


def test_another_learner_cannot_open_someones_simulation(people, school):
    mine = _simulation(people["learner"], school)
    # Another learner, with a simulation of their own (so a learner row exists for them).
    _simulation(people["staff"], school)
    assert case_team_role(user=people["staff"], case=mine) is None
    assert case_grant_role(user=people["staff"], case=mine) == (None, None)
    _refused_404(people["staff"], mine)
    # Nor do the school's coordinator and principal: a simulation is its learner's alone.
    for who in ("coordinator", "principal"):
        assert case_team_role(user=people[who], case=mine) is None
        assert _client(people[who]).get(f"/cases/{mine.pk}/").status_code == 404
