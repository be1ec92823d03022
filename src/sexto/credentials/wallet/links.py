"""The URLs a wallet is given: exchange and offer capability URLs, LCW deep links, the
OID4VCI offer URI; all from ``PUBLIC_BASE_URL`` (a phone must reach them)."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from django.urls import reverse

from sexto.credentials.links import public_url
from sexto.credentials.wallet.models import WalletOffer

LCW_BASE = "https://lcw.app/request"


def credential_issuer() -> str:
    """The OID4VCI Credential Issuer Identifier (its metadata is under /.well-known/)."""
    return public_url("")


def exchange_url(offer: WalletOffer, secret: str) -> str:
    return public_url(
        reverse(
            "credentials:public_wallet_exchange", kwargs={"offer_id": offer.pk, "secret": secret}
        )
    )


def lcw_deep_link(offer: WalletOffer, secret: str) -> str:
    """The Learner Credential Wallet's deep link (DCC ``request`` form, VC-API protocol)."""
    request = {
        "credentialRequestOrigin": public_url(""),
        "protocols": {"vcapi": exchange_url(offer, secret)},
    }
    return f"{LCW_BASE}?request={quote(json.dumps(request, separators=(',', ':')), safe='')}"


def lcw_legacy_deep_link(offer: WalletOffer, secret: str) -> str:
    """The older LCW deep link (``request.html?issuer=…&vc_request_url=…``)."""
    query = {
        "issuer": public_url(""),
        "auth_type": "bearer",
        "challenge": offer.challenge,
        "vc_request_url": exchange_url(offer, secret),
    }
    return f"{LCW_BASE}.html?{urlencode(query)}"


def oid4vci_offer_uri(offer: WalletOffer, secret: str) -> str:
    return public_url(
        reverse(
            "credentials:public_wallet_oid4vci_offer",
            kwargs={"offer_id": offer.pk, "secret": secret},
        )
    )


def oid4vci_deep_link(offer: WalletOffer, secret: str) -> str:
    """``openid-credential-offer://?credential_offer_uri=…`` (OID4VCI 1.0 §4.1.3)."""
    return "openid-credential-offer://?" + urlencode(
        {"credential_offer_uri": oid4vci_offer_uri(offer, secret)}
    )
