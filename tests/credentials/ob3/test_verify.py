"""credential_sign / credential_verify on our credentials: every bad input fails precisely."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sexto.credentials.ob3 import (
    IssuerKey,
    credential_sign,
    credential_verify,
    did_web_document,
    key_resolver,
)
from sexto.credentials.ob3.did import did_web_for, did_web_url
from sexto.credentials.ob3.keys import public_key_multibase
from sexto.credentials.ob3.verify import StatusOutcome
from tests.credentials.ob3.ob3_factory import common_shape

BASE = "https://sexto.example"
DID = did_web_for(public_base_url=BASE, slug="css-des-sommets")
KEY = Ed25519PrivateKey.generate()
VM = f"{DID}#{public_key_multibase(KEY.public_key())}"
CREATED = datetime(2024, 3, 14, 20, 43, 5, tzinfo=UTC)
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def _resolver(*keys: IssuerKey):
    document = did_web_document(
        did=DID, keys=keys or (IssuerKey(KEY.public_key()),), vocab_base=f"{BASE}/ns#"
    )
    return key_resolver(lambda did: document if did == DID else None)


def _signed(**changes) -> dict:
    doc = common_shape(issuer=DID)
    doc.update(changes)
    return credential_sign(doc, private_key=KEY, verification_method=VM, created=CREATED)


def _verify(doc, **kwargs):
    kwargs.setdefault("resolve_key", _resolver())
    kwargs.setdefault("now", NOW)
    return credential_verify(doc, **kwargs)


def test_did_web_naming() -> None:
    assert DID == "did:web:sexto.example:issuers:css-des-sommets"
    assert did_web_url(DID) == "https://sexto.example/issuers/css-des-sommets/did.json"
    assert (
        did_web_for(public_base_url="http://localhost:8000", slug="x")
        == "did:web:localhost%3A8000:issuers:x"
    )


def test_our_credential_verifies_with_every_check_listed() -> None:
    result = _verify(_signed(), status_check=lambda entry: StatusOutcome("passed", "not revoked"))
    assert result.verified, result.errors
    names = [c.name for c in result.checks]
    assert names == ["json", "proof", "validFrom", "validUntil", "status", "schema"]
    assert result.as_dict()["verified"] is True


def _paths(value, prefix=()):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("@context", "proof"):
                yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))
    else:
        yield prefix


def _tamper(doc, path):
    target = doc
    for step in path[:-1]:
        target = target[step]
    old = target[path[-1]]
    target[path[-1]] = (
        (not old) if isinstance(old, bool) else (old + "x" if isinstance(old, str) else old)
    )
    return doc


SIGNED = _signed()


@pytest.mark.parametrize("path", list(_paths(SIGNED)), ids=lambda p: ".".join(map(str, p)))
def test_tampering_any_field_fails_the_proof(path) -> None:
    result = _verify(_tamper(copy.deepcopy(SIGNED), path))
    assert not result.verified
    assert result.check("proof").status == "failed"


@pytest.mark.parametrize(
    "field", ["created", "verificationMethod", "proofPurpose", "cryptosuite", "proofValue"]
)
def test_tampering_the_proof_fails(field) -> None:
    doc = copy.deepcopy(SIGNED)
    doc["proof"][field] = doc["proof"][field][:-1] + (
        "A" if doc["proof"][field][-1] != "A" else "B"
    )
    assert _verify(doc).check("proof").status == "failed"


def test_wrong_key_unknown_context_malformed_json() -> None:
    other = Ed25519PrivateKey.generate()
    result = _verify(SIGNED, resolve_key=_resolver(IssuerKey(other.public_key())))
    assert "is not in the issuer's DID document" in result.check("proof").reason

    forged = credential_sign(
        common_shape(issuer=DID), private_key=other, verification_method=VM, created=CREATED
    )
    assert "signature does not match" in _verify(forged).check("proof").reason

    unknown = copy.deepcopy(SIGNED)
    unknown["@context"].append("https://evil.example/ctx.json")
    reason = _verify(unknown).check("proof").reason
    assert "unknown JSON-LD context 'https://evil.example/ctx.json'" in reason

    for bad in ("{not json", b"\xff\xfe", "[1, 2]", json.dumps({"proof": 3})):
        result = _verify(bad)
        assert not result.verified


def test_dates_expired_and_not_yet_valid() -> None:
    expired = _verify(_signed(validUntil="2025-01-01T00:00:00Z"))
    assert not expired.verified
    assert expired.check("validUntil").reason == "expired on 2025-01-01T00:00:00Z"
    early = _verify(_signed(validFrom="2030-01-01T00:00:00Z"))
    assert early.check("validFrom").reason == "not valid yet: valid from 2030-01-01T00:00:00Z"


def test_revoked_status_fails_and_missing_list_is_skipped() -> None:
    revoked = _verify(SIGNED, status_check=lambda e: StatusOutcome("failed", "revoked"))
    assert not revoked.verified and revoked.check("status").reason == "revoked"
    offline = _verify(SIGNED)
    assert offline.check("status").status == "skipped" and offline.verified


def test_rotation_keeps_old_credentials_and_refuses_new_ones_from_retired_key() -> None:
    new = Ed25519PrivateKey.generate()
    resolve = _resolver(
        IssuerKey(KEY.public_key(), retired_at=datetime(2024, 6, 1, tzinfo=UTC)),
        IssuerKey(new.public_key()),
    )
    assert _verify(SIGNED, resolve_key=resolve).verified
    late = credential_sign(
        common_shape(issuer=DID),
        private_key=KEY,
        verification_method=VM,
        created=datetime(2024, 7, 1, tzinfo=UTC),
    )
    assert (
        "was retired on 2024-06-01T00:00:00Z"
        in _verify(late, resolve_key=resolve).check("proof").reason
    )
    leaked = _resolver(IssuerKey(KEY.public_key(), revoked_at=datetime(2024, 6, 1, tzinfo=UTC)))
    assert "was revoked" in _verify(SIGNED, resolve_key=leaked).check("proof").reason


def test_did_document_lists_old_keys_marked() -> None:
    new = Ed25519PrivateKey.generate()
    doc = did_web_document(
        did=DID,
        keys=[
            IssuerKey(KEY.public_key(), retired_at=datetime(2024, 6, 1, tzinfo=UTC)),
            IssuerKey(new.public_key()),
        ],
        vocab_base=f"{BASE}/ns#",
    )
    methods = doc["verificationMethod"]
    assert [m.get("retiredAt") for m in methods] == ["2024-06-01T00:00:00Z", None]
    assert doc["assertionMethod"] == [m["id"] for m in methods]
    assert all(m["publicKeyMultibase"].startswith("z6Mk") for m in methods)


def test_issuer_must_control_the_key() -> None:
    doc = credential_sign(
        common_shape(issuer="did:web:other.example:issuers:x"),
        private_key=KEY,
        verification_method=VM,
        created=CREATED,
    )
    assert "is not controlled by the issuer" in _verify(doc).check("proof").reason
