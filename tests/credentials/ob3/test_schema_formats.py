"""Format checks (date-time, date) in both schema paths: the Rust fast path (jsonschema-rs) and
the Python fallback (jsonschema + FormatChecker) refuse and accept the same documents, with the
errors at the same places."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sexto.credentials.ob3 import schema
from tests.credentials.ob3.ob3_factory import common_shape


def _good() -> dict[str, Any]:
    document = common_shape()
    document["proof"] = [
        {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2024-03-14T20:43:05Z",
            "verificationMethod": "did:key:z6Mk#z6Mk",
            "proofPurpose": "assertionMethod",
            "proofValue": "z3",
        }
    ]
    return document


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(_good())
    target: Any = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return document


BAD = [
    (("validFrom",), "yesterday"),
    (("validFrom",), "2024-03-14T20:43:05"),  # no timezone
    (("validFrom",), "2024-03-14 20:43:05Z"),  # a space, not T
    (("validFrom",), "2024-02-30T00:00:00Z"),  # no such day
    (("validUntil",), "2024-13-01T00:00:00Z"),
    (("awardedDate",), "14/03/2024"),
    (("proof", 0, "created"), "2024-03-14"),
    (("issuer", "dateOfBirth"), "2024-1-1"),
    (("issuer", "dateOfBirth"), "2024-02-30"),
]
GOOD = [
    (("validFrom",), "2024-03-14T20:43:05+02:00"),
    (("validFrom",), "2024-03-14t20:43:05.123z"),  # rfc3339-validator alone refuses this one
    (("validFrom",), "2016-12-31T23:59:60Z"),  # a leap second (RFC 3339)
    (("issuer", "dateOfBirth"), "1980-02-29"),
]


def _rust_paths(document: dict[str, Any]) -> set[str]:
    fast = schema._fast_validator()
    return {
        "/".join(str(p) for p in e.instance_path) or "(root)"
        for e in fast.iter_errors(schema._as_published(document))
    }


def _python_paths(document: dict[str, Any]) -> set[str]:
    return {error.split(":", 1)[0] for error in schema.python_errors(document)}


def test_the_reference_document_conforms_on_both_paths() -> None:
    assert schema.python_errors(_good()) == []
    assert schema.fast_conforms(_good()) in (True, None)


@pytest.mark.parametrize("path, value", BAD, ids=lambda v: str(v))
def test_a_bad_format_is_refused_by_both_paths_at_the_same_place(
    path: tuple[Any, ...], value: str
) -> None:
    document = _with(path, value)
    # The issuer is "a URI or a Profile" (oneOf): a bad Profile field is reported at the issuer.
    where = "issuer" if path[0] == "issuer" else "/".join(str(p) for p in path)
    errors = schema.python_errors(document)
    assert len(errors) == 1 and errors[0].startswith(f"{where}: ")
    if where != "issuer":
        assert errors[0] in (f"{where}: {value!r} is not a 'date-time'",)
    if schema._fast_validator() is None:
        pytest.skip("jsonschema-rs is not installed")
    assert schema.fast_conforms(document) is False
    assert _rust_paths(document) == _python_paths(document) == {where}


@pytest.mark.parametrize("path, value", GOOD, ids=lambda v: str(v))
def test_a_good_format_is_accepted_by_both_paths(path: tuple[Any, ...], value: str) -> None:
    document = _with(path, value)
    assert schema.python_errors(document) == []
    assert schema.fast_conforms(document) in (True, None)


@pytest.mark.parametrize("path, value", BAD, ids=lambda v: str(v))
def test_without_the_fast_path_schema_errors_still_refuse_bad_formats(
    monkeypatch: pytest.MonkeyPatch, path: tuple[Any, ...], value: str
) -> None:
    monkeypatch.setattr(schema, "_fast_validator", lambda path=None: None)
    assert schema.schema_errors(_with(path, value))
    assert schema.schema_errors(_good()) == []


def test_the_python_fallback_checks_date_time_at_all() -> None:
    # jsonschema skips "date-time" silently when rfc3339-validator is missing: not here.
    assert {"date", "date-time"} <= set(schema.FORMAT_CHECKER.checkers)


def _endorsement() -> dict[str, Any]:
    return {
        "@context": common_shape()["@context"],
        "id": "urn:uuid:5f0a5b1e-6d4e-4c1a-9a55-6d0d2b9f6a01",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Entente police–DPCP en vigueur",
        "issuer": {"id": "did:web:sexto.example:issuers:css", "type": ["Profile"]},
        "validFrom": "2024-03-14T20:43:05Z",
        "credentialSubject": {
            "id": "https://sexto.example/credentials/8d0f6c2e-1b7a-4a8e-9b35-0f3c6f1d2a11",
            "type": ["EndorsementSubject"],
            "endorsementComment": "L’entente était en vigueur à cette date.",
        },
    }


def test_an_endorsement_is_checked_against_the_endorsement_schema() -> None:
    assert schema.schema_errors(_endorsement()) == []
    bad = {**_endorsement(), "validFrom": "hier"}
    assert schema.python_errors(bad) == ["validFrom: 'hier' is not a 'date-time'"]
    assert schema.fast_conforms(bad) in (False, None)
    # Not an AchievementSubject: the achievement schema would have refused it.
    assert schema.python_errors({**_endorsement(), "type": ["VerifiableCredential"]})
