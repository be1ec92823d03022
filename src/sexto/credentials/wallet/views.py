"""Wallet issuance pages and endpoints: "Add to a wallet" (the member's page: QR codes and deep
links), the VC-API exchange, and OID4VCI's metadata, offer, token, nonce and credential
endpoints. Wallet endpoints answer JSON; their errors are RFC 9457 problem details (with the
OAuth ``error`` code too, which OID4VCI clients read)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sexto.core.errors import DomainError
from sexto.credentials import members
from sexto.credentials.attestation import award_badge_name, qr_svg
from sexto.credentials.wallet import links, metadata, services
from sexto.credentials.wallet.models import WalletOffer
from sexto.directory.selectors import signed_in_user

_OAUTH_ERRORS = {400: "invalid_request", 401: "invalid_token", 404: "invalid_grant",
                 409: "invalid_grant", 410: "invalid_grant"}  # fmt: skip


def _problem(exc: DomainError, *, proof_error: bool = False) -> JsonResponse:
    status = int(exc.status)
    error = "invalid_proof" if proof_error and status == 400 else _OAUTH_ERRORS.get(status, "")
    body = {
        "type": "about:blank",
        "title": str(exc),
        "status": status,
        "detail": str(exc),
        "error": error or "invalid_request",
        "error_description": str(exc),
    }
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    response["Cache-Control"] = "no-store"
    return response


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _body(request: HttpRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise services.OfferRefused("The request body is not JSON.") from None
    if not isinstance(data, dict):
        raise services.OfferRefused("The request body must be a JSON object.")
    return data


def _answer(call: Callable[[], dict[str, Any]], *, proof_error: bool = False) -> HttpResponse:
    try:
        return _json(call())
    except DomainError as exc:
        return _problem(exc, proof_error=proof_error)


# -- The member's page ---------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def wallet_offer(request: HttpRequest, award_id: UUID) -> HttpResponse:
    """GET: what adding to a wallet means, and a button. POST: two fresh offers (VC-API for the
    Learner Credential Wallet, OID4VCI for others), their QR codes and deep links."""
    award = members.award_get_for_attestation(
        user=request.user, award_id=award_id, public_handle=None
    )
    language = (translation.get_language() or "fr")[:2]
    context: dict[str, Any] = {"award": award, "badge_name": award_badge_name(award, language)}
    if request.method == "POST":
        try:
            user = signed_in_user(request)
            vcapi, vcapi_secret = services.wallet_offer_create(
                award=award, actor=user, protocol=WalletOffer.Protocol.VCAPI
            )
            oid, oid_secret = services.wallet_offer_create(
                award=award, actor=user, protocol=WalletOffer.Protocol.OID4VCI
            )
        except DomainError as exc:
            context["error"] = str(exc)
            return render(request, "credentials/wallet_offer.html", context, status=409)
        lcw = links.lcw_deep_link(vcapi, vcapi_secret)
        oid4vci = links.oid4vci_deep_link(oid, oid_secret)
        minutes = int(services.OFFER_LIFETIME.total_seconds() // 60)
        context.update(
            {
                "offered": True,
                "lcw_link": lcw,
                "lcw_legacy_link": links.lcw_legacy_deep_link(vcapi, vcapi_secret),
                "lcw_qr": qr_svg(lcw),
                "oid4vci_link": oid4vci,
                "oid4vci_qr": qr_svg(oid4vci),
                "expires_at": timezone.localtime(vcapi.expires_at),
                "minutes": minutes,
            }
        )
    return render(request, "credentials/wallet_offer.html", context)


# -- VC-API exchange -----------------------------------------------------------------------


@csrf_exempt  # a wallet, not a browser form; the capability is the URL's secret
@require_POST
def exchange(request: HttpRequest, offer_id: UUID, secret: str) -> HttpResponse:
    """POST {} → a DIDAuthentication request; POST {verifiablePresentation} → the credential.
    A bare presentation (the older LCW flow) is taken as the second step."""

    def run() -> dict[str, Any]:
        body = _body(request)
        presentation = body.get("verifiablePresentation")
        if presentation is None and "proof" in body:
            presentation = body
        if presentation is None:
            return services.vcapi_presentation_request(offer_id=offer_id, secret=secret)
        return services.vcapi_exchange_complete(
            offer_id=offer_id, secret=secret, presentation=presentation
        )

    return _answer(run)


# -- OID4VCI -------------------------------------------------------------------------------


@require_GET
def issuer_metadata(request: HttpRequest) -> HttpResponse:
    return JsonResponse(metadata.issuer_metadata())


@require_GET
def authorization_server_metadata(request: HttpRequest) -> HttpResponse:
    return JsonResponse(metadata.authorization_server_metadata())


@require_GET
def oid4vci_offer(request: HttpRequest, offer_id: UUID, secret: str) -> HttpResponse:
    """The credential offer behind ``credential_offer_uri``."""

    def run() -> dict[str, Any]:
        services.oid4vci_offer_get(offer_id=offer_id, secret=secret)
        return metadata.credential_offer(secret)

    return _answer(run)


@csrf_exempt  # OAuth token endpoint: form-encoded POST from a wallet
@require_POST
def oid4vci_token(request: HttpRequest) -> HttpResponse:
    def run() -> dict[str, Any]:
        if request.POST.get("grant_type") != metadata.PRE_AUTHORIZED_GRANT:
            raise services.OfferRefused("grant_type must be the pre-authorized_code grant.")
        return services.oid4vci_token(code=request.POST.get("pre-authorized_code", ""))

    return _answer(run)


def _bearer(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() in ("bearer", "dpop") else ""


@csrf_exempt  # a wallet; the nonce endpoint takes no authentication (OID4VCI 1.0 §7)
@require_POST
def oid4vci_nonce(request: HttpRequest) -> HttpResponse:
    def run() -> dict[str, Any]:
        return {"c_nonce": services.oid4vci_nonce()}

    return _answer(run)


def _proof_jwt(body: dict[str, Any]) -> str:
    # OID4VCI 1.0: {"proofs": {"jwt": [..]}}; the drafts: {"proof": {"proof_type": "jwt", ..}}.
    proofs = body.get("proofs")
    if isinstance(proofs, dict) and isinstance(proofs.get("jwt"), list) and proofs["jwt"]:
        return str(proofs["jwt"][0])
    proof = body.get("proof")
    if isinstance(proof, dict) and proof.get("proof_type") == "jwt":
        return str(proof.get("jwt", ""))
    raise services.OfferRefused("The request carries no jwt proof.")


@csrf_exempt  # a wallet with a bearer token
@require_POST
def oid4vci_credential(request: HttpRequest) -> HttpResponse:
    def run() -> dict[str, Any]:
        access_token = _bearer(request)
        if not access_token:
            raise services.OfferRefused("An access token is required.", status=401)
        body = _body(request)
        wanted = body.get("credential_configuration_id")
        if wanted is None and body.get("format") not in (None, "ldp_vc"):
            raise services.OfferRefused("Only ldp_vc OpenBadgeCredential is issued.")
        if wanted not in (None, metadata.CONFIGURATION_ID):
            raise services.OfferRefused("Only the OpenBadgeCredential configuration is issued.")
        return services.oid4vci_credential(
            access_token=access_token,
            proof_jwt=_proof_jwt(body),
            audience=links.credential_issuer(),
        )

    return _answer(run, proof_error=True)
