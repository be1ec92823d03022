"""OID4VCI issuer and authorisation-server metadata, and the credential offer document."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sexto.credentials.links import public_url
from sexto.credentials.ob3.loader import OB_V3P0_303, OB_V3P0_EXTENSIONS, VC_V2
from sexto.credentials.wallet.links import credential_issuer

CONFIGURATION_ID = "OpenBadgeCredential"
PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def _endpoint(name: str) -> str:
    return public_url(reverse(f"credentials:{name}"))


def issuer_metadata() -> dict[str, Any]:
    """``/.well-known/openid-credential-issuer`` (OID4VCI 1.0 §12.2)."""
    display = []
    for language in ("fr", "en"):
        with translation.override(language):
            display.append({"name": _("Sexto: trained personnel"), "locale": language})
    return {
        "credential_issuer": credential_issuer(),
        "authorization_servers": [credential_issuer()],
        # Also here for wallets written against the drafts, which read it from this document.
        "token_endpoint": _endpoint("public_wallet_oid4vci_token"),
        "credential_endpoint": _endpoint("public_wallet_oid4vci_credential"),
        "nonce_endpoint": _endpoint("public_wallet_oid4vci_nonce"),
        "display": display,
        "credential_configurations_supported": {
            CONFIGURATION_ID: {
                "format": "ldp_vc",
                "scope": CONFIGURATION_ID,
                "cryptographic_binding_methods_supported": ["did:key", "jwk"],
                "credential_signing_alg_values_supported": ["eddsa-rdfc-2022"],
                "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["EdDSA"]}},
                "credential_definition": {
                    "@context": [VC_V2, OB_V3P0_303, OB_V3P0_EXTENSIONS],
                    "type": ["VerifiableCredential", "OpenBadgeCredential"],
                },
                "display": display,
            }
        },
    }


def authorization_server_metadata() -> dict[str, Any]:
    """``/.well-known/oauth-authorization-server`` (RFC 8414): the token endpoint only."""
    return {
        "issuer": credential_issuer(),
        "token_endpoint": _endpoint("public_wallet_oid4vci_token"),
        "grant_types_supported": [PRE_AUTHORIZED_GRANT],
        "pre-authorized_grant_anonymous_access_supported": True,
        "response_types_supported": [],
    }


def credential_offer(code: str) -> dict[str, Any]:
    """The offer a wallet fetches from ``credential_offer_uri`` (OID4VCI 1.0 §4.1.1)."""
    return {
        "credential_issuer": credential_issuer(),
        "credential_configuration_ids": [CONFIGURATION_ID],
        "grants": {PRE_AUTHORIZED_GRANT: {"pre-authorized_code": code}},
    }
