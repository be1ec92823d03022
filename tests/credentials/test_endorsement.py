"""The agreement's EndorsementCredential: OB 3.0.3 schema, signed and verified like a badge."""

from __future__ import annotations

import copy

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sexto.credentials.ob3 import credential_sign, credential_verify, key_resolver
from sexto.credentials.ob3.endorsement import endorsement_unsigned
from sexto.credentials.ob3.keys import did_key_for
from sexto.credentials.ob3.schema import schema_errors


def _endorsement() -> dict:
    return endorsement_unsigned(
        endorsement_id="https://sexto.test/endorsements/6f0c2a4e-8d1b-4c3a-9e55-0a1b2c3d4e5f",
        endorsed_id="https://sexto.test/credentials/8d0f6c2e-1b7a-4a8e-9b35-0f3c6f1d2a11",
        issuer_id="did:web:sexto.test:issuers:css-des-sommets",
        issuer_name="Centre de services scolaire des Sommets",
        comment=(
            "Le territoire de l’école du membre (Magog, Sûreté du Québec) avait une entente "
            "police–DPCP en vigueur le 14 mars 2024."
        ),
        name="Entente police–DPCP en vigueur",
        valid_from="2024-03-14T20:43:05Z",
        language="fr",
    )


def test_the_endorsement_follows_the_3_0_3_schema() -> None:
    assert schema_errors(_endorsement()) == []
    broken = _endorsement()
    del broken["credentialSubject"]["type"]
    assert schema_errors(broken)


def test_the_endorsement_signs_and_verifies_and_tampering_is_caught() -> None:
    private = Ed25519PrivateKey.generate()
    did = did_key_for(private.public_key())
    document = _endorsement()
    document["issuer"]["id"] = did
    signed = credential_sign(
        document,
        private_key=private,
        verification_method=f"{did}#{did.removeprefix('did:key:')}",
        created="2024-03-14T20:43:05Z",
        proof_as_array=True,
    )
    resolver = key_resolver(lambda _did: None)
    result = credential_verify(signed, resolve_key=resolver)
    assert result.verified, result.errors
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["endorsementComment"] = "Aucune entente."
    assert not credential_verify(tampered, resolve_key=resolver).verified
