"""Credentials listens to training: an approved level issues its badge (DESIGN.md)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from sexto.credentials.services import award_issue
from sexto.training.signals import level_approved


@receiver(level_approved, dispatch_uid="credentials_award_on_level_approved")
def award_on_level_approved(sender: Any, **kwargs: Any) -> None:
    """Sent after commit by training; the award is written in its own transaction."""
    award_issue(
        recipient=kwargs["learner"],
        level=kwargs["level"],
        evidence=kwargs["evidence"],
        issued_at=kwargs["approved_at"],
        submission=kwargs["submission"],
        actor=kwargs.get("reviewer"),
    )
