"""The police liaison's inbox as a liaison reads it (issue 18: the oldest first, urgent referrals
lost among the others, closed cases listed as awaiting the DPCP, one endless list)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sexto.interventions.models import Case, Referral
from sexto.interventions.selectors import police as police_selectors
from tests.interventions.test_referrals_services import _referred
from tests.interventions.test_referrals_views import _client

pytestmark = pytest.mark.django_db


def _age(referral: Referral, *, days: int) -> None:
    Referral.objects.filter(pk=referral.pk).update(
        referred_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_urgent_first_then_newest_and_closed_cases_await_nothing(
    people, open_case, django_capture_on_commit_callbacks, english
):
    capture = django_capture_on_commit_callbacks
    _old_case, old = _referred(people, open_case, capture)
    _age(old, days=10)
    urgent_case, urgent = _referred(people, open_case, capture)
    _age(urgent, days=20)
    Case.objects.filter(pk=urgent_case.pk).update(route="police_immediately")
    _new_case, new = _referred(people, open_case, capture)
    closed_case, closed = _referred(people, open_case, capture)
    Case.objects.filter(pk=closed_case.pk).update(status=Case.Status.CLOSED)

    inbox = police_selectors.police_inbox_for(people["police"])
    assert [row.referral.pk for row in inbox.awaiting] == [urgent.pk, new.pk, old.pk]
    assert [row.urgent for row in inbox.awaiting] == [True, False, False]
    assert closed.pk not in [row.referral.pk for row in inbox.awaiting + inbox.recent]

    page = _client(people["police"].email).get("/police/").content.decode()
    assert page.index(urgent_case.number) < page.index(_new_case.number)
    assert 'data-urgent="1"' in page and "Call the police now" in page


def test_the_inbox_is_paginated(people, open_case, django_capture_on_commit_callbacks, english):
    for _ in range(police_selectors.INBOX_PER_PAGE + 2):
        _referred(people, open_case, django_capture_on_commit_callbacks)
    client = _client(people["police"].email)
    first = client.get("/police/").content.decode()
    assert "1 / 2" in first and "?awaiting=2#awaiting-title" in first
    second = client.get("/police/?awaiting=2")
    assert second.status_code == 200 and second.content.decode().count('data-state="') == 2
