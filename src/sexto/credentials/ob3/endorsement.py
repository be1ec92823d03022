"""The OB 3.0 EndorsementCredential of an award (issue 17, "endorsement of the agreement"): the
service centre's issuer states that the member's school territory had a police–DPCP agreement in
force on the award's date. Pure builder (no Django): the caller names territory, police force and
words the comment in the credential's language; signing is the same eddsa-rdfc-2022 as badges.

Wired in ``credentials/endorsements.py`` (who endorses, the words, storage, embedding)."""

from __future__ import annotations

from typing import Any

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Defines 1EdTechJsonSchemaValidator2019 (see loader.OB_V3P0_EXTENSIONS).
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
ENDORSEMENT_SCHEMA_ID = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
)


def endorsement_unsigned(
    *,
    endorsement_id: str,
    endorsed_id: str,
    issuer_id: str,
    issuer_name: str,
    comment: str,
    name: str,
    valid_from: str,
    language: str,
    issuer_profile: dict[str, Any] | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """An unsigned EndorsementCredential of ``endorsed_id`` (the award's credential id);
    ``issuer_profile`` (a full OB ``Profile``) replaces the plain id-and-name issuer."""
    document: dict[str, Any] = {
        "@context": [VC_V2, OB_303, OB_EXTENSIONS],
        "id": endorsement_id,
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": name,
        "issuer": issuer_profile or {"id": issuer_id, "type": ["Profile"], "name": issuer_name},
        "validFrom": valid_from,
        "inLanguage": language,
        "credentialSubject": {
            "id": endorsed_id,
            "type": ["EndorsementSubject"],
            "endorsementComment": comment,
        },
        "credentialSchema": [
            {"id": ENDORSEMENT_SCHEMA_ID, "type": "1EdTechJsonSchemaValidator2019"}
        ],
    }
    if description:
        document["description"] = description
    return document
