"""Bounded canonicalisation (canon.py, issue 14 item 1): hostile credentials are refused in well
under a second, as the attacker sends them, and normal credentials are untouched."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld

from sexto.credentials.ob3 import canon, credential_sign, credential_verify, key_resolver
from sexto.credentials.ob3.canon import CanonicalizationRefused, WorkBudget, canonical_nquads
from sexto.credentials.ob3.dataintegrity import (
    canonicalize,
    hash_data,
    proof_config,
    unsecured,
)
from sexto.credentials.ob3.keys import did_key_for, multibase_encode
from sexto.credentials.ob3.loader import bundled_document_loader
from tests.credentials.ob3.ob3_factory import VC_V2, common_shape, varied

# The attacker's own did:key: foreign did:key credentials are verified by anyone, anonymously.
KEY = Ed25519PrivateKey.generate()
DID = did_key_for(KEY.public_key())
VM = f"{DID}#{DID.removeprefix('did:key:')}"
CREATED = datetime(2024, 3, 14, 20, 43, 5, tzinfo=UTC)
NOW = datetime(2025, 6, 1, tzinfo=UTC)
FULL_IRI = "https://evil.example/knows"
SECOND = 1.0


def _stock_nquads(document: dict[str, Any]) -> str:
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


def _attacker_signed(document: dict[str, Any]) -> dict[str, Any]:
    """Signed as the attacker would (stock pyld), so only the bounds can refuse it."""
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-03-14T20:43:05Z",
        "verificationMethod": VM,
        "proofPurpose": "assertionMethod",
    }
    body = unsecured(document)
    data = hash_data(_stock_nquads(proof_config(proof, body["@context"])), _stock_nquads(body))
    return {**body, "proof": {**proof, "proofValue": multibase_encode(KEY.sign(data))}}


def _unsigned_proof(document: dict[str, Any]) -> dict[str, Any]:
    """A well-formed proof whose value cannot match: what is sent when signing would itself
    take minutes (the verifier must still refuse before canonicalising for minutes)."""
    signed = credential_sign(
        common_shape(issuer=DID), private_key=KEY, verification_method=VM, created=CREATED
    )
    return {**document, "proof": signed["proof"]}


def _ob(**changes: Any) -> dict[str, Any]:
    document = common_shape(issuer=DID)
    document.update(changes)
    return document


def _plain_vc(subject: dict[str, Any]) -> dict[str, Any]:
    """A VC 2.0 credential that does not claim Open Badges (no OB context, no OB type)."""
    document = common_shape(issuer=DID)
    document["@context"] = [VC_V2]
    document["type"] = ["VerifiableCredential"]
    document.pop("credentialStatus")
    document["credentialSubject"] = subject
    return document


def _clique(size: int, prop: str = FULL_IRI) -> list[dict[str, Any]]:
    """``size`` blank nodes, each linked to every other one through ``prop``."""
    return [
        {"id": f"_:n{i}", prop: [{"id": f"_:n{j}"} for j in range(size) if j != i]}
        for i in range(size)
    ]


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"narrative": "fond"}
    for _ in range(depth):
        node = {"type": ["Evidence"], "name": "niveau", "description": node}
    return node


def _with_subject(**extra: Any) -> dict[str, Any]:
    document = _ob()
    document["credentialSubject"].update(extra)
    return document


# name → (credential as sent, the check that refuses it, words in the reason)
HOSTILE: dict[str, Callable[[], tuple[dict[str, Any], str, str]]] = {
    # The issue's attack: 8 blank nodes in credentialSubject, all linked by a full-IRI property.
    "8-node clique, OB 3.0": lambda: (
        _unsigned_proof(_with_subject(**{FULL_IRI: _clique(8)})),
        "proof",
        f"property '{FULL_IRI}' is not defined by the Open Badges 3.0 or VC 2.0 contexts",
    ),
    "8-node clique, plain VC": lambda: (
        _unsigned_proof(_plain_vc({FULL_IRI: _clique(8)})),
        "proof",
        "blank nodes form a cycle",
    ),
    "2-node cycle, plain VC": lambda: (
        _attacker_signed(
            _plain_vc({"id": "_:a", FULL_IRI: {"id": "_:b", FULL_IRI: {"id": "_:a"}}})
        ),
        "proof",
        "blank nodes form a cycle",
    ),
    "deep nesting": lambda: (
        _attacker_signed(_ob(evidence=[_nested(40)])),
        "json",
        "nested more than 24 levels deep",
    ),
    "many blank nodes": lambda: (
        _attacker_signed(
            _ob(evidence=[{"type": ["Evidence"], "name": f"preuve {i}"} for i in range(150)])
        ),
        "proof",
        "more than 100 blank nodes",
    ),
    "huge array of objects": lambda: (
        _unsigned_proof(_ob(evidence=[{"type": ["Evidence"]} for _ in range(5000)])),
        "json",
        "more than 200 JSON objects",
    ),
    "huge array of values": lambda: (
        _unsigned_proof(_with_subject(**{FULL_IRI: [f"v{i}" for i in range(20_000)]})),
        "json",
        "more than 1000 JSON values",
    ),
    "one node, many values (quadratic in pyld)": lambda: (
        _attacker_signed(
            _plain_vc({"id": "did:example:x", FULL_IRI: [f"v{i}" for i in range(400)]})
        ),
        "proof",
        "too complex to canonicalise",
    ),
    "many distinct full-IRI properties": lambda: (
        _attacker_signed(_with_subject(**{f"https://evil.example/p{i}": i for i in range(300)})),
        "proof",
        "is not defined by the Open Badges 3.0 or VC 2.0 contexts",
    ),
    "many distinct undefined terms (VC 2.0 @vocab)": lambda: (
        _attacker_signed(_with_subject(**{f"term{i}": i for i in range(300)})),
        "proof",
        "is not defined by the Open Badges 3.0 or VC 2.0 contexts",
    ),
    "local @context in the body defining terms": lambda: (
        _attacker_signed(
            _with_subject(**{"@context": {"evil": FULL_IRI}, "evil": _clique(3, "evil")})
        ),
        "proof",
        "@context is accepted only at the top of the credential",
    ),
    "inline context in the top @context": lambda: (
        _attacker_signed(
            {**_ob(), "@context": [*_ob()["@context"], {"evil": FULL_IRI}], "evil": "x"}
        ),
        "proof",
        "inline context definitions are not accepted",
    ),
    "@graph in the subject": lambda: (
        _attacker_signed(_with_subject(**{"@graph": [{FULL_IRI: "x"} for _ in range(3)]})),
        "proof",
        "@graph is not accepted",
    ),
    "@included nodes": lambda: (
        _attacker_signed(_with_subject(**{"@included": [{"name": f"n{i}"} for i in range(3)]})),
        "proof",
        "@included is not accepted",
    ),
    "@reverse links": lambda: (
        _attacker_signed(_with_subject(**{"@reverse": {FULL_IRI: {"name": "x"}}})),
        "proof",
        "@reverse is not accepted",
    ),
}


def _verify(document: Any) -> Any:
    return credential_verify(document, resolve_key=key_resolver(lambda did: None), now=NOW)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_credential_is_refused_quickly_with_a_reason(name: str) -> None:
    document, check, words = HOSTILE[name]()
    start = time.perf_counter()
    result = _verify(document)
    elapsed = time.perf_counter() - start
    assert result.verified is False
    assert result.check(check).status == "failed"
    assert words in result.check(check).reason
    assert elapsed < SECOND, f"{name}: {elapsed:.2f} s"


def test_the_same_bounds_refuse_signing() -> None:
    """Signing (and so the import, which signs each award) canonicalises through the bounds."""
    with pytest.raises(CanonicalizationRefused, match="not defined"):
        credential_sign(
            _with_subject(**{FULL_IRI: _clique(8)}),
            private_key=KEY,
            verification_method=VM,
            created=CREATED,
        )


def test_the_work_budget_stops_rdfc_even_without_the_other_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Last line: with the cycle and term checks gone, the clique still stops in RDFC-1.0."""
    monkeypatch.setattr(canon, "dataset_check", lambda dataset, open_badges: None)
    budget = WorkBudget()
    start = time.perf_counter()
    with pytest.raises(CanonicalizationRefused, match="too complex to canonicalise"):
        canonical_nquads(_plain_vc({FULL_IRI: _clique(8)}), budget=budget)
    assert time.perf_counter() - start < SECOND
    assert budget.spent > budget.limit


def test_a_small_clique_within_budget_is_canonicalised_as_stock_pyld(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The budgeted Hash N-Degree Quads is pyld's: same N-Quads when it has to run."""
    monkeypatch.setattr(canon, "dataset_check", lambda dataset, open_badges: None)
    document = _plain_vc({FULL_IRI: _clique(4)})
    budget = WorkBudget()
    assert canonical_nquads(copy.deepcopy(document), budget=budget) == _stock_nquads(document)
    assert budget.spent > 0  # the permutations ran


def test_normal_credentials_spend_almost_nothing() -> None:
    for document in [common_shape(), *varied(24)]:
        budget = WorkBudget()
        assert canonical_nquads(copy.deepcopy(document), budget=budget) == canonicalize(document)
        assert budget.spent < 10


def test_other_pyld_uses_are_not_charged() -> None:
    """The duplicate-check hook charges only inside canonical_nquads."""
    many = _plain_vc({"id": "did:example:x", FULL_IRI: [f"v{i}" for i in range(400)]})
    assert _stock_nquads(many)


def test_attacker_signed_shapes_verify_when_the_bounds_allow_them() -> None:
    """The attacker's signature is sound: refusals above come from the bounds, not the key."""
    assert _verify(_attacker_signed(_ob())).verified is True
