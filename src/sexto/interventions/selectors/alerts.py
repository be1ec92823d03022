"""Reads of in-app alerts."""

from __future__ import annotations

from django.db.models import QuerySet

from sexto.directory.types import Actor
from sexto.interventions.models import Notification


def alerts_of(user: Actor) -> QuerySet[Notification]:
    """This person's alerts, newest first (they carry no case content)."""
    return Notification.objects.filter(user=user).order_by("-created_at")
