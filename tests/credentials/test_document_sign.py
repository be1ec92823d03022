"""``signing.document_sign``: the one way badges, status lists and wallet copies are signed."""

from __future__ import annotations

import datetime

from sexto.credentials.links import issuer_did
from sexto.credentials.ob3.dataintegrity import proof_signature_valid
from sexto.credentials.ob3.keys import public_key_from_multibase
from sexto.credentials.ob3.loader import VC_V2
from sexto.credentials.signing import document_sign, issuer_key_active
from sexto.directory.models import Organisation


def _document() -> dict[str, object]:
    return {
        "@context": [VC_V2],
        "id": "https://sexto.test/credentials/x",
        "type": ["VerifiableCredential"],
        "issuer": "did:web:sexto.test:issuers:x",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:1", "name": "Ana\x07 Santos"},
    }


def test_document_sign_makes_a_proof_our_verifier_accepts_in_either_form(db: None) -> None:
    organisation = Organisation.objects.create(
        name="CADRE21", slug="cadre21", kind=Organisation.Kind.TRAINING_PROVIDER
    )
    key = issuer_key_active(organisation)
    did = issuer_did(organisation)
    created = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)
    as_object = document_sign(key=key, document=_document(), did=did, created=created)
    as_array = document_sign(
        key=key, document=_document(), did=did, created=created, proof_as_array=True
    )
    assert isinstance(as_object["proof"], dict) and isinstance(as_array["proof"], list)
    assert as_object["proof"]["verificationMethod"] == f"{did}#{key.public_key_multibase}"
    assert as_object["proof"]["created"] == "2026-01-02T00:00:00Z"
    assert as_object["credentialSubject"]["name"] == "Ana Santos"  # control character removed
    public = public_key_from_multibase(key.public_key_multibase)
    assert proof_signature_valid(as_object, public)
