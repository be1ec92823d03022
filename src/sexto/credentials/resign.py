"""Signing credentials again when what they carry changes: the member's name choice (issue 18),
a context every credential needs, an endorsement added to a badge signed before it (issue 17).

Each credential is rebuilt and signed again: same id, same status entry, same identity salt, a
new proof dated now. Revoked credentials are left as they were revoked."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sexto.audit.services import AuditActor, audit_record
from sexto.credentials.endorsements import endorsement_issue
from sexto.credentials.links import issuer_did
from sexto.credentials.models import Endorsement, IssuedCredential
from sexto.credentials.services import credential_build
from sexto.credentials.signing import document_sign, issuer_key_active
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


def endorsements_backfill(*, actor: Actor | None = None) -> int:
    """Endorse the awards signed before endorsements existed and sign their credentials again
    with it embedded. Awards not signed yet are endorsed when first signed; an award whose
    territory had no agreement that day gets none. Returns how many credentials were signed
    again (``endorse_awards``, and the demo)."""
    return _credentials_resign(
        issued_all=IssuedCredential.objects.exclude(award__endorsements__isnull=False),
        actor=actor,
        reason="endorsement added",
        before=lambda issued: endorsement_issue(award=issued.award) is not None,
    )


def demo_endorsements_seed(write: Callable[[str], None]) -> None:
    """Demo awards signed before endorsements existed get theirs (new ones have it already)."""
    count = endorsements_backfill()
    total = Endorsement.objects.count()
    write(f"Credentials: {total} endorsements of the agreement ({count} added now).")


def _credentials_resign(
    *,
    issued_all: QuerySet[IssuedCredential],
    actor: AuditActor,
    reason: str,
    before: Callable[[IssuedCredential], bool] | None = None,
) -> int:
    """Sign each unrevoked credential again, each in its own transaction; ``before`` runs in it
    first and may skip the credential (False)."""
    count = 0
    issued_all = issued_all.filter(revoked_at__isnull=True).select_related(
        "award__recipient", "organisation", "status_list", "suspension_list"
    )
    for issued in issued_all.iterator():
        with transaction.atomic():
            if before is not None and not before(issued):
                continue
            now = timezone.now()
            unsigned = credential_build(
                award=issued.award,
                organisation=issued.organisation,
                status_list=issued.status_list,
                index=issued.status_index,
                salt=issued.salt,
                suspension_list=issued.suspension_list,
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
