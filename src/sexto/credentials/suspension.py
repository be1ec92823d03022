"""Suspension of an issued badge (W3C Bitstring Status List, ``statusPurpose: suspension``):
a trainer suspends with a reason and lifts the suspension the same way. While suspended the
badge fails verification ("suspended", not "revoked"); after the lift it passes again."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from sexto.core.errors import Conflict
from sexto.credentials.models import Award, IssuedCredential, StatusList
from sexto.credentials.services import credential_status_change
from sexto.directory.types import Actor


def credential_suspend(
    *, award: Award, actor: Actor, reason: str, request: Any = None
) -> IssuedCredential:
    """Set the award's suspension bit (the list is re-signed at once). The reason is kept
    (encrypted), never published."""

    def check(issued: IssuedCredential) -> None:
        if issued.revoked_at is not None:
            raise Conflict(_("This badge was revoked: it cannot be suspended."))
        if issued.suspended_at is not None:
            raise Conflict(_("This badge is already suspended."))
        if issued.suspension_list_id is None:
            raise Conflict(
                _("This badge was issued before suspension existed: revoke it if it must stop.")
            )

    def record(issued: IssuedCredential, now: datetime.datetime) -> dict[str, Any]:
        issued.suspended_at = now
        issued.suspended_by = actor
        issued.suspension_reason = (reason or "").strip()
        issued.save(update_fields=["suspended_at", "suspended_by", "suspension_reason"])
        return {}

    return credential_status_change(
        award=award,
        actor=actor,
        reason=reason,
        request=request,
        purpose=StatusList.Purpose.SUSPENSION,
        value=True,
        action="credentials.credential.suspend",
        refused=_("Only trainers may suspend badges."),
        reason_missing=_("Say why."),
        check=check,
        record=record,
    )


def credential_suspension_lift(
    *, award: Award, actor: Actor, reason: str, request: Any = None
) -> IssuedCredential:
    """Clear the award's suspension bit (the list is re-signed at once); audited with the
    reason and the suspension it ends."""

    def check(issued: IssuedCredential) -> None:
        if issued.suspended_at is None or issued.suspension_list_id is None:
            raise Conflict(_("This badge is not suspended."))

    def record(issued: IssuedCredential, now: datetime.datetime) -> dict[str, Any]:
        assert issued.suspended_at is not None  # check() ran
        suspended_since = issued.suspended_at.isoformat()
        issued.suspended_at = None
        issued.suspended_by = None
        issued.suspension_reason = ""
        issued.save(update_fields=["suspended_at", "suspended_by", "suspension_reason"])
        return {"suspended_since": suspended_since}

    return credential_status_change(
        award=award,
        actor=actor,
        reason=reason,
        request=request,
        purpose=StatusList.Purpose.SUSPENSION,
        value=False,
        action="credentials.credential.suspension_lift",
        refused=_("Only trainers may suspend badges."),
        reason_missing=_("Say why."),
        check=check,
        record=record,
    )
