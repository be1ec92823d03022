"""A Python holder for the service tests (the end-to-end tests use the DCC libraries in
node): a did:key, a DIDAuthentication presentation, an OID4VCI proof JWT."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sexto.credentials.ob3.dataintegrity import hash_data, proof_config
from sexto.credentials.ob3.keys import did_key_for, multibase_encode
from sexto.credentials.wallet.proofs import _canonical


class Holder:
    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.did = did_key_for(self.key.public_key())

    def presentation(self, *, challenge: str, domain: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
            "holder": self.did,
        }
        proof = {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2026-01-01T00:00:00Z",
            "verificationMethod": f"{self.did}#{self.did[len('did:key:') :]}",
            "proofPurpose": "authentication",
            "challenge": challenge,
            "domain": domain,
        }
        data = hash_data(_canonical(proof_config(proof, body["@context"])), _canonical(body))
        proof["proofValue"] = multibase_encode(self.key.sign(data))
        return {**body, "proof": proof}

    def jwt(self, *, audience: str, nonce: str, iat: float | None = None) -> str:
        def part(value: dict[str, Any]) -> str:
            raw = json.dumps(value).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        kid = f"{self.did}#{self.did[len('did:key:') :]}"
        header = part({"alg": "EdDSA", "typ": "openid4vci-proof+jwt", "kid": kid})
        payload = part({"aud": audience, "nonce": nonce, "iat": int(iat or time.time())})
        signature = self.key.sign(f"{header}.{payload}".encode())
        return f"{header}.{payload}." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode()
