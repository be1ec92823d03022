"""Access beyond the case team: grants, break-glass, who looked, the audit-trail export, and the
refusals (forged id, another school's case, ended grant, break-glass without a reason)."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from sexto.audit.models import PLATFORM_CHAIN, AccessGrant, AuditEvent
from sexto.directory.models import Membership, Organisation, Role, User
from sexto.directory.services import membership_create
from sexto.interventions.models import Case, ChronologyEntry, Notification
from sexto.interventions.selectors import case_get_for, worklist_for
from sexto.interventions.services.access import case_access_grant, case_break_glass
from tests.helpers import FormClient, sign_in
from tests.interventions.test_grants_services import _grant

pytestmark = pytest.mark.django_db

SUMMARY = "Photo intime d'une élève de 14 ans retransmise."


def _client(user: User) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email)
    return client


def _end(days: int = 7) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _events(action: str, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters))


# ---- Grants ----------------------------------------------------------------------------------


def test_a_coordinator_grants_a_named_person_who_is_told_by_a_link_only(
    people, open_case, english, django_capture_on_commit_callbacks
):
    case = open_case()
    client = _client(people["coordinator"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/cases/{case.pk}/access/",
            {
                "email": people["staff"].email.upper(),
                "reason": "Remplace la répondante pendant son congé.",
                "ends_at": _end(),
            },
        )
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    assert (grant.kind, grant.grantee, grant.granted_by) == (
        "grant",
        people["staff"],
        people["coordinator"],
    )
    assert grant.reference == case.number
    [event] = _events("access.grant", target_id=str(case.pk))
    assert event.chain == case.audit_chain and event.changes_digest
    assert ChronologyEntry.objects.filter(case=case, kind="access.grant").exists()
    [note] = Notification.objects.filter(kind="case.access_granted")
    assert note.user == people["staff"] and note.url == f"/cases/{case.pk}/"
    [message] = mail.outbox
    assert message.to == [people["staff"].email]
    assert f"/cases/{case.pk}/" in message.body
    assert SUMMARY not in message.body and "remplace" not in message.body.lower()
    # The reason is encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM audit_accessgrant")
        assert "congé" not in cursor.fetchone()[0]


def test_the_grantee_reads_the_case_read_only_and_it_is_audited_as_a_grant(
    people, open_case, english
):
    case = open_case()
    _grant(people, case)
    client = _client(people["staff"])
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="grant-banner"' in html and SUMMARY.replace("'", "&#x27;") in html
    assert 'data-testid="fill-grid"' not in html and 'data-testid="close-case"' not in html
    assert 'data-testid="add-note"' not in html and 'data-testid="who-looked"' not in html
    assert _events("case.read.grant", target_id=str(case.pk))
    # Writing is refused by the services (team only): nothing is added.
    client.post(f"/cases/{case.pk}/notes/", {"text": "Une note"})
    assert not ChronologyEntry.objects.filter(case=case, kind="note").exists()
    client.post(f"/cases/{case.pk}/close/", {"outcome": "x", "version": case.version})
    assert Case.objects.get(pk=case.pk).status == Case.Status.OPEN
    # The access page (who looked, grants) and the packet are the team's.
    assert client.get(f"/cases/{case.pk}/access/").status_code == 404
    assert client.get(f"/cases/{case.pk}/packet.pdf").status_code == 404
    # Shared cases are reached from "Shared with me", not from the team's work list.
    shared = client.get("/cases/shared-with-me/")
    assert f'href="/cases/{case.pk}/"' in shared.content.decode()
    assert case.pk not in [c.pk for c in worklist_for(user=people["staff"]).cases]


def test_an_ended_grant_gives_a_clear_404_to_its_holder_and_is_audited(people, open_case, english):
    case = open_case()
    grant = _grant(people, case)
    AccessGrant.objects.filter(pk=grant.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    client = _client(people["staff"])
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 404
    html = page.content.decode()
    assert f"Your access to case {case.number} ended" in html and SUMMARY not in html
    [refused] = _events("access.refused.grant_ended", target_id=str(case.pk))
    assert refused.actor == f"user:{people['staff'].pk}" and refused.chain == case.audit_chain


def test_a_revoked_grant_stops_access_at_once(people, open_case, english):
    case = open_case()
    grant = _grant(people, case)
    coordinator = _client(people["coordinator"])
    page = coordinator.get(f"/cases/{case.pk}/access/")
    assert 'data-testid="revoke-access"' in page.content.decode()
    response = coordinator.post(f"/cases/{case.pk}/access/{grant.pk}/revoke/", {})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_by == people["coordinator"] and not grant.is_live()
    assert _events("access.revoke", target_id=str(case.pk))
    assert _client(people["staff"]).get(f"/cases/{case.pk}/").status_code == 404
    # Revoking twice: a clear message, nothing recorded twice.
    coordinator.post(f"/cases/{case.pk}/access/{grant.pk}/revoke/", {})
    assert len(_events("access.revoke")) == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reason": "  "}, "reason", "Say why this person needs access"),
        ({"ends_at": "later"}, "ends_at", "Enter a valid date/time"),
        ({"days": 31}, "ends_at", "Access may last 30 days at most"),
        ({"days": -1}, "ends_at", "The end of the access must be in the future"),
        ({"person": "learner"}, "email", "Nobody working for"),
        ({"email": "nobody@nowhere.test"}, "email", "Nobody working for"),
        ({"person": "principal"}, "email", "already on this case's team"),
    ],
)
def test_a_grant_is_refused_clearly_and_keeps_the_input(
    people, open_case, english, change, field, message
):
    case = open_case()
    data = {"email": people["staff"].email, "reason": "Remplacement.", "ends_at": _end()}
    if "days" in change:
        data["ends_at"] = _end(change.pop("days"))
    if "person" in change:
        data["email"] = people[change.pop("person")].email
    data.update(change)
    response = _client(people["coordinator"]).post(f"/cases/{case.pk}/access/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")
    assert f'value="{data["email"]}"' in html
    assert not AccessGrant.objects.exists()


def test_only_principals_and_coordinators_grant(people, open_case, english):
    case = open_case()
    data = {"email": people["staff"].email, "reason": "Remplacement.", "ends_at": _end()}
    professional = _client(people["professional"])
    # The invited professional sees who looked, but may not grant.
    from sexto.interventions.services import professional_invite

    professional_invite(actor=people["coordinator"], case=case, user=people["professional"])
    page = professional.get(f"/cases/{case.pk}/access/")
    assert page.status_code == 200 and 'data-testid="grant-access"' not in page.content.decode()
    assert professional.post(f"/cases/{case.pk}/access/", data).status_code == 404
    for outsider in ("staff", "other_coordinator", "privacy", "admin", "superuser"):
        client = _client(people[outsider])
        assert client.get(f"/cases/{case.pk}/access/").status_code == 404
        assert client.post(f"/cases/{case.pk}/access/", data).status_code == 404
    assert not AccessGrant.objects.exists()


def test_a_grant_holder_must_set_up_two_factor_sign_in(people, school, open_case):
    case = open_case()
    newcomer = User.objects.create_user(
        email="suppleant@hauts-sommets.test", handle="suppleant", password="x-Pass-9876!"
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=True, primary=True)
    membership_create(actor=people["admin"], user=newcomer, role=Role.STAFF, school=school)
    client = FormClient()
    client.post("/accounts/login/", {"login": newcomer.email, "password": "x-Pass-9876!"})
    assert client.get("/intakes/mine/").status_code == 200  # staff: no second factor needed
    case_access_grant(
        actor=people["coordinator"],
        case=case,
        email=newcomer.email,
        reason="Remplacement.",
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]


# ---- Break-glass -----------------------------------------------------------------------------


def test_break_glass_without_a_reason_is_refused_clearly_and_audited(people, open_case, english):
    case = open_case()
    client = _client(people["privacy"])
    response = client.post(
        "/cases/break-glass/", {"number": case.number, "reason": " ", "break_glass": "1"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Say why you open this case by break-glass" in html and case.number in html
    [refused] = _events("access.refused.break_glass")
    assert refused.target_id == str(case.pk) and refused.chain == case.audit_chain
    assert not AccessGrant.objects.exists()
    # A number outside the organisation's files: refused, recorded, nothing revealed.
    response = client.post(
        "/cases/break-glass/",
        {"number": "SX-2020-99999", "reason": "Plainte reçue.", "break_glass": "1"},
    )
    assert response.status_code == 422 and "No case has this number" in response.content.decode()
    assert len(_events("access.refused.break_glass")) == 2
    # Without break-glass, the privacy officer is outside the team: 404, recorded.
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert _events("access.refused", target_id=str(case.pk))


def test_break_glass_opens_the_case_read_only_and_alerts_the_team_at_once(
    people, open_case, english, django_capture_on_commit_callbacks
):
    case = open_case()
    client = _client(people["privacy"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/cases/break-glass/",
            {
                "number": case.number.lower(),
                "reason": "Plainte d'un parent sur la gestion du dossier.",
                "break_glass": "1",
            },
        )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    grant = AccessGrant.objects.get()
    assert grant.kind == "break_glass" and grant.grantee == people["privacy"]
    hours = (grant.ends_at - grant.starts_at).total_seconds() / 3600
    assert 23.9 < hours <= 24.0
    assert _events("access.break_glass", target_id=str(case.pk))
    alerted = {n.user.email for n in Notification.objects.filter(kind="case.break_glass")}
    assert alerted == {
        people["coordinator"].email,
        people["backup"].email,
        people["principal"].email,
    }
    assert {m.to[0] for m in mail.outbox} == alerted
    for message in mail.outbox:
        assert f"/cases/{case.pk}/" in message.body
        assert SUMMARY not in message.body and "Plainte" not in message.body
    assert ChronologyEntry.objects.filter(case=case, kind="access.break_glass").exists()
    page = client.get(f"/cases/{case.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="break-glass-banner"' in html
    assert 'data-testid="fill-grid"' not in html and 'data-testid="add-note"' not in html
    assert 'data-testid="audit-export"' in html
    assert _events("case.read.break_glass", target_id=str(case.pk))
    # Submitting again while it lasts alerts nobody a second time.
    with django_capture_on_commit_callbacks(execute=True):
        case_break_glass(actor=people["privacy"], number=case.number, reason="Encore.")
    assert AccessGrant.objects.count() == 1
    assert Notification.objects.filter(kind="case.break_glass").count() == 3


def test_break_glass_lasts_a_limited_time(people, open_case):
    case = open_case()
    _case, grant = case_break_glass(actor=people["privacy"], number=case.number, reason="Audit.")
    assert grant is not None
    AccessGrant.objects.filter(pk=grant.pk).update(ends_at=timezone.now())
    client = _client(people["privacy"])
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_only_privacy_officers_have_the_break_glass_page(people, open_case):
    open_case()
    assert _client(people["privacy"]).get("/cases/break-glass/").status_code == 200
    for other in ("coordinator", "principal", "staff", "admin", "superuser", "police"):
        assert _client(people[other]).get("/cases/break-glass/").status_code == 404


# ---- Who looked ------------------------------------------------------------------------------


def test_the_team_sees_who_looked_and_how(people, open_case, english):
    case = open_case()
    _grant(people, case)
    case_break_glass(actor=people["privacy"], number=case.number, reason="Plainte.")
    _client(people["staff"]).get(f"/cases/{case.pk}/")
    _client(people["privacy"]).get(f"/cases/{case.pk}/")
    page = _client(people["principal"]).get(f"/cases/{case.pk}/")
    html = page.content.decode()
    section = html[html.index('data-testid="who-looked"') :]
    section = section[: section.index("</ul>")]
    assert "Sophie Bergeron" in section and "case team" in section
    assert "Luc Côté" in section and "by grant" in section
    assert "Nathalie Morin" in section and "by break-glass" in section
    assert 'data-testid="grants-live"' in html
    full = _client(people["coordinator"]).get(f"/cases/{case.pk}/access/")
    assert full.status_code == 200
    assert "Plainte." in full.content.decode()  # the team sees why the officer looked


def test_who_looked_is_paginated(people, open_case, english):
    case = open_case()
    for _ in range(15):  # two people taking turns: thirty visits of one read each
        case_get_for(user=people["coordinator"], case_id=case.pk)
        case_get_for(user=people["principal"], case_id=case.pk)
    client = _client(people["coordinator"])
    first = client.get(f"/cases/{case.pk}/access/").content.decode()
    assert "1 / 2" in first and "?page=2#who-looked" in first
    assert client.get(f"/cases/{case.pk}/access/?page=2").status_code == 200


def _who_looked(html: str) -> str:
    section = html[html.index('data-testid="who-looked"') :]
    return section[: section.index("</ul>") if "</ul>" in section else section.index("</table>")]


def test_reloads_are_one_visit_and_the_police_look_stays_visible(people, case, police, english):
    """Found by a new user: one entry per reload, the police liaison's look pushed off the list."""
    case_get_for(user=police, case_id=case.pk)
    coordinator = _client(people["coordinator"])
    for _ in range(20):
        coordinator.get(f"/cases/{case.pk}/")
    page = _who_looked(coordinator.get(f"/cases/{case.pk}/").content.decode())
    name = people["coordinator"].get_full_name()
    assert page.count(name) == 1 and "21 reads" in page
    assert people["police"].get_full_name() in page
    access = _who_looked(coordinator.get(f"/cases/{case.pk}/access/").content.decode())
    assert access.count(name) == 1 and "22 reads" in access
    assert people["police"].get_full_name() in access


