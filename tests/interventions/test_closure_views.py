"""Closure on the case page: "Before closing" lists each missing item as a link to where it is
settled, before any attempt; a refused attempt keeps the typed outcome and shows the list; a
meeting can be recorded as not held, with why."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from sexto.interventions.models import AwarenessMeeting, Case, CaseStep, ParentNotification
from sexto.interventions.selectors.closure import case_closure_blockers
from tests.helpers import FormClient, sign_in
from tests.interventions.closure_fixtures import Settled

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email)
    return client


def _before_closing_links(html: str) -> list[str]:
    section = html.split('data-testid="closure-blockers"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a href="([^"]+)">', section)


def _unsettle(settled: Settled) -> None:
    """One item of each kind missing (the outcome is missing anyway before closing)."""
    CaseStep.objects.filter(case=settled.case, key="support_victim").update(
        state=CaseStep.State.PENDING
    )
    AwarenessMeeting.objects.filter(pk=settled.meeting_b.pk).update(not_held_reason="")
    ParentNotification.objects.filter(person=settled.a).delete()
    settled.case.youth_reports.filter(user__email__startswith="sophie.bergeron").delete()


def test_before_closing_lists_every_item_as_a_link_to_its_anchor(settled: Settled, people):
    _unsettle(settled)
    client = _client(people["coordinator"])
    page = client.get(f"/cases/{settled.case.pk}/").content.decode()
    around = client.get(f"/cases/{settled.case.pk}/around/").content.decode()
    expected = [item.url for item in case_closure_blockers(settled.case)]
    assert len(expected) == 5
    assert _before_closing_links(page) == expected
    for url in expected:
        path, anchor = url.split("#")
        assert path == f"/cases/{settled.case.pk}/"
        # The section or step is on the page, or in its people-around part loaded right after.
        assert f'id="{anchor}"' in page + around, anchor


def test_nothing_missing_but_the_outcome_shows_only_that(settled: Settled, people) -> None:
    page = _client(people["coordinator"]).get(f"/cases/{settled.case.pk}/").content.decode()
    assert _before_closing_links(page) == [f"/cases/{settled.case.pk}/#id_outcome"]


def test_the_list_is_for_those_who_may_close(settled: Settled, people) -> None:
    page = _client(people["professional"]).get(f"/cases/{settled.case.pk}/").content.decode()
    assert 'data-testid="closure-blockers"' not in page


def test_a_refused_closure_keeps_the_outcome_and_lists_what_is_missing(settled: Settled, people):
    ParentNotification.objects.filter(person=settled.b).delete()
    client = _client(people["coordinator"])
    response = client.post(
        f"/cases/{settled.case.pk}/close/",
        {"outcome": "Rencontres tenues, tout est réglé.", "version": settled.case.version},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Rencontres tenues, tout est réglé." in body
    assert "This case cannot be closed yet: 1 item is missing" in body
    assert _before_closing_links(body) == [f"/cases/{settled.case.pk}/#parents"]
    assert "Parents or guardians of B" in body
    assert Case.objects.get(pk=settled.case.pk).status == Case.Status.OPEN


def test_closing_when_everything_is_settled(settled: Settled, people) -> None:
    client = _client(people["principal"])
    response = client.post(
        f"/cases/{settled.case.pk}/close/",
        {"outcome": "Tout est réglé.", "version": settled.case.version},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=settled.case.pk).status == Case.Status.CLOSED
    page = client.get(f"/cases/{settled.case.pk}/").content.decode()
    assert 'data-testid="closure-blockers"' not in page and "Reopen the case" in page


def test_the_police_record_a_meeting_not_held_with_why(settled: Settled, people) -> None:
    AwarenessMeeting.objects.filter(pk=settled.meeting_b.pk).update(not_held_reason="")
    meeting = AwarenessMeeting.objects.get(pk=settled.meeting_b.pk)
    client = _client(people["police"])
    url = f"/cases/{settled.case.pk}/referral/meetings/{meeting.pk}/not-held/"
    page = client.get(f"/cases/{settled.case.pk}/").content.decode()
    assert f'action="{url}"' in page
    refused = client.post(url, {"reason": "", "version": meeting.version})
    assert refused.status_code == 422
    assert AwarenessMeeting.objects.get(pk=meeting.pk).not_held_reason == ""
    response = client.post(url, {"reason": "Famille déménagée.", "version": meeting.version})
    assert response.status_code == 302 and response["Location"].endswith(f"#meeting-{meeting.pk}")
    assert AwarenessMeeting.objects.get(pk=meeting.pk).not_held_reason == "Famille déménagée."
    page = client.get(f"/cases/{settled.case.pk}/").content.decode()
    assert 'data-testid="meeting-not-held"' in page and "Famille déménagée." in page
