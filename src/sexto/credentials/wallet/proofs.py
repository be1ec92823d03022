"""Holder proofs a wallet sends (no Django): a DIDAuthentication VerifiablePresentation signed
by the holder's did:key (eddsa-rdfc-2022), and an OID4VCI proof-of-possession JWT (EdDSA)."""

from __future__ import annotations

import base64
import json
import time
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

from sexto.credentials.ob3.dataintegrity import (
    CRYPTOSUITE,
    PROOF_TYPE,
    hash_data,
    proof_config,
    unsecured,
)
from sexto.credentials.ob3.keys import (
    KeyFormatError,
    did_key_for,
    did_key_resolve,
    multibase_decode,
)
from sexto.credentials.ob3.loader import bundled_document_loader

# The Learner Credential Wallet signs its DIDAuthentication presentation with
# Ed25519Signature2020 under the VC 1.1 context: both contexts are bundled here, for
# presentations only (contexts/SOURCES.md), so credentials keep their own strict loader.
CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1"
ED25519_2020_V1 = "https://w3id.org/security/suites/ed25519-2020/v1"
ED25519_2020 = "Ed25519Signature2020"
_WALLET_CONTEXTS = {
    CREDENTIALS_V1: "credentials-v1.json",
    ED25519_2020_V1: "ed25519-signature-2020-v1.json",
}
_CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

JWT_PROOF_TYPE = "openid4vci-proof+jwt"
# A proof older than this is refused (replay); a little slack for clock skew ahead.
JWT_MAX_AGE = 300
JWT_SKEW = 60


class HolderProofRefused(ValueError):
    """The wallet's proof of control of its DID does not hold; the message says why."""


@cache
def _wallet_document(url: str) -> dict[str, Any]:
    document = json.loads((_CONTEXTS_DIR / _WALLET_CONTEXTS[url]).read_text(encoding="utf-8"))
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": document, "tag": "static"}  # fmt: skip


def presentation_document_loader(url: str, options: dict[str, Any] | None = None) -> Any:
    """The bundled credential contexts plus VC 1.1 and Ed25519Signature2020; nothing fetched."""
    if url in _WALLET_CONTEXTS:
        return _wallet_document(url)
    return bundled_document_loader(url, options)


def _canonical(document: dict[str, Any]) -> str:
    options = {"algorithm": "URDNA2015", "format": "application/n-quads",
               "documentLoader": presentation_document_loader}  # fmt: skip
    return str(jsonld.normalize(document, options))


def _signature_valid(presentation: dict[str, Any], proof: dict[str, Any], key: Any) -> bool:
    # Ed25519Signature2020 and eddsa-rdfc-2022 sign the same bytes: SHA-256 of the canonical
    # proof options (with the document's @context) then of the canonical document.
    body = unsecured(presentation)
    data = hash_data(_canonical(proof_config(proof, body.get("@context"))), _canonical(body))
    try:
        key.verify(multibase_decode(str(proof.get("proofValue", ""))), data)
    except InvalidSignature:
        return False
    return True


