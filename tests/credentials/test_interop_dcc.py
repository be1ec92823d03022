"""DCC verifier-core (``@digitalcredentials/verifier-core``, what the Learner Credential Wallet
and VerifierPlus run) on our OB 3.0 credentials, offline (``interop/dcc_verify.mjs``): signature,
status list, expiry and the OB 3.0.3 JSON Schema (its own ajv run, on the schema our
credentials name) — on the stored credential and on what an independent extractor (openbadgeslib)
takes out of our baked PNG and SVG. See docs/interop.md.

"registered_issuer: false" is expected: the test gives verifier-core no issuer registry (the DCC
registries are online and do not list our test issuers); it is information, not a failure.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from openbadgeslib import baking as independent

from sexto.credentials import services
from sexto.credentials.models import Award
from sexto.directory.models import User
from tests.credentials.interop.dcc import (
    AVAILABLE,
    dcc_verify,
    schema_results,
    site_documents,
    step,
)

pytestmark = pytest.mark.skipif(
    not AVAILABLE, reason="node and the npm devDependencies (npm ci) are needed"
)


def _accepted(output: dict[str, Any]) -> None:
    result = output["result"]
    assert not result.get("errors"), result.get("errors")
    for step_id in ("valid_signature", "revocation_status", "expiration"):
        assert (step(result, step_id) or {}).get("valid") is True, (step_id, result)
    schemas = schema_results(result)
    assert [s["schema"] for s in schemas] == [
        "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
    ]
    assert schemas[0]["result"]["valid"] is True, schemas[0]["result"].get("errors")
    assert output["refused"] == []  # everything it asked for was ours or bundled: no network


def test_dcc_verifier_core_accepts_our_credential_and_its_ob303_schema(award: Award) -> None:
    signed = json.loads(services.credential_for(award).signed)
    output = dcc_verify(signed)
    _accepted(output)
    assert "evidence" in signed and signed["inLanguage"]
    assert signed["issuer"]["id"].startswith("did:web:")
    registry = step(output["result"], "registered_issuer")
    assert registry is not None and registry["valid"] is False  # no registry given: unknown
    assert any(url.endswith("/did.json") for url in output["fetched"])
    assert signed["credentialStatus"]["statusListCredential"] in output["fetched"]


def test_dcc_verifier_core_refuses_a_tampered_copy(award: Award) -> None:
    signed = json.loads(services.credential_for(award).signed)
    forged = copy.deepcopy(signed)
    forged["credentialSubject"]["achievement"]["name"] = "Sexto — niveau inventé"
    errors = dcc_verify(forged)["result"].get("errors") or []
    assert [e["name"] for e in errors] == ["invalid_signature"]


def test_dcc_verifier_core_reports_a_revoked_credential(
    award: Award, people: dict[str, User]
) -> None:
    signed = json.loads(services.credential_for(award).signed)
    services.credential_revoke(award=award, actor=people["trainer"], reason="Erreur de saisie.")
    result = dcc_verify(signed)["result"]  # the status list as our server now serves it
    assert (step(result, "valid_signature") or {}).get("valid") is True
    assert (step(result, "revocation_status") or {}).get("valid") is False, result


def test_dcc_verifier_core_accepts_what_an_extractor_takes_out_of_our_baked_images(
    award: Award,
) -> None:
    client = Client()
    png = client.get(f"/credentials/{award.pk}/badge.png").content
    svg = client.get(f"/credentials/{award.pk}/badge.svg").content
    from_png = independent.extract_png(png, keyword=independent.ITXT_KEYWORD_OB3)
    from_svg = independent.extract_svg(svg, element=independent.SVG_ELEMENT_OB3, text_fallback=True)
    assert from_png and from_svg
    _accepted(dcc_verify(from_png))
    _accepted(dcc_verify(from_svg))


def test_dcc_verifier_core_refuses_a_credential_without_the_extensions_context(
    award: Award,
) -> None:
    """Why our credentials name ``…/ob/v3p0/extensions.json``: without it,
    ``1EdTechJsonSchemaValidator2019`` is undefined and safe-mode JSON-LD stops there."""
    signed = json.loads(services.credential_for(award).signed)
    signed["@context"] = signed["@context"][:2]
    errors = dcc_verify(signed)["result"].get("errors") or []
    assert errors and errors[0]["name"] == "jsonld.ValidationError"
    assert errors[0]["details"]["event"]["details"]["type"] == "1EdTechJsonSchemaValidator2019"


def test_dcc_verifier_core_accepts_the_copy_a_wallet_receives(award: Award) -> None:
    """The holder-bound copy (``credentialSubject.id`` = the wallet's DID) keeps our shape:
    the OB 3.0.3 schema wants ``proof`` as an array."""
    from sexto.credentials.wallet.services import holder_credential_sign

    holder = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    copy_ = holder_credential_sign(award=award, holder_did=holder)
    assert copy_["credentialSubject"]["id"] == holder
    _accepted(dcc_verify(copy_))


def test_dcc_verifier_core_refuses_a_stale_pre_revocation_list_past_its_valid_until(
    award: Award, people: dict[str, User]
) -> None:
    """A copy of the status list taken before the revocation says "not revoked" while it is
    valid; past its ``validUntil`` verifier-core refuses it (status_list_expired)."""
    signed = json.loads(services.credential_for(award).signed)
    stale = site_documents(signed)
    services.credential_revoke(award=award, actor=people["trainer"], reason="Erreur de saisie.")
    list_url = signed["credentialStatus"]["statusListCredential"]
    valid_until = datetime.fromisoformat(stale[list_url]["validUntil"])
    inside = (valid_until - timedelta(minutes=5)).isoformat()
    after = (valid_until + timedelta(minutes=5)).isoformat()

    within = dcc_verify(signed, documents=stale, now=inside)["result"]
    assert (step(within, "revocation_status") or {}).get("valid") is True  # why validUntil exists
    expired = dcc_verify(signed, documents=stale, now=after)["result"]
    status = step(expired, "revocation_status") or {}
    assert status.get("error", {}).get("name") == "status_list_expired", expired
    fresh = dcc_verify(signed, now=inside)["result"]  # the list as our server serves it now
    assert (step(fresh, "revocation_status") or {}).get("valid") is False
