"""Transferring a case when the student changes school (issue 18): within the file holder the
receiving school's coordinators become the team (alerted), the old school reads it — read only —
for 30 days, the case keeps its number, the chronology says who did what when; another board's
school is refused here with what to do instead (propose it: test_transfer_across.py)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import DomainError, PermissionRefused
from sexto.interventions.models import Case, CaseTransfer, ChronologyEntry, Notification
from sexto.interventions.permissions import FORMER_TEAM, case_team_role
from sexto.interventions.services.transfer import case_transfer
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db


def _client(user) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email)
    return client


def test_a_transfer_within_the_board_moves_the_team_and_leaves_the_old_one_reading(
    people, case, world, django_capture_on_commit_callbacks, english
):
    lac_vert = world.schools["751002"]
    number = case.number
    client = _client(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/{case.pk}/transfer/", {"to_school": str(lac_vert.pk)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.school == lac_vert and case.number == number
    assert case.lead == people["other_coordinator"]
    # The receiving coordinator is alerted (a link only) and is now on the team.
    assert Notification.objects.filter(user=people["other_coordinator"], kind="case.transfer")
    assert any(people["other_coordinator"].email in m.to for m in mail.outbox)
    assert _client(people["other_coordinator"]).get(f"/cases/{case.pk}/").status_code == 200
    # The old school reads it, read only, and is told until when.
    assert case_team_role(user=people["coordinator"], case=case) == FORMER_TEAM
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="transferred"' in page and "without changing it" in page
    refused = client.post(f"/cases/{case.pk}/notes/", {"text": "Encore moi."})
    assert refused.status_code == 403
    entry = ChronologyEntry.objects.get(case=case, kind="case.transfer")
    assert "Hauts-Sommets" in entry.text and "Lac-Vert" in entry.text
    assert entry.actor == people["coordinator"]
    assert AuditEvent.objects.filter(action="case.transfer", target_id=str(case.pk)).exists()
    # After 30 days, the old school no longer reads it.
    CaseTransfer.objects.update(read_only_until=timezone.now() - datetime.timedelta(seconds=1))
    assert case_team_role(user=people["coordinator"], case=case) is None
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_another_boards_school_and_bad_requests_are_refused_clearly(people, case, world, english):
    riverview = world.schools["881001"]
    with pytest.raises(DomainError, match="another school board"):
        case_transfer(actor=people["coordinator"], case=case, to_school=riverview)
    with pytest.raises(DomainError, match="already at this school"):
        case_transfer(actor=people["coordinator"], case=case, to_school=case.school)
    with pytest.raises(PermissionRefused):
        case_transfer(actor=people["professional"], case=case, to_school=world.schools["751002"])
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()
    with pytest.raises(DomainError):
        case_transfer(actor=people["coordinator"], case=case, to_school=world.schools["751002"])
    assert not CaseTransfer.objects.exists()


def test_the_transfer_form_offers_the_boards_other_schools(people, case, english):
    page = _client(people["coordinator"]).get(f"/cases/{case.pk}/").content.decode()
    form = page.split('id="transfer"', 1)[1].split("</details>", 1)[0]
    assert "Lac-Vert" in form and "Val-des-Pins" in form and "Riverview" not in form
    assert "Hauts-Sommets" not in form
