"""Reactions of the kit to events of other apps (connected in apps.py)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from sexto.directory.models import Membership
from sexto.directory.signals import RoleAlert, membership_ended, role_alerts

# Importing the tasks registers the escalation sweep among the daily jobs.
from sexto.interventions import tasks  # noqa: F401
from sexto.interventions.services.alerts import role_alerts_deliver
from sexto.interventions.services.team import case_leads_departed


@receiver(membership_ended)
def lead_replacement_ask(sender: Any, membership: Membership, **kwargs: Any) -> None:
    """A coordinator or principal left a school: their open cases there need a new lead."""
    case_leads_departed(membership=membership)


@receiver(role_alerts)
def role_change_alert(sender: Any, alerts: list[RoleAlert], **kwargs: Any) -> None:
    """A role was granted, confirmed, refused or ended: the people concerned are alerted."""
    role_alerts_deliver(alerts=alerts)
