"""When a lead coordinator leaves, their open cases ask the principal to name a new lead: the
services and the case page's notice."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, PermissionRefused
from sexto.directory.models import Membership, Role, User
from sexto.directory.services import membership_confirm, membership_create, membership_end
from sexto.interventions import services
from sexto.interventions.models import Case, ChronologyEntry, Notification
from sexto.interventions.services.team import LeadNotEligible, case_lead_assign, lead_status

pytestmark = pytest.mark.django_db


def _end_role(people, user: User, school, on: datetime.date | None = None) -> None:
    membership = Membership.objects.get(user=user, school=school, role=Role.COORDINATOR)
    membership_end(actor=people["admin"], membership=membership, on=on)


def _lead_needed() -> list[Notification]:
    return list(Notification.objects.filter(kind="case.lead_needed").select_related("user"))


def _render(case: Case, role: str) -> str:
    case = Case.objects.select_related("school", "lead").get(pk=case.pk)
    request = RequestFactory().get("/")
    return render_to_string(
        "interventions/case/_lead.html", {"case": case, "role": role}, request=request
    )


def test_a_leaving_lead_asks_the_principal_for_a_new_one(
    people, school, open_case, django_capture_on_commit_callbacks
):
    case = open_case()
    closed = open_case()
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        _end_role(people, people["coordinator"], school)
    notes = _lead_needed()
    assert [(n.user.email, n.url, n.reference) for n in notes] == [
        (people["principal"].email, f"/cases/{case.pk}/", case.number)
    ]
    entry = ChronologyEntry.objects.get(case=case, kind="team.lead_left")
    assert entry.actor is None and entry.text == people["coordinator"].display_name
    assert not ChronologyEntry.objects.filter(case=closed, kind="team.lead_left").exists()
    assert AuditEvent.objects.filter(action="case.lead_left", target_id=str(case.pk)).exists()
    status = lead_status(case=Case.objects.get(pk=case.pk))
    assert not status.current and status.replacement_needed
    assert {u.email for u in status.candidates} == {
        people["backup"].email,
        people["principal"].email,
    }


def test_nothing_asked_when_the_leaver_leads_no_case_or_stays_eligible(
    people, school, open_case, django_capture_on_commit_callbacks
):
    open_case()
    with django_capture_on_commit_callbacks(execute=True):
        _end_role(people, people["backup"], school)  # leads nothing
        # The lead becomes the principal (proposed by the admin, confirmed by a second admin):
        # still eligible, the case stays theirs.
        appointment = membership_create(
            actor=people["admin"], user=people["coordinator"], role=Role.PRINCIPAL, school=school
        )
        second_admin = User.objects.create_user("admin2@css.test", handle="admin-deux")
        membership_create(
            actor="system",
            user=second_admin,
            role=Role.ORG_ADMIN,
            organisation=school.organisation,
        )
        membership_confirm(actor=second_admin, membership=appointment)
        _end_role(people, people["coordinator"], school)
    assert _lead_needed() == []
    assert not ChronologyEntry.objects.filter(kind="team.lead_left").exists()


def test_the_case_page_offers_principals_to_name_a_new_lead(
    people, school, open_case, django_capture_on_commit_callbacks
):
    case = open_case()
    assert "lead-needed" not in _render(case, "principal")
    with django_capture_on_commit_callbacks(execute=True):
        _end_role(people, people["coordinator"], school)
    html = _render(case, "principal")
    assert 'data-testid="lead-needed"' in html
    assert f'action="/cases/{case.pk}/lead/"' in html
    assert f'value="{people["backup"].pk}"' in html
    assert f'value="{people["coordinator"].pk}"' not in html
    assert "<label" in html and 'for="lead-choice"' in html
    assert "lead-needed" not in _render(case, "professional")


def test_a_role_ending_later_is_announced(people, school, open_case):
    case = open_case()
    _end_role(
        people, people["coordinator"], school, on=timezone.localdate() + datetime.timedelta(days=7)
    )
    status = lead_status(case=Case.objects.get(pk=case.pk))
    assert status.current and status.ends_on is not None and status.replacement_needed
    assert 'data-testid="lead-needed"' in _render(case, "principal")


def test_service_rules(people, school, open_case):
    case = open_case()
    with pytest.raises(LeadNotEligible) as excinfo:
        case_lead_assign(actor=people["principal"], case=case, lead=people["staff"])
    assert excinfo.value.field == "lead"
    with pytest.raises(LeadNotEligible):
        case_lead_assign(actor=people["principal"], case=case, lead=people["other_coordinator"])
    services.professional_invite(
        actor=people["coordinator"], case=case, user=people["professional"]
    )
    with pytest.raises(PermissionRefused):
        case_lead_assign(actor=people["professional"], case=case, lead=people["backup"])
    # A coordinator may hand their case over too (manage_team).
    case_lead_assign(actor=people["coordinator"], case=case, lead=people["principal"])
    assert Case.objects.get(pk=case.pk).lead == people["principal"]
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    with pytest.raises(Conflict):
        case_lead_assign(
            actor=people["principal"], case=Case.objects.get(pk=case.pk), lead=people["backup"]
        )
