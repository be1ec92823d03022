"""The dashboards (issue 18): a principal's school, the service centre's Sexto lead's schools,
counts and links only where the viewer may open, never a case's content, simulations never."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sexto.interventions.models import Case, CaseStep, Referral
from sexto.stats.dashboard import dashboard_for
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _page(user) -> tuple[int, str]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email)
    response = client.get("/dashboard/")
    return response.status_code, response.content.decode()


def test_the_principal_sees_their_school_with_links(world, open_case_in):
    people = world.people
    school = world.schools["751001"]
    fresh, old = open_case_in(school), open_case_in(school)
    Case.objects.filter(pk=old.pk).update(opened_at=timezone.now() - 40 * DAY)
    CaseStep.objects.filter(case=fresh, key="secure_devices").update(due_at=timezone.now() - DAY)
    Referral.objects.create(
        case=old,
        police_force=world.organisations["police-saint-jerome"],
        referred_by=people["coordinator"],
        police_contacted_at=timezone.now(),
    )
    simulation = open_case_in(school)
    Case.objects.filter(pk=simulation.pk).update(simulation=True)

    board = dashboard_for(user=people["principal"])
    [row] = [r for r in board.schools if r.school == school]
    assert row.open_cases == 2 and row.open_by_age["week"] == 1 and row.open_by_age["quarter"] == 1
    assert row.overdue_steps >= 1 and row.awaiting_acknowledgement == 1 and row.may_open
    assert [r.school for r in board.schools] == [school]

    status, page = _page(people["principal"])
    assert status == 200 and 'href="/cases/"' in page
    assert fresh.summary not in page and "Photo" not in page


def test_the_sexto_lead_sees_their_schools_counts_without_case_links(world, open_case_in):
    people = world.people
    open_case_in(world.schools["751001"])
    board = dashboard_for(user=people["sexto_lead"])
    names = {row.school.ministry_code for row in board.schools}
    assert {"751001", "751002"} <= names and not board.may_open_any
    status, page = _page(people["sexto_lead"])
    assert status == 200 and 'href="/cases/"' not in page
    assert 'data-testid="dashboard-untrained"' in page


def test_others_have_no_dashboard(world):
    for who in ("staff", "coordinator", "analyst", "police", "trainer"):
        assert _page(world.people[who])[0] == 404, who


def test_the_sexto_lead_lands_on_the_dashboard(world):
    client = Client()
    sign_in(client, world.people["sexto_lead"].email)
    assert client.get("/")["Location"] == "/dashboard/"
