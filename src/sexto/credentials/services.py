"""Writes of credentials: issuing an award (audited)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sexto.audit.services import audit_record
from sexto.credentials.models import Award
from sexto.training.models import Level, Submission


def award_issue(
    *,
    recipient: Any,
    level: Level,
    evidence: dict[str, Any],
    issued_at: datetime.datetime | None = None,
    submission: Submission | None = None,
    actor: Any = None,
) -> Award | None:
    """Issue the level's badge to the recipient with the evidence snapshot and the name and handle
    the recipient has now (what the award shows for ever). Idempotent per
    submission (a signal delivered twice issues once); a level without a badge issues nothing."""
    if not level.badge_slug:
        return None
    with transaction.atomic():
        if submission is not None:
            existing = Award.objects.filter(submission=submission).first()
            if existing is not None:
                return existing
        award = Award.objects.create(
            recipient=recipient,
            level=level,
            badge_slug=level.badge_slug,
            issued_at=issued_at or timezone.now(),
            evidence=evidence,
            submission=submission,
            recipient_name=recipient.get_full_name(),
            recipient_handle=recipient.handle,
        )
        audit_record(
            actor=actor,
            action="credentials.award.issue",
            target=award,
            changes={"badge": award.badge_slug, "recipient": str(recipient.pk)},
        )
    return award
