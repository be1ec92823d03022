"""Alerts as a new user meets them (issue 18; the learner's review alert is in
tests/training/test_review_alerts.py): an alert about a report already triaged says so; alerts start
with a capital; the menu shows how many are unread."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sexto.interventions.models import Intake, Notification
from sexto.interventions.services import intake_close
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _alerts_page(user) -> str:
    client = Client()
    sign_in(client, user.email)
    return client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_an_alert_about_a_triaged_report_says_so_and_starts_with_a_capital(
    people, school, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from sexto.interventions.services import intake_create

    with django_capture_on_commit_callbacks(execute=True):
        intake = intake_create(
            reporter=people["staff"],
            school=school,
            told_at=timezone.now(),
            told_by="Une élève",
            account="Une photo circule.",
        )
    backup_page = _alerts_page(people["principal"])
    assert "A new report awaits triage" in backup_page
    assert 'data-testid="alert-triaged"' not in backup_page
    intake_close(actor=people["coordinator"], intake=intake, reason="Rien de sexuel.")
    assert Intake.objects.get(pk=intake.pk).status == Intake.Status.CLOSED
    page = _alerts_page(people["principal"])
    assert 'data-testid="alert-triaged"' in page and "Already triaged" in page


def test_the_menu_shows_how_many_alerts_are_unread(people):
    for _ in range(3):
        Notification.objects.create(
            user=people["coordinator"], kind="x", url="/", subject="something needs your attention"
        )
    page = _alerts_page(people["coordinator"])
    assert re.search(r'data-testid="nav-count-alerts">3 unread<', page)
    assert re.search(r'data-testid="menu-count">3 unread<', page)
    Notification.objects.update(read_at="2026-01-01T00:00Z")
    assert "menu-count" not in _alerts_page(people["coordinator"])
