"""eddsa-rdfc-2022 Data Integrity proofs (W3C vc-di-eddsa §3.3) over pyld's RDFC-1.0.

The steps are exposed one by one (canonical forms, hashes, signature) so the tests can
reproduce the W3C test vectors byte for byte.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sexto.credentials.ob3 import canon_fast, pyld_cache
from sexto.credentials.ob3.canon import canonical_nquads
from sexto.credentials.ob3.keys import multibase_decode, multibase_encode

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"

pyld_cache.install()
canon_fast.install()


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, bundled contexts only.

    Bounded (canon.py): raises ``CanonicalizationRefused`` for a document too large or too
    tangled to canonicalise quickly, so signing and verifying can never run for minutes.
    """
    return canonical_nquads(document)


def proof_config(proof: dict[str, Any], document_context: Any) -> dict[str, Any]:
    """The proof options without ``proofValue``, carrying the document's ``@context``."""
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = document_context
    return config


def hash_data(canonical_proof_config: str, canonical_document: str) -> bytes:
    """SHA-256(proof config) ‖ SHA-256(document), the 64 bytes that are signed."""
    return (
        hashlib.sha256(canonical_proof_config.encode("utf-8")).digest()
        + hashlib.sha256(canonical_document.encode("utf-8")).digest()
    )


def unsecured(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "proof"}


def format_datetime(value: datetime | str) -> str:
    """XML Schema dateTimeStamp in UTC with a trailing Z, second precision."""
    if isinstance(value, str):
        return value
    if value.tzinfo is None:
        raise ValueError("created must be timezone-aware")
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def credential_sign(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | str,
    proof_purpose: str = "assertionMethod",
    proof_as_array: bool = False,
) -> dict[str, Any]:
    """A copy of ``document`` with an eddsa-rdfc-2022 ``DataIntegrityProof`` added: as an object
    (the W3C test vectors' form), or a one-proof array with ``proof_as_array`` (the form the
    OB 3.0.3 JSON Schema requires; the signature is the same).

    Raises ``UnknownContext`` (a ``pyld.jsonld.JsonLdError``) when the document names a
    context that is not bundled.
    """
    body = copy.deepcopy(unsecured(document))
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": format_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    data = hash_data(canonicalize(proof_config(proof, body.get("@context"))), canonicalize(body))
    proof["proofValue"] = multibase_encode(private_key.sign(data))
    body["proof"] = [proof] if proof_as_array else proof
    return body


def proof_signature_valid(document: dict[str, Any], public_key: Ed25519PublicKey) -> bool:
    """True when the document's single proof (an object) verifies under ``public_key``.

    Raises ``KeyFormatError`` on a malformed proofValue and ``pyld.jsonld.JsonLdError`` when
    a context is unknown or the JSON-LD is invalid (``credential_verify`` turns both into
    failed checks).
    """
    proof = document["proof"]
    signature = multibase_decode(proof["proofValue"])
    body = unsecured(document)
    data = hash_data(canonicalize(proof_config(proof, body.get("@context"))), canonicalize(body))
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
