"""credential_sign / credential_verify on our credentials: every bad input fails precisely."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sexto.credentials.ob3 import (
    IssuerKey,
    credential_sign,
    credential_verify,
    did_web_document,
    key_resolver,
)
from sexto.credentials.ob3.dataintegrity import unsecured
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
    assert result.as_dict()["checks"][0] == {
        "name": "json",
        "status": "passed",
        "reason": "JSON object",
    }
    assert result.check("validFrom").reason == "2024-03-14T20:43:05Z"
    assert result.check("validUntil").reason == "absent"
    assert result.check("status").reason == "not revoked"
    assert result.check("schema").reason == "OB 3.0.3 AchievementCredential JSON Schema"
    assert result.check("no such check") is None


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
    reason = _failed(_verify(unknown), "proof")
    assert reason == (
        "unknown JSON-LD context 'https://evil.example/ctx.json' (only bundled contexts are used)"
    )

    for bad in ("{not json", b"\xff\xfe", "[1, 2]", json.dumps({"proof": 3})):
        result = _verify(bad)
        assert not result.verified


def test_dates_expired_and_not_yet_valid() -> None:
    expired = _verify(_signed(validUntil="2025-01-01T00:00:00Z"))
    assert not expired.verified
    assert expired.check("validUntil").reason == "expired on 2025-01-01T00:00:00Z"
    early = _verify(_signed(validFrom="2030-01-01T00:00:00Z"))
    assert early.verified is False
    assert early.check("validFrom").status == "failed"
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


# -- Each decision's failure path decides (issue 14 item 13: mutants no test caught) ---------


def _failed(result, name: str) -> str:
    """The check failed and so did the credential; its reason, for the words to be checked."""
    assert result.verified is False
    check = result.check(name)
    assert check is not None and check.status == "failed", result.checks
    return check.reason


def _raising(entry: dict) -> StatusOutcome:
    raise ConnectionError("status list unreachable")


def test_a_status_checker_that_raises_fails_closed() -> None:
    reason = _failed(_verify(SIGNED, status_check=_raising), "status")
    assert reason == "status could not be checked: status list unreachable"


@pytest.mark.parametrize(
    "answer",
    [None, "passed", StatusOutcome("revoked", "odd"), {"status": "passed"}],
    ids=["none", "a string", "an unknown status", "a dict"],
)
def test_a_status_checker_answering_nonsense_fails_closed(answer) -> None:
    reason = _failed(_verify(SIGNED, status_check=lambda entry: answer), "status")
    assert reason.startswith("status could not be checked")


def test_one_failed_status_entry_among_passed_ones_fails() -> None:
    doc = _signed(
        type=["VerifiableCredential"],  # the OB 3.0 schema allows one status entry only
        credentialStatus=[
            {**SIGNED["credentialStatus"], "id": "https://sexto.example/status/1#7"},
            {**SIGNED["credentialStatus"], "id": "https://sexto.example/status/1#8"},
        ],
    )
    answers = iter([StatusOutcome("passed", "not revoked"), StatusOutcome("failed", "revoked")])
    assert _failed(_verify(doc, status_check=lambda e: next(answers)), "status") == "revoked"
    asked: list[dict] = []
    passed = _verify(
        doc, status_check=lambda e: asked.append(e) or StatusOutcome("passed", "not revoked")
    )
    assert passed.verified is True and passed.check("status").status == "passed"
    assert passed.check("status").reason == "not revoked; not revoked"
    assert asked == doc["credentialStatus"]  # each entry, as written, goes to the checker
    skipped = _verify(doc, status_check=lambda e: StatusOutcome("skipped", "foreign"))
    assert skipped.check("status").reason == "foreign; foreign"
    both = iter([StatusOutcome("failed", "revoked"), StatusOutcome("failed", "suspended")])
    assert _failed(_verify(doc, status_check=lambda e: next(both)), "status") == (
        "revoked; suspended"
    )


def test_status_without_entries_or_without_checker_is_skipped_with_its_reason() -> None:
    unlisted = credential_sign(
        {k: v for k, v in common_shape(issuer=DID).items() if k != "credentialStatus"},
        private_key=KEY,
        verification_method=VM,
        created=CREATED,
    )
    result = _verify(unlisted, status_check=_raising)
    assert result.verified is True
    assert result.check("status").status == "skipped"
    assert result.check("status").reason == "the credential has no credentialStatus"
    offline = _verify(SIGNED)
    assert offline.check("status").status == "skipped"
    assert offline.check("status").reason == (
        "status list not available to this verifier (no network)"
    )


def test_a_skipped_status_does_not_fail_and_says_why() -> None:
    result = _verify(SIGNED, status_check=lambda e: StatusOutcome("skipped", "foreign list"))
    assert result.verified is True
    assert result.check("status").status == "skipped"
    assert result.check("status").reason == "foreign list"


@pytest.mark.parametrize(
    "entries",
    ["https://sexto.example/status/1#7", 7, [SIGNED["credentialStatus"], "x"], [[]]],
    ids=["a string", "a number", "a string in the list", "a list in the list"],
)
def test_malformed_status_entries_fail_even_without_a_status_checker(entries) -> None:
    doc = _signed(credentialStatus=entries)
    assert _verify(doc).check("proof").status == "passed"
    reason = _failed(_verify(doc), "status")
    assert reason == "credentialStatus must be an object or a list of objects"


def test_an_expired_credential_without_valid_from_fails() -> None:
    doc = _signed(validUntil="2025-01-01T00:00:00Z")
    doc = credential_sign(
        {k: v for k, v in doc.items() if k not in ("validFrom", "proof")},
        private_key=KEY,
        verification_method=VM,
        created=CREATED,
    )
    result = _verify(doc)
    assert result.check("validFrom").status == "skipped"
    assert result.check("validFrom").reason == "absent (VC 2.0 makes it optional)"
    assert _failed(result, "validUntil") == "expired on 2025-01-01T00:00:00Z"


def test_expiry_is_inclusive_and_the_start_is_not() -> None:
    at_expiry = _verify(_signed(validUntil="2025-06-01T00:00:00Z"))
    assert _failed(at_expiry, "validUntil") == "expired on 2025-06-01T00:00:00Z"
    at_start = _verify(_signed(validFrom="2025-06-01T00:00:00Z"))
    assert at_start.verified is True and at_start.check("validFrom").status == "passed"


@pytest.mark.parametrize("name", ["validFrom", "validUntil"])
@pytest.mark.parametrize(
    "value",
    ["yesterday", "2024-03-14T20:43:05", 20240314, "2024-13-14T20:43:05Z"],
    ids=["words", "no timezone", "a number", "month 13"],
)
def test_malformed_dates_fail(name: str, value) -> None:
    result = _verify(_signed(**{name: value}))
    assert result.check("proof").status == "passed"
    assert _failed(result, name) == f"{value!r} is not a date-time with a timezone"


def test_a_malformed_start_does_not_hide_an_expiry() -> None:
    result = _verify(_signed(validFrom="yesterday", validUntil="2025-01-01T00:00:00Z"))
    assert _failed(result, "validFrom") == "'yesterday' is not a date-time with a timezone"
    assert _failed(result, "validUntil") == "expired on 2025-01-01T00:00:00Z"


def test_a_malformed_proof_creation_date_fails_the_proof() -> None:
    doc = copy.deepcopy(SIGNED)
    doc["proof"]["created"] = "2024-03-14"  # no time, no timezone
    assert _failed(_verify(doc), "proof") == "proof.created '2024-03-14' is not a date-time"


def test_the_schema_check_fails_a_signed_credential_that_breaks_the_ob_schema() -> None:
    subject = copy.deepcopy(common_shape(issuer=DID)["credentialSubject"])
    subject["identifier"][0]["hashed"] = "yes"  # the schema wants a boolean
    result = _verify(_signed(credentialSubject=subject))
    assert result.check("proof").status == "passed"
    assert "'yes' is not of type 'boolean'" in _failed(result, "schema")


def test_a_single_type_string_still_gets_the_schema_check() -> None:
    # Not a list, and without VerifiableCredential: its VC terms are undefined, so the proof
    # is refused; the schema check must still run (and OB 3.0.3 wants an array of types).
    result = _verify({**SIGNED, "type": "OpenBadgeCredential"})
    assert "is not defined by the Open Badges 3.0" in _failed(result, "proof")
    assert "type: 'OpenBadgeCredential' is not of type 'array'" in _failed(result, "schema")


def test_without_the_bundled_schema_the_check_is_skipped_with_its_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sexto.credentials.ob3 import verify

    monkeypatch.setattr(verify, "schema_available", lambda: False)
    result = _verify(SIGNED)
    assert result.verified is True
    assert result.check("schema").status == "skipped"
    assert result.check("schema").reason == "the official OB 3.0 JSON Schema is not bundled"


def test_a_schema_validator_that_raises_fails_the_schema_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sexto.credentials.ob3 import verify

    def broken(document: dict) -> list[str]:
        raise RuntimeError("validator crashed")

    monkeypatch.setattr(verify, "schema_errors", broken)
    assert _failed(_verify(SIGNED), "schema") == "could not be validated: validator crashed"


def test_a_resolver_that_raises_fails_the_proof() -> None:
    def broken(method: str) -> None:
        raise RuntimeError("resolver crashed")

    reason = _failed(_verify(SIGNED, resolve_key=broken), "proof")
    assert reason == "could not be processed: RuntimeError: resolver crashed"


def test_a_proof_made_the_moment_its_key_was_retired_fails() -> None:
    resolve = _resolver(IssuerKey(KEY.public_key(), retired_at=CREATED))
    reason = _failed(_verify(SIGNED, resolve_key=resolve), "proof")
    assert reason == f"key {VM} was retired on 2024-03-14T20:43:05Z, before this proof"


def test_the_schema_check_skips_credentials_that_are_not_open_badges() -> None:
    result = _verify(_signed(type=["VerifiableCredential"]))
    assert result.verified is True
    assert result.check("schema").status == "skipped"
    assert result.check("schema").reason == "not an Open Badges credential"


def test_a_credential_given_as_text_or_bytes_is_parsed_and_verified() -> None:
    text = json.dumps(SIGNED)
    for given in (text, text.encode("utf-8")):
        result = _verify(given)
        assert result.verified is True, result.errors
        assert result.check("json").status == "passed"
        assert result.credential == SIGNED


@pytest.mark.parametrize(
    "given, words",
    [
        ("{not json", "malformed JSON"),
        (b"\xff\xfe", "malformed JSON"),
        ("[1, 2]", "a credential must be a JSON object"),
        (b'"text"', "a credential must be a JSON object"),
        ("[" * 100_000, "malformed JSON"),
    ],
    ids=["broken text", "not UTF-8", "a list", "a string", "nested past the recursion limit"],
)
def test_malformed_text_or_bytes_fail_the_json_check_and_nothing_else_runs(given, words) -> None:
    result = _verify(given)
    assert words in _failed(result, "json")
    assert [c.name for c in result.checks] == ["json"]


def test_a_proof_set_of_one_proof_verifies() -> None:
    doc = {**SIGNED, "proof": [SIGNED["proof"]]}
    assert _verify(doc).verified is True


def _other_proof(**change: Any) -> dict[str, Any]:
    proof = credential_sign(
        common_shape(issuer=DID, name="Another badge"),
        private_key=KEY,
        verification_method=VM,
        created=datetime(2024, 5, 1, tzinfo=UTC),
    )["proof"]
    # Signed over another document: on SIGNED its signature does not match.
    return {**proof, **change}


def test_a_proof_set_of_two_valid_proofs_verifies_and_names_both() -> None:
    again = credential_sign(
        unsecured(SIGNED),
        private_key=KEY,
        verification_method=VM,
        created=datetime(2024, 5, 2, tzinfo=UTC),
    )["proof"]
    result = _verify({**SIGNED, "proof": [SIGNED["proof"], again]})
    assert result.verified is True
    assert result.check("proof").reason.count("eddsa-rdfc-2022 signature by") == 2


@pytest.mark.parametrize(
    "proofs, words",
    [
        ("second does not match", "proof 2: the signature does not match"),
        ("unknown cryptosuite", "proof 2: unsupported proof 'DataIntegrityProof'/'bbs-2023'"),
        ("chain", "proof 2: proof chains (previousProof) are not supported"),
        ("none", "the proof set is empty"),
        ("not an object", "proof must be an object"),
    ],
)
def test_every_proof_of_a_set_must_verify(proofs: str, words: str) -> None:
    proof = {
        "second does not match": [SIGNED["proof"], _other_proof()],
        "unknown cryptosuite": [SIGNED["proof"], _other_proof(cryptosuite="bbs-2023")],
        "chain": [SIGNED["proof"], _other_proof(previousProof="urn:uuid:1")],
        "none": [],
        "not an object": ["z3proof"],
    }[proofs]
    assert _failed(_verify({**SIGNED, "proof": proof}), "proof").startswith(words)


@pytest.mark.parametrize(
    "change, words",
    [
        (
            {"type": "Ed25519Signature2020"},
            "unsupported proof 'Ed25519Signature2020'/'eddsa-rdfc-2022': "
            "only DataIntegrityProof with eddsa-rdfc-2022 is verified",
        ),
        (
            {"cryptosuite": "ecdsa-rdfc-2019"},
            "unsupported proof 'DataIntegrityProof'/'ecdsa-rdfc-2019': "
            "only DataIntegrityProof with eddsa-rdfc-2022 is verified",
        ),
        (
            {"proofPurpose": "authentication"},
            "proofPurpose must be assertionMethod, not 'authentication'",
        ),
        ({"verificationMethod": None}, "proof.verificationMethod is missing or not a string"),
        ({"proofValue": 12}, "proof.proofValue is missing or not a string"),
        ({"proofValue": "not-multibase"}, "proofValue is malformed"),
    ],
)
def test_each_proof_rule_fails_the_credential(change: dict, words: str) -> None:
    doc = copy.deepcopy(SIGNED)
    doc["proof"].update(change)
    assert words in _failed(_verify(doc), "proof")


def test_a_credential_without_proof_is_not_verified_even_if_every_other_check_passes() -> None:
    result = _verify({k: v for k, v in SIGNED.items() if k != "proof"})
    assert _failed(result, "proof") == "the credential has no proof"
    assert all(c.status != "failed" for c in result.checks if c.name != "proof")


def test_invalid_json_ld_fails_the_proof_with_pylds_first_line() -> None:
    doc = copy.deepcopy(SIGNED)
    doc["credentialSubject"]["id"] = 5  # an @id must be a string
    reason = _failed(_verify(doc), "proof")
    assert reason.startswith("invalid JSON-LD: ")
    assert "\n" not in reason


def test_a_resolver_may_answer_a_bare_public_key_whose_controller_is_the_method_did() -> None:
    assert _verify(SIGNED, resolve_key=lambda method: KEY.public_key()).verified is True
    other = credential_sign(
        common_shape(issuer="did:web:other.example:issuers:x"),
        private_key=KEY,
        verification_method=VM,
        created=CREATED,
    )
    reason = _failed(_verify(other, resolve_key=lambda method: KEY.public_key()), "proof")
    issuer = "'did:web:other.example:issuers:x'"
    assert reason == f"the key {VM} is not controlled by the issuer {issuer}"
