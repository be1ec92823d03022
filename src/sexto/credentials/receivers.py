"""Credentials listens to training (an approved level issues its badge, DESIGN.md) and to its own
awards (each new award's credential is signed after commit)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from sexto.credentials.models import Award
from sexto.credentials.renewal import award_current_for
from sexto.credentials.services import award_issue, credential_issue
from sexto.training.signals import level_approved

logger = logging.getLogger(__name__)


@receiver(level_approved, dispatch_uid="credentials_award_on_level_approved")
def award_on_level_approved(sender: Any, **kwargs: Any) -> None:
    """Sent after commit by training; the award is written in its own transaction. An approved
    renewal issues the new award as renewing the member's current one of the level."""
    submission = kwargs["submission"]
    renews = None
    if submission.is_renewal:
        renews = award_current_for(user=kwargs["learner"], level_id=kwargs["level"].pk)
    award_issue(
        recipient=kwargs["learner"],
        level=kwargs["level"],
        evidence=kwargs["evidence"],
        issued_at=kwargs["approved_at"],
        submission=submission,
        actor=kwargs.get("reviewer"),
        renews=renews,
    )


@receiver(post_save, sender=Award, dispatch_uid="credentials_sign_on_award")
def credential_sign_on_award(sender: Any, instance: Award, created: bool, **kwargs: Any) -> None:
    """Sign a new award's credential once its transaction commits. A failure here never
    undoes the award: the credential is then signed on first need (``credential_for``)."""
    if not created or kwargs.get("raw"):
        return

    def sign() -> None:
        try:
            credential_issue(award=instance)
        except Exception:
            logger.exception("signing the credential of award %s failed", instance.pk)

    transaction.on_commit(sign)
