"""Reads of in-app alerts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sexto.interventions.models import Notification


def alerts_of(user: Any) -> QuerySet[Notification]:
    """This person's alerts, newest first (they carry no case content)."""
    return Notification.objects.filter(user=user).order_by("-created_at")
