"""Hostile credentials for the canonicalisation bounds (issue 14 item 1), shared by the tests
(tests/credentials/ob3/test_canon.py, tests/api/test_credentials_api.py) and the benchmark
(bench/credentials.py). No Django."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld

from sexto.credentials.ob3 import credential_sign
from sexto.credentials.ob3.dataintegrity import hash_data, proof_config, unsecured
from sexto.credentials.ob3.keys import did_key_for, multibase_encode
from sexto.credentials.ob3.loader import bundled_document_loader
from tests.credentials.ob3.ob3_factory import VC_V2, common_shape

# The attacker's own did:key: foreign did:key credentials are verified by anyone, anonymously.
KEY = Ed25519PrivateKey.generate()
DID = did_key_for(KEY.public_key())
VM = f"{DID}#{DID.removeprefix('did:key:')}"
CREATED = datetime(2024, 3, 14, 20, 43, 5, tzinfo=UTC)
NOW = datetime(2025, 6, 1, tzinfo=UTC)
FULL_IRI = "https://evil.example/knows"


def stock_nquads(document: dict[str, Any]) -> str:
    # What an attacker signs with: stock pyld, no bounds.
    return str(
        jsonld.normalize(
            copy.deepcopy(document),
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": bundled_document_loader,
            },
        )
    )


def attacker_signed(document: dict[str, Any]) -> dict[str, Any]:
    """Signed as the attacker would (stock pyld), so only the bounds can refuse it."""
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-03-14T20:43:05Z",
        "verificationMethod": VM,
        "proofPurpose": "assertionMethod",
    }
    body = unsecured(document)
    data = hash_data(stock_nquads(proof_config(proof, body["@context"])), stock_nquads(body))
    return {**body, "proof": {**proof, "proofValue": multibase_encode(KEY.sign(data))}}


def unsigned_proof(document: dict[str, Any]) -> dict[str, Any]:
    """A well-formed proof whose value cannot match: what is sent when signing would itself
    take minutes (the verifier must still refuse before canonicalising for minutes)."""
    signed = credential_sign(
        common_shape(issuer=DID), private_key=KEY, verification_method=VM, created=CREATED
    )
    return {**document, "proof": signed["proof"]}


def ob(**changes: Any) -> dict[str, Any]:
    document = common_shape(issuer=DID)
    document.update(changes)
    return document


def plain_vc(subject: dict[str, Any]) -> dict[str, Any]:
    """A VC 2.0 credential that does not claim Open Badges (no OB context, no OB type)."""
    document = common_shape(issuer=DID)
    document["@context"] = [VC_V2]
    document["type"] = ["VerifiableCredential"]
    document.pop("credentialStatus")
    document["credentialSubject"] = subject
    return document


def clique(size: int, prop: str = FULL_IRI) -> list[dict[str, Any]]:
    """``size`` blank nodes, each linked to every other one through ``prop``."""
    return [
        {"id": f"_:n{i}", prop: [{"id": f"_:n{j}"} for j in range(size) if j != i]}
        for i in range(size)
    ]


def nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"narrative": "fond"}
    for _ in range(depth):
        node = {"type": ["Evidence"], "name": "niveau", "description": node}
    return node


def with_subject(**extra: Any) -> dict[str, Any]:
    document = ob()
    document["credentialSubject"].update(extra)
    return document


# name → (credential as sent, the check that refuses it, words in the reason)
HOSTILE: dict[str, Callable[[], tuple[dict[str, Any], str, str]]] = {
    # The issue's attack: 8 blank nodes in credentialSubject, all linked by a full-IRI property.
    "8-node clique, OB 3.0": lambda: (
        unsigned_proof(with_subject(**{FULL_IRI: clique(8)})),
        "proof",
        f"property '{FULL_IRI}' is not defined by the Open Badges 3.0 or VC 2.0 contexts",
    ),
    "8-node clique, plain VC": lambda: (
        unsigned_proof(plain_vc({FULL_IRI: clique(8)})),
        "proof",
        "blank nodes form a cycle",
    ),
    "2-node cycle, plain VC": lambda: (
        attacker_signed(plain_vc({"id": "_:a", FULL_IRI: {"id": "_:b", FULL_IRI: {"id": "_:a"}}})),
        "proof",
        "blank nodes form a cycle",
    ),
    "deep nesting": lambda: (
        attacker_signed(ob(evidence=[nested(40)])),
        "json",
        "nested more than 24 levels deep",
    ),
    "many blank nodes": lambda: (
        # 121 distinct blank nodes, 11 per property (few duplicate checks: the cap decides).
        attacker_signed(
            plain_vc(
                {
                    f"https://evil.example/p{i}": [{FULL_IRI: f"{i}-{j}"} for j in range(11)]
                    for i in range(11)
                }
            )
        ),
        "proof",
        "more than 100 blank nodes",
    ),
    "many evidence entries (one property, many values)": lambda: (
        attacker_signed(
            ob(evidence=[{"type": ["Evidence"], "name": f"preuve {i}"} for i in range(150)])
        ),
        "proof",
        "too complex to canonicalise",
    ),
    "huge array of objects": lambda: (
        unsigned_proof(ob(evidence=[{"type": ["Evidence"]} for _ in range(5000)])),
        "json",
        "more than 200 JSON objects",
    ),
    "huge array of values": lambda: (
        unsigned_proof(with_subject(**{FULL_IRI: [f"v{i}" for i in range(20_000)]})),
        "json",
        "more than 1000 JSON values",
    ),
    "one node, many values (quadratic in pyld)": lambda: (
        attacker_signed(plain_vc({"id": "did:example:x", FULL_IRI: [f"v{i}" for i in range(400)]})),
        "proof",
        "too complex to canonicalise",
    ),
    "many distinct full-IRI properties": lambda: (
        attacker_signed(with_subject(**{f"https://evil.example/p{i}": i for i in range(300)})),
        "proof",
        "is not defined by the Open Badges 3.0 or VC 2.0 contexts",
    ),
    "many distinct undefined terms (VC 2.0 @vocab)": lambda: (
        attacker_signed(with_subject(**{f"term{i}": i for i in range(300)})),
        "proof",
        "is not defined by the Open Badges 3.0 or VC 2.0 contexts",
    ),
    "local @context in the body defining terms": lambda: (
        attacker_signed(
            with_subject(**{"@context": {"evil": FULL_IRI}, "evil": clique(3, "evil")})
        ),
        "proof",
        "@context is accepted only at the top of the credential",
    ),
    "inline context in the top @context": lambda: (
        attacker_signed({**ob(), "@context": [*ob()["@context"], {"evil": FULL_IRI}], "evil": "x"}),
        "proof",
        "inline context definitions are not accepted",
    ),
    "@graph in the subject": lambda: (
        attacker_signed(with_subject(**{"@graph": [{FULL_IRI: "x"} for _ in range(3)]})),
        "proof",
        "@graph is not accepted",
    ),
    "@included nodes": lambda: (
        attacker_signed(with_subject(**{"@included": [{"name": f"n{i}"} for i in range(3)]})),
        "proof",
        "@included is not accepted",
    ),
    "@reverse links": lambda: (
        attacker_signed(with_subject(**{"@reverse": {FULL_IRI: {"name": "x"}}})),
        "proof",
        "@reverse is not accepted",
    ),
}
