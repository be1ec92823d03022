"""Issuer signing keys (created on first need, rotated, audited) and the one way documents are
signed: badges, endorsements, status lists and wallet copies (eddsa-rdfc-2022, ``ob3/``)."""

from __future__ import annotations

import datetime
import re
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from sexto.audit.services import audit_record
from sexto.credentials.models import IssuerSigningKey
from sexto.credentials.ob3.dataintegrity import credential_sign
from sexto.credentials.ob3.keys import (
    private_key_from_multibase,
    private_key_multibase,
    public_key_multibase,
)
from sexto.credentials.selectors import did_cache_key
from sexto.directory.models import Organisation
from sexto.directory.types import Actor


def cache_forget(key: str) -> None:
    """Forget a cached public document now, and again after commit: a verifier may re-cache the
    old value in between."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


# -- Issuer keys ---------------------------------------------------------------------------


def _keys_in_use(organisation: Organisation) -> QuerySet[IssuerSigningKey]:
    # At most one: a new key is created only when the last one is retired or revoked.
    return IssuerSigningKey.objects.filter(
        organisation=organisation, retired_at__isnull=True, revoked_at__isnull=True
    )


# Control characters other than tab, line feed and carriage return: pyld writes them raw in the
# canonical form where RDFC-1.0 tools escape them, so a credential carrying one (a name pasted
# with a stray control character) would verify here and fail at every peer verifier.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_characters_removed(value: Any) -> Any:
    """The document with those control characters taken out of every string (keys included)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, dict):
        return {
            control_characters_removed(k): control_characters_removed(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [control_characters_removed(item) for item in value]
    return value


def document_sign(
    *,
    key: IssuerSigningKey,
    document: dict[str, Any],
    did: str,
    created: datetime.datetime,
    proof_as_array: bool = False,
) -> dict[str, Any]:
    """``document`` (unsigned) with an eddsa-rdfc-2022 Data Integrity proof by issuer ``did``'s
    ``key``, dated ``created``; control characters are removed first (see above). The proof is a
    one-proof array with ``proof_as_array`` (the OB 3.0.3 schema's form, for badges) and an object
    otherwise (status lists, wallet copies). The one way credentials and lists are signed."""
    return credential_sign(
        control_characters_removed(document),
        private_key=private_key_from_multibase(key.private_key),
        verification_method=f"{did}#{key.public_key_multibase}",
        created=created,
        proof_as_array=proof_as_array,
    )


def _key_create(organisation: Organisation) -> IssuerSigningKey:
    private = Ed25519PrivateKey.generate()
    return IssuerSigningKey.objects.create(
        organisation=organisation,
        private_key=private_key_multibase(private),
        public_key_multibase=public_key_multibase(private.public_key()),
        created_at=timezone.now(),
    )


def issuer_key_active(organisation: Organisation) -> IssuerSigningKey:
    """The organisation's signing key, created on first need (audited)."""
    key = _keys_in_use(organisation).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = _key_create(organisation)
            audit_record(
                actor=None,
                action="credentials.issuer_key.create",
                target=key,
                chain="platform",
                changes={"organisation": organisation.slug, "key": key.public_key_multibase},
            )
            cache_forget(did_cache_key(organisation.slug))
            return key
    except IntegrityError:  # another request created it first: use that one
        return _keys_in_use(organisation).get()


def issuer_key_rotate(
    *, organisation: Organisation, actor: Actor | None = None, compromised: bool = False
) -> IssuerSigningKey:
    """A new signing key for ``organisation``. The old key stays in the DID document, marked
    retired (credentials it signed keep verifying) — or revoked when ``compromised`` (every
    proof by it then fails)."""
    # Proof times are published to the second: retire at the next whole second, so a proof made
    # by the old key in the same second as the rotation still reads as "before".
    now = timezone.now().replace(microsecond=0) + timedelta(seconds=1)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        old = _keys_in_use(organisation).first()
        if old is not None:
            if compromised:
                old.revoked_at = now
            else:
                old.retired_at = now
            old.save(update_fields=["retired_at", "revoked_at"])
        new = _key_create(organisation)
        audit_record(
            actor=actor,
            action="credentials.issuer_key.rotate",
            target=new,
            chain="platform",
            changes={
                "organisation": organisation.slug,
                "old": old.public_key_multibase if old else "",
                "new": new.public_key_multibase,
                "compromised": compromised,
            },
        )
        cache_forget(did_cache_key(organisation.slug))
    return new
