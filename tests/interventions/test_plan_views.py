"""The plan on the pages: the route not known yet (with "call the police now"), the banner of
the police_immediately route, the proposals to confirm, the police's go-ahead form, and the work
list that puts the police to call first."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from sexto.interventions import services
from sexto.interventions.models import Case, CaseStep
from tests.grid_answers import grid_answers
from tests.helpers import FormClient, sign_in
from tests.interventions.test_plan_services import _kept_between_two, _sextortion

pytestmark = pytest.mark.django_db


def _client(email: str) -> Client:
    client = FormClient()
    sign_in(client, email)
    return client


def _page(client: Client, case: Case) -> str:
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _save(case: Case, people: dict[str, Any], answers: dict[str, Any]) -> Case:
    services.case_grid_save(actor=people["coordinator"], case=case, answers=answers)
    case.refresh_from_db()
    return case


def test_before_the_grid_the_page_says_the_route_is_not_known_and_offers_the_police(
    people, open_case, english
):
    case = open_case()
    client = _client(people["coordinator"].email)
    page = _page(client, case)
    assert 'data-testid="route-unknown"' in page
    assert "The route is not known yet" in page
    assert 'href="tel:911"' in page
    assert case.school.territory.police_force.name in page
    assert 'data-testid="police-called-now"' in page
    assert 'data-testid="police-now-banner"' not in page
    # The block comes before the steps, near the top.
    assert page.index('data-testid="route-unknown"') < page.index('id="steps"')

    response = client.post(f"/cases/{case.pk}/police-now/", {})
    assert response.status_code == 302
    assert response["Location"].endswith("#step-contact_police")
    step = case.steps.get(key="contact_police")
    assert step.state == CaseStep.State.DONE and step.done_by == people["coordinator"]
    page = _page(client, case)
    assert 'data-testid="police-called-now"' not in page
    assert "The call to the police was recorded" in page


def test_an_invited_professional_sees_the_block_without_the_button(people, open_case):
    case = open_case()
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    client = _client(people["professional"].email)
    page = _page(client, case)
    assert 'data-testid="route-unknown"' in page
    assert 'data-testid="police-called-now"' not in page
    assert client.post(f"/cases/{case.pk}/police-now/", {}).status_code == 403
    assert case.steps.get(key="contact_police").state == CaseStep.State.PENDING


def test_the_police_immediately_banner_tops_the_page_until_the_police_step_is_done(
    people, open_case, english
):
    case = _save(open_case(), people, _sextortion())
    client = _client(people["coordinator"].email)
    page = _page(client, case)
    banner = re.search(r'<section class="alert-urgent" role="alert"[^>]*police-now-banner', page)
    assert banner is not None
    assert page.index("police-now-banner") < page.index('id="grid"')
    assert 'data-testid="route-unknown"' not in page
    # The police step is the first step, and the parents step says it waits for the police.
    steps = re.findall(r'data-step-key="([a-z_]+)"', page)
    assert steps[0] == "contact_police"
    assert "go-ahead" in page

    step = case.steps.get(key="contact_police")
    services.case_step_update(actor=people["coordinator"], step=step, state="done")
    assert "police-now-banner" not in _page(client, case)


def test_the_go_ahead_form_keeps_what_was_typed_when_refused(people, open_case, english):
    case = _save(open_case(), people, _sextortion())
    client = _client(people["coordinator"].email)
    response = client.post(
        f"/cases/{case.pk}/police-go-ahead/", {"given_by": "Sgt Patrick Lavoie", "at": "hier"}
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert 'value="Sgt Patrick Lavoie"' in body
    assert "error-summary" in body
    case.refresh_from_db()
    assert case.police_go_ahead_at is None

    response = client.post(
        f"/cases/{case.pk}/police-go-ahead/",
        {"given_by": "Sgt Patrick Lavoie", "at": "2026-01-05T10:00"},
    )
    assert response.status_code == 302
    page = _page(client, case)
    assert 'data-testid="go-ahead"' in page and "Sgt Patrick Lavoie" in page
    assert 'data-testid="record-go-ahead"' not in page


def test_a_proposal_is_confirmed_in_one_click_with_its_reason(people, open_case, english):
    case = _save(open_case(), people, _kept_between_two())
    client = _client(people["coordinator"].email)
    page = _page(client, case)
    assert page.count('data-testid="proposal"') == 2
    reason = "The route is school follow-up: no police referral is needed."
    assert f'value="{reason}"' in page
    step = case.steps.get(key="contact_police")
    client.post(
        f"/cases/{case.pk}/steps/{step.pk}/",
        {"state": "not_applicable", "note": reason, "version": step.version},
    )
    step.refresh_from_db()
    assert (step.state, step.note) == (CaseStep.State.NOT_APPLICABLE, reason)
    assert _page(client, case).count('data-testid="proposal"') == 1


def test_the_work_list_puts_the_police_to_call_first(people, open_case, english):
    ordinary = _save(open_case(), people, grid_answers())
    urgent = _save(open_case(), people, _sextortion())
    newest = open_case()  # opened last: without the mark it would come first
    client = _client(people["coordinator"].email)
    page = client.get("/cases/").content.decode()
    cases = page[page.index('data-testid="cases"') :]
    order = [
        cases.index(case.number) for case in (urgent, newest, ordinary) if case.number in cases
    ]
    assert order == sorted(order) and len(order) == 3
    assert 'data-testid="police-now-cases"' in page
    start = page.index('data-testid="police-now-cases"')
    top = page[start : page.index("</section>", start)]
    assert urgent.number in top and ordinary.number not in top

    step = urgent.steps.get(key="contact_police")
    services.case_step_update(actor=people["coordinator"], step=step, state="done")
    page = client.get("/cases/").content.decode()
    assert 'data-testid="police-now-cases"' not in page
    assert "data-police-now" not in page