def presentation_holder(presentation: Any, *, challenge: str, domain: str) -> str:
    """The DID that signed this DIDAuthentication presentation for ``challenge`` and
    ``domain`` (Ed25519Signature2020 or eddsa-rdfc-2022, did:key); ``HolderProofRefused``
    otherwise."""
    if not isinstance(presentation, dict):
        raise HolderProofRefused("verifiablePresentation must be a JSON object")
    if presentation.get("verifiableCredential"):
        # DIDAuthentication only: nothing else is read, so nothing else is canonicalised.
        raise HolderProofRefused("the presentation must carry no credential")
    proof = presentation.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise HolderProofRefused("the presentation carries no single proof")
    suite_ok = proof.get("type") == ED25519_2020 or (
        proof.get("type") == PROOF_TYPE and proof.get("cryptosuite") == CRYPTOSUITE
    )
    if not suite_ok:
        raise HolderProofRefused(
            f"unsupported proof: {ED25519_2020} or {PROOF_TYPE} {CRYPTOSUITE} expected"
        )
    if proof.get("proofPurpose") != "authentication":
        raise HolderProofRefused("proofPurpose must be authentication")
    if proof.get("challenge") != challenge:
        raise HolderProofRefused("the challenge does not match this exchange")
    if proof.get("domain") != domain:
        raise HolderProofRefused("the domain does not match this site")
    method = str(proof.get("verificationMethod", ""))
    holder = method.split("#", 1)[0]
    if presentation.get("holder") not in (None, holder):
        raise HolderProofRefused("the presentation's holder did not sign it")
    try:
        public_key = did_key_resolve(method)
        valid = _signature_valid(presentation, proof, public_key)
    except (KeyFormatError, ValueError, KeyError, jsonld.JsonLdError) as exc:
        raise HolderProofRefused(f"the proof cannot be checked: {exc}") from None
    if not valid:
        raise HolderProofRefused("the presentation's signature does not verify")
    return holder


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _jwk_public_key(jwk: Any) -> Ed25519PublicKey:
    if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise HolderProofRefused("only Ed25519 (OKP) keys are accepted")
    return Ed25519PublicKey.from_public_bytes(_b64url_decode(str(jwk.get("x", ""))))


def jwt_nonce(jwt: str) -> str:
    """The ``nonce`` claim of a proof JWT, unverified (the caller checks it was ours, then
    ``jwt_proof_holder`` checks the signature over it)."""
    try:
        payload = json.loads(_b64url_decode(jwt.split(".")[1]))
    except (ValueError, TypeError, IndexError):
        raise HolderProofRefused("the proof is not a compact JWT") from None
    return str(payload.get("nonce", "")) if isinstance(payload, dict) else ""


def jwt_proof_holder(jwt: str, *, audience: str, nonce: str, now: float | None = None) -> str:
    """The holder DID (did:key) of an OID4VCI ``jwt`` proof for ``audience`` and ``nonce``;
    ``HolderProofRefused`` otherwise. The key comes from ``kid`` (did:key) or ``jwk``."""
    try:
        header_b64, payload_b64, signature_b64 = jwt.split(".")
        header = json.loads(_b64url_decode(header_b64))
        payload = json.loads(_b64url_decode(payload_b64))
        signature = _b64url_decode(signature_b64)
    except (ValueError, TypeError):
        raise HolderProofRefused("the proof is not a compact JWT") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise HolderProofRefused("the proof is not a compact JWT")
    if header.get("typ") != JWT_PROOF_TYPE:
        raise HolderProofRefused(f"the proof's typ must be {JWT_PROOF_TYPE}")
    if header.get("alg") not in ("EdDSA", "Ed25519"):
        raise HolderProofRefused("the proof's alg must be EdDSA")
    try:
        if "kid" in header and str(header["kid"]).startswith("did:key:"):
            public_key = did_key_resolve(str(header["kid"]))
        elif "jwk" in header:
            public_key = _jwk_public_key(header["jwk"])
        else:
            raise HolderProofRefused("the proof names no did:key kid and no jwk")
    except (KeyFormatError, ValueError) as exc:
        if isinstance(exc, HolderProofRefused):
            raise
        raise HolderProofRefused(f"the proof's key cannot be read: {exc}") from None
    try:
        public_key.verify(signature, f"{header_b64}.{payload_b64}".encode("ascii"))
    except InvalidSignature:
        raise HolderProofRefused("the proof's signature does not verify") from None
    aud = payload.get("aud")
    if audience not in (aud if isinstance(aud, list) else [aud]):
        raise HolderProofRefused("the proof's aud is not this issuer")
    if payload.get("nonce") != nonce:
        raise HolderProofRefused("the proof's nonce is not the one we gave")
    now = time.time() if now is None else now
    iat = payload.get("iat")
    if not isinstance(iat, int | float) or not now - JWT_MAX_AGE <= iat <= now + JWT_SKEW:
        raise HolderProofRefused("the proof's iat is missing or not recent")
    return did_key_for(public_key)
