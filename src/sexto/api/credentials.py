"""API: verify any Open Badges 3.0 credential (public, no sign-in).

The body is the credential itself (or ``{"credential": {…}}``), read by the service and not by a
schema: malformed JSON, unknown contexts and odd shapes are verification results, not 422s.
Limits (settings.RATE_LIMITS, REQUEST_BODY_LIMITS) target the url name ``api:credential_verify``.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from sexto.api.problems import problems
from sexto.credentials.binding import issuer_classification
from sexto.credentials.links import credential_url, verify_url
from sexto.credentials.ob3.verify import issuer_id_of
from sexto.credentials.renewal import credential_renewed_by
from sexto.credentials.verification import credential_verify_submitted

router = Router(tags=["credentials"])


class CheckOut(Schema):
    name: str = Field(description="json, proof, issuer, validFrom, validUntil, status or schema")
    status: Literal["passed", "failed", "skipped"]
    reason: str


class IssuerOut(Schema):
    id: str | None = Field(description="The issuer's DID as the credential names it")
    kind: Literal["sexto", "known", "unknown"] = Field(
        description="sexto: an issuer of this site; known: another issuer this site's "
        "administrators know; unknown: neither"
    )
    description: str


class EndorsementOut(Schema):
    verified: bool = Field(description="True when the endorsement's own checks all hold")
    checks: list[CheckOut] = Field(
        description="As the credential's, plus subject: the endorsement speaks of this credential"
    )


class RenewedByOut(Schema):
    id: str = Field(description="The new credential's id (its URL)")
    verify_url: str = Field(description="Its public verification page")
    valid_from: str = Field(description="When the new credential was issued (ISO 8601, UTC)")


class VerifyOut(Schema):
    verified: bool = Field(description="True when the proof passed and no check failed")
    checks: list[CheckOut]
    issuer: IssuerOut | None = None
    endorsements: list[EndorsementOut] = Field(
        default_factory=list,
        description="Each embedded OB 3.0 endorsement, verified on its own; a failed endorsement "
        "never makes the credential itself fail",
    )
    renewed_by: RenewedByOut | None = Field(
        default=None,
        description="A verified credential of this site that was renewed: the credential that "
        "renewed it. The renewed one stays valid until its own validUntil.",
    )


_BODY_DOC = {
    "requestBody": {
        "required": True,
        "description": 'An OB 3.0 credential, or {"credential": {…}}; 256 KB at most.',
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


@router.post(
    "/credentials/verify",
    auth=None,
    url_name="credential_verify",
    response={200: VerifyOut, **problems(413, 429)},
    summary="Verify an Open Badges 3.0 credential: which checks passed and which failed",
    openapi_extra=_BODY_DOC,
)
def credential_verify(request: HttpRequest) -> VerifyOut:
    """Ours (issuer did:web resolved from our database) or foreign (did:key). Foreign status
    lists are skipped (no network). Always 200 with ``verified`` and the checks."""
    result = credential_verify_submitted(request.body)
    body = result.as_dict()
    if result.credential is not None:
        issuer_id = issuer_id_of(result.credential)
        kind, words = issuer_classification(issuer_id)
        body["issuer"] = {"id": issuer_id, "kind": kind, "description": words}
        renewed_by = credential_renewed_by(result.credential.get("id"))
        if result.verified and kind == "sexto" and renewed_by is not None:
            body["renewed_by"] = {
                "id": credential_url(renewed_by.pk),
                "verify_url": verify_url(renewed_by.pk),
                "valid_from": renewed_by.issued_at.astimezone(datetime.UTC).isoformat(),
            }
    return VerifyOut.model_validate(body)
