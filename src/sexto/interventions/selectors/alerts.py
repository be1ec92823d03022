"""Reads of in-app alerts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sexto.directory.types import Actor, Viewer
from sexto.interventions.models import Intake, Notification


def alerts_of(user: Actor) -> QuerySet[Notification]:
    """This person's alerts, newest first (they carry no case content)."""
    return Notification.objects.filter(user=user).order_by("-created_at")


def alerts_unread_count(user: Viewer) -> int:
    """How many of this person's alerts are unread (the menu shows it on every page)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# Alerts about a report to triage: once the report is triaged, the alert says so (issue 18: a
# backup coordinator opened an alert about a report their colleague had already handled).
INTAKE_ALERT_KINDS = frozenset({"intake.new", "intake.escalated"})


@dataclass(frozen=True)
class AlertRow:
    alert: Notification
    # The report's state when the alert is about a report already triaged, else None.
    triaged: Any = None


def alert_rows(alerts: list[Notification]) -> list[AlertRow]:
    """The page's alerts, each about a report with the report's state if it was triaged since
    (one query for the page)."""
    references = {a.reference for a in alerts if a.kind in INTAKE_ALERT_KINDS and a.reference}
    triaged = {
        reference: Intake.Status(status).label
        for reference, status in Intake.objects.filter(reference__in=references)
        .exclude(status=Intake.Status.NEW)
        .values_list("reference", "status")
    }
    return [
        AlertRow(alert, triaged.get(alert.reference) if alert.kind in INTAKE_ALERT_KINDS else None)
        for alert in alerts
    ]
