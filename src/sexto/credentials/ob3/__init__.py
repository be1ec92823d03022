"""Open Badges 3.0 cryptographic core: bundled JSON-LD contexts, eddsa-rdfc-2022 Data
Integrity proofs, Multikey/did:key/did:web keys, Bitstring Status Lists, baked images.

No Django here: the credentials app supplies keys, DID documents and status lookups as
plain callables.
"""

from sexto.credentials.ob3.dataintegrity import canonicalize, credential_sign
from sexto.credentials.ob3.did import (
    IssuerKey,
    KeyResolutionError,
    ResolvedKey,
    did_web_document,
    did_web_for,
    key_resolver,
)
from sexto.credentials.ob3.keys import did_key_for, public_key_multibase
from sexto.credentials.ob3.loader import UnknownContext, bundled_document_loader
from sexto.credentials.ob3.verify import Check, StatusOutcome, VerifyResult, credential_verify

__all__ = [
    "Check",
    "IssuerKey",
    "KeyResolutionError",
    "ResolvedKey",
    "StatusOutcome",
    "UnknownContext",
    "VerifyResult",
    "bundled_document_loader",
    "canonicalize",
    "credential_sign",
    "credential_verify",
    "did_key_for",
    "did_web_document",
    "did_web_for",
    "key_resolver",
    "public_key_multibase",
]