def test_reads_hours_apart_are_separate_visits(people, open_case):
    from sexto.interventions.selectors.access import CaseRead, case_visits_group

    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    reads = [
        CaseRead(at=now, who="A", how="team"),
        CaseRead(at=now - hour / 2, who="A", how="team"),
        CaseRead(at=now - hour, who="A", how="team"),  # within an hour of the previous one
        CaseRead(at=now - 3 * hour, who="A", how="team"),  # two hours later: another visit
        CaseRead(at=now - 3 * hour, who="A", how="grantee"),  # another way in: another visit
        CaseRead(at=now - 4 * hour, who="B", how="team"),
    ]
    visits = case_visits_group(reads)
    assert [(v.who, v.how, v.count) for v in visits] == [
        ("A", "team", 3),
        ("A", "team", 1),
        ("A", "grantee", 1),
        ("B", "team", 1),
    ]
    assert (visits[0].first, visits[0].last) == (now - hour, now)
    assert len(case_visits_group(reads, limit=2)) == 2


# ---- Refusals --------------------------------------------------------------------------------


def test_a_forged_case_id_is_refused_and_audited_on_the_platform_chain(people, english):
    client = _client(people["coordinator"])
    forged = uuid.uuid4()
    assert client.get(f"/cases/{forged}/").status_code == 404
    [event] = _events("access.refused", target_id=str(forged))
    assert event.chain == PLATFORM_CHAIN and event.actor == f"user:{people['coordinator'].pk}"


