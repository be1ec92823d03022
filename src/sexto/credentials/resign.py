"""Re-signing a member's credentials when what they show changes (issue 18).

The verification page reads the signed credential; "My badges" reads the member's choice. When
the member turns "show my name in my credentials" on or off, their credentials are rebuilt and
signed again (same id, same status entry, same identity salt, a new proof dated now), so the two
pages always agree. Revoked credentials are left as they were revoked."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone

from sexto.audit.services import audit_record
from sexto.credentials.links import issuer_did
from sexto.credentials.models import IssuedCredential
from sexto.credentials.services import credential_build, document_sign, issuer_key_active
from sexto.directory.types import Actor


def credentials_resign_for(*, user: Actor) -> int:
    """Sign again every unrevoked credential of this member; returns how many."""
    count = 0
    issued_all = IssuedCredential.objects.filter(
        award__recipient=user, revoked_at__isnull=True
    ).select_related("award__recipient", "organisation", "status_list")
    for issued in issued_all:
        now = timezone.now()
        with transaction.atomic():
            unsigned = credential_build(
                award=issued.award,
                organisation=issued.organisation,
                status_list=issued.status_list,
                index=issued.status_index,
                salt=issued.salt,
                suspension_list=getattr(issued, "suspension_list", None),
            )
            key = issuer_key_active(issued.organisation)
            signed = document_sign(
                key=key,
                document=unsigned,
                did=issuer_did(issued.organisation),
                created=now,
                proof_as_array=True,
            )
            IssuedCredential.objects.filter(pk=issued.pk).update(
                signed=json.dumps(signed, ensure_ascii=False, indent=2),
                signed_at=now,
                signing_key=key,
            )
            audit_record(
                actor=user,
                action="credentials.credential.resign",
                target=issued.award,
                changes={"reason": "name shown changed"},
            )
        count += 1
    return count
