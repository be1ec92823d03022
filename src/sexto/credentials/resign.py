"""Re-signing a member's credentials when what they show changes (issue 18).

The verification page reads the signed credential; "My badges" reads the member's choice. When
the member turns "show my name in my credentials" on or off, their credentials are rebuilt and
signed again (same id, same status entry, same identity salt, a new proof dated now), so the two
pages always agree. Revoked credentials are left as they were revoked."""

from __future__ import annotations

import json

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sexto.audit.services import AuditActor, audit_record
from sexto.credentials.links import issuer_did
from sexto.credentials.models import IssuedCredential
from sexto.credentials.services import credential_build, document_sign, issuer_key_active
from sexto.directory.types import Actor


def credentials_resign_for(*, user: Actor) -> int:
    """Sign again every unrevoked credential of this member; returns how many."""
    return _credentials_resign(
        issued_all=IssuedCredential.objects.filter(award__recipient=user),
        actor=user,
        reason="name shown changed",
    )


def credentials_resign_all(*, reason: str) -> int:
    """Sign again every unrevoked credential of the platform (``resign_credentials``): after a
    change to what every credential carries, e.g. the OB 3.0 extensions context that DCC's
    verifier-core needs (issue 17), so credentials signed before it travel too."""
    return _credentials_resign(
        issued_all=IssuedCredential.objects.all(), actor="system", reason=reason
    )


def _credentials_resign(
    *, issued_all: QuerySet[IssuedCredential], actor: AuditActor, reason: str
) -> int:
    count = 0
    issued_all = issued_all.filter(revoked_at__isnull=True).select_related(
        "award__recipient", "organisation", "status_list"
    )
    for issued in issued_all.iterator():
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
                actor=actor,
                action="credentials.credential.resign",
                target=issued.award,
                changes={"reason": reason},
            )
        count += 1
    return count