def test_another_schools_case_is_refused_and_audited_on_its_chain(people, open_case, english):
    case = open_case()
    page = _client(people["other_coordinator"]).get(f"/cases/{case.pk}/")
    assert page.status_code == 404
    assert 'data-testid="not-found-detail"' not in page.content.decode()
    [event] = _events("access.refused", target_id=str(case.pk))
    assert event.chain == case.audit_chain


# ---- Audit trail export ----------------------------------------------------------------------


def test_the_privacy_officer_exports_the_audit_trail_itself_audited(people, open_case, english):
    case = open_case()
    case_get_for(user=people["coordinator"], case_id=case.pk)
    # A name that a spreadsheet would run as a formula.
    User.objects.filter(pk=people["coordinator"].pk).update(first_name="=HYPERLINK(1)")
    client = _client(people["privacy"])
    response = client.get(f"/cases/{case.pk}/audit-trail.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert case.number in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [f"Audit trail of case {case.number}"]
    assert people["privacy"].email in rows[1][0] and "Nathalie Morin" in rows[1][0]
    header = rows[3]
    body = [dict(zip(header, row, strict=True)) for row in rows[4:]]
    actions = [row["action"] for row in body]
    assert actions[:2] == ["intake.create", "case.open"]
    assert "case.read" in actions and actions[-1] == "case.audit_export"
    assert any(row["actor_name"].startswith("'=HYPERLINK") for row in body)
    assert SUMMARY not in response.content.decode()
    [export] = _events("case.audit_export", target_id=str(case.pk))
    assert export.actor == f"user:{people['privacy'].pk}"
    # From the privacy page, by number.
    response = client.post("/cases/break-glass/", {"number": case.number, "export": "1"})
    assert response["Location"] == f"/cases/{case.pk}/audit-trail.csv"


def test_nobody_else_exports_the_audit_trail(people, open_case):
    case = open_case()
    isb = Organisation.objects.get(slug="island-school-board")
    officer = User.objects.create_user(email="prp@isb.test", handle="prpisb", password="x")
    Membership.objects.create(
        user=officer,
        organisation=isb,
        role=Role.PRIVACY_OFFICER,
        valid_from=timezone.localdate(),
        status="confirmed",
    )
    from sexto.core.errors import NotFoundOrForbidden
    from sexto.interventions.selectors.access import case_for_privacy_officer

    with pytest.raises(NotFoundOrForbidden):
        case_for_privacy_officer(user=officer, case_id=case.pk)
    for other in ("coordinator", "principal", "admin", "superuser"):
        client = _client(people[other])
        assert client.get(f"/cases/{case.pk}/audit-trail.csv").status_code == 404
    assert not _events("case.audit_export")


def test_the_demo_shows_a_live_grant_and_seeding_twice_adds_nothing(demo_people):
    people = demo_people  # the demo's own test: its people, not the factories'

    from sexto.interventions.demo import demo_access_seed, demo_cases_seed

    demo_cases_seed(lambda line: None)
    grant = demo_access_seed(lambda line: None)
    assert grant is not None and grant.is_live()
    assert grant.grantee == people["other_coordinator"] and grant.kind == "grant"
    assert demo_access_seed(lambda line: None) == grant
    assert AccessGrant.objects.count() == 1
    page = _client(people["other_coordinator"]).get(f"/cases/{grant.target_id}/")
    assert page.status_code == 200 and 'data-testid="grant-banner"' in page.content.decode()
