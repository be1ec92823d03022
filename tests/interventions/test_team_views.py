"""When a lead coordinator leaves, the principal names a new lead through the page; outsiders
get 404."""

from __future__ import annotations

import pytest

from sexto.audit.models import AuditEvent
from sexto.interventions.models import ChronologyEntry, Notification
from tests.helpers import FormClient, sign_in
from tests.interventions.test_team_services import _end_role

pytestmark = pytest.mark.django_db


def test_principal_names_a_new_lead_through_the_page(
    people, school, open_case, django_capture_on_commit_callbacks
):
    case = open_case()
    _end_role(people, people["coordinator"], school)
    client = FormClient()
    sign_in(client, people["principal"].email)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/{case.pk}/lead/", {"lead": people["backup"].pk})
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.lead == people["backup"]
    assert ChronologyEntry.objects.filter(case=case, kind="team.lead").exists()
    assert AuditEvent.objects.filter(action="case.lead_assign", target_id=str(case.pk)).exists()
    assert Notification.objects.filter(kind="case.lead_assigned", user=people["backup"]).exists()

    refused = client.post(f"/cases/{case.pk}/lead/", {"lead": people["staff"].pk})
    assert refused.status_code == 302 and refused["Location"].endswith("#lead")
    case.refresh_from_db()
    assert case.lead == people["backup"]
    garbage = client.post(f"/cases/{case.pk}/lead/", {"lead": "x"})
    assert garbage.status_code == 302 and garbage["Location"].endswith("#lead")
    assert client.get(f"/cases/{case.pk}/lead/").status_code == 405


def test_outsiders_get_404_on_the_lead_page(people, open_case):
    case = open_case()
    client = FormClient()
    sign_in(client, people["other_coordinator"].email)
    response = client.post(f"/cases/{case.pk}/lead/", {"lead": people["backup"].pk})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.lead == people["coordinator"]
