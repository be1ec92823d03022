"""Suspension of an issued badge (W3C Bitstring Status List, ``statusPurpose: suspension``):
a trainer suspends with a reason and lifts the suspension the same way. While suspended the
badge fails verification ("suspended", not "revoked"); after the lift it passes again."""

from __future__ import annotations

from typing import Any

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.credentials.models import Award, IssuedCredential
from sexto.credentials.services import credential_for, status_bit_set
from sexto.directory.types import Actor


def _checked(*, actor: Actor, reason: str) -> str:
    # The same permission as revocation: suspending is a milder revocation.
    if not rules.has_perm("credentials.revoke_award", actor):
        raise PermissionRefused(_("Only trainers may suspend badges."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why."), field="reason")
    return reason


def credential_suspend(
    *, award: Award, actor: Actor, reason: str, request: Any = None
) -> IssuedCredential:
    """Set the award's suspension bit (the list is re-signed at once). The reason is kept
    (encrypted), never published."""
    reason = _checked(actor=actor, reason=reason)
    issued = credential_for(award)
    now = timezone.now()
    with transaction.atomic():
        issued = IssuedCredential.objects.select_for_update().get(pk=issued.pk)
        if issued.revoked_at is not None:
            raise Conflict(_("This badge was revoked: it cannot be suspended."))
        if issued.suspended_at is not None:
            raise Conflict(_("This badge is already suspended."))
        if issued.suspension_list_id is None:
            raise Conflict(
                _("This badge was issued before suspension existed: revoke it if it must stop.")
            )
        status_list = status_bit_set(
            list_id=issued.suspension_list_id, index=issued.status_index, value=True, now=now
        )
        issued.suspended_at = now
        issued.suspended_by = actor
        issued.suspension_reason = reason
        issued.save(update_fields=["suspended_at", "suspended_by", "suspension_reason"])
        audit_record(
            actor=actor,
            action="credentials.credential.suspend",
            target=award,
            request=request,
            changes={"reason": reason, "status": f"{status_list.number}/{issued.status_index}"},
        )
    return issued


def credential_suspension_lift(
    *, award: Award, actor: Actor, reason: str, request: Any = None
) -> IssuedCredential:
    """Clear the award's suspension bit (the list is re-signed at once); audited with the
    reason and the suspension it ends."""
    reason = _checked(actor=actor, reason=reason)
    issued = credential_for(award)
    now = timezone.now()
    with transaction.atomic():
        issued = IssuedCredential.objects.select_for_update().get(pk=issued.pk)
        if issued.suspended_at is None or issued.suspension_list_id is None:
            raise Conflict(_("This badge is not suspended."))
        status_list = status_bit_set(
            list_id=issued.suspension_list_id, index=issued.status_index, value=False, now=now
        )
        suspended_since = issued.suspended_at.isoformat()
        issued.suspended_at = None
        issued.suspended_by = None
        issued.suspension_reason = ""
        issued.save(update_fields=["suspended_at", "suspended_by", "suspension_reason"])
        audit_record(
            actor=actor,
            action="credentials.credential.suspension_lift",
            target=award,
            request=request,
            changes={
                "reason": reason,
                "suspended_since": suspended_since,
                "status": f"{status_list.number}/{issued.status_index}",
            },
        )
    return issued
