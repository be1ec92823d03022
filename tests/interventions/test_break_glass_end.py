"""A privacy officer ends their own break-glass early: a button on the case page (and on the
break-glass page), access ends at once, an audit event, a chronology entry, and the case team is
alerted as for the opening. Nobody else can end it, and there is nothing to end without one."""

from __future__ import annotations

import pytest
from django.core import mail

from sexto.audit.models import AccessGrant, AuditEvent
from sexto.interventions.models import ChronologyEntry, Notification
from sexto.interventions.services.access import case_break_glass
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db

TEAM = ("coordinator", "backup", "principal")


def _client(email: str) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, email)
    return client


def test_the_privacy_officer_ends_their_break_glass_and_the_team_is_told(
    people, open_case, english, django_capture_on_commit_callbacks
):
    case = open_case()
    _case, grant = case_break_glass(
        actor=people["privacy"], number=case.number, reason="Plainte d'un parent."
    )
    assert grant is not None
    officer = _client(people["privacy"].email)
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="break-glass-end"' in page
    assert f"/cases/{case.pk}/break-glass/end/" in page
    assert 'data-testid="break-glass-end"' in officer.get("/cases/break-glass/").content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(f"/cases/{case.pk}/break-glass/end/", {})
    assert response.status_code == 302 and response["Location"] == "/cases/break-glass/"

    # Access ends at once.
    assert officer.get(f"/cases/{case.pk}/").status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == people["privacy"]
    [event] = AuditEvent.objects.filter(action="access.break_glass.end", target_id=str(case.pk))
    assert event.chain == case.audit_chain and event.actor == f"user:{people['privacy'].pk}"
    assert ChronologyEntry.objects.filter(case=case, kind="access.break_glass.end").exists()
    alerted = {n.user.email for n in Notification.objects.filter(kind="case.break_glass_end")}
    assert alerted == {people[key].email for key in TEAM}
    assert {m.to[0] for m in mail.outbox} == {people[key].email for key in TEAM}
    for message in mail.outbox:
        assert f"/cases/{case.pk}/" in message.body and "Plainte" not in message.body
    # Nothing left to end: 404, and no second alert.
    assert officer.post(f"/cases/{case.pk}/break-glass/end/", {}).status_code == 404
    assert Notification.objects.filter(kind="case.break_glass_end").count() == 3


def test_nobody_else_ends_it(people, open_case):
    case = open_case()
    case_break_glass(actor=people["privacy"], number=case.number, reason="Plainte.")
    for other in ("coordinator", "principal", "admin", "superuser"):
        client = FormClient()
        client.force_login(people[other])
        assert client.post(f"/cases/{case.pk}/break-glass/end/", {}).status_code == 404
    assert AccessGrant.objects.get().revoked_at is None
    assert not AuditEvent.objects.filter(action="access.break_glass.end").exists()
