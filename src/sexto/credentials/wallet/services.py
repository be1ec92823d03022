"""Wallet issuance: an award offered once to a wallet, by a VC-API exchange (Learner Credential
Wallet) or an OID4VCI pre-authorised-code offer. Each offer expires, is used once, and every
step (created, redeemed, refused) is audited. The credential the wallet gets is the award's,
re-signed for the holder's DID with the same status entry (revoking the award revokes it)."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, DomainError, NotFoundOrForbidden
from sexto.credentials.links import issuer_did
from sexto.credentials.models import Award
from sexto.credentials.services import credential_for
from sexto.credentials.signing import document_sign, issuer_key_active
from sexto.credentials.wallet.models import WalletOffer
from sexto.credentials.wallet.proofs import (
    HolderProofRefused,
    jwt_nonce,
    jwt_proof_holder,
    presentation_holder,
)
from sexto.directory.types import Actor

OFFER_LIFETIME = timedelta(minutes=10)
NONCE_LIFETIME = timedelta(minutes=5)
_NONCES = signing.TimestampSigner(salt="sexto.credentials.wallet.c_nonce")

P = ParamSpec("P")
R = TypeVar("R")


class OfferRefused(DomainError):
    """An offer that cannot be redeemed (expired, used, wrong secret, bad proof). ``offer``
    and ``reason`` are kept so the refusal is audited once the transaction has rolled back."""

    status = 400

    def __init__(
        self, message: str, *, offer: WalletOffer | None = None, reason: str = "", status: int = 400
    ) -> None:
        super().__init__(message)
        self.offer = offer
        self.reason = reason
        self.status = status


def _audited_refusals(func: Callable[P, R]) -> Callable[P, R]:
    # Outside the service's transaction, so the refusal's audit event is not rolled back.
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except OfferRefused as exc:
            if exc.offer is not None:
                audit_record(
                    actor=None,
                    action="credentials.wallet_offer.refuse",
                    target=exc.offer.award,
                    changes={"offer": str(exc.offer.pk), "reason": exc.reason},
                )
            raise

    return wrapper


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def wallet_domain() -> str:
    """The domain a holder's presentation must name: this site's host."""
    return urlsplit(str(settings.PUBLIC_BASE_URL)).netloc


def wallet_offer_create(*, award: Award, actor: Actor, protocol: str) -> tuple[WalletOffer, str]:
    """A new offer of the member's own award, and its secret (shown once, in the QR code)."""
    if award.recipient_id != getattr(actor, "pk", None):
        raise NotFoundOrForbidden(_("No such badge."))
    if protocol not in WalletOffer.Protocol.values:
        raise DomainError(_("Unknown wallet protocol."))
    issued = credential_for(award)
    if issued.revoked_at is not None:
        raise Conflict(_("A revoked badge cannot be added to a wallet."))
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        offer = WalletOffer.objects.create(
            award=award,
            created_by=actor,
            protocol=protocol,
            secret_hash=_hash(secret),
            challenge=secrets.token_urlsafe(24),
            created_at=now,
            expires_at=now + OFFER_LIFETIME,
        )
        audit_record(
            actor=actor,
            action="credentials.wallet_offer.create",
            target=award,
            changes={"offer": str(offer.pk), "protocol": protocol},
        )
    return offer, secret


def _refuse(offer: WalletOffer, message: str, reason: str, status: int = 400) -> OfferRefused:
    return OfferRefused(message, offer=offer, reason=reason, status=status)


def _usable(offer: WalletOffer) -> None:
    if offer.redeemed_at is not None:
        raise _refuse(offer, _("This offer was already used. Make a new one."), "used", 409)
    if offer.expires_at <= timezone.now():
        raise _refuse(offer, _("This offer has expired. Make a new one."), "expired", 410)
    issued = credential_for(offer.award)
    if issued.revoked_at is not None:
        raise _refuse(offer, _("This badge was revoked."), "revoked", 410)


def holder_credential_sign(*, award: Award, holder_did: str) -> dict[str, Any]:
    """The award's credential re-signed for ``holder_did`` (``credentialSubject.id``): same
    id, texts and status entry, a fresh proof by the issuer's active key."""
    issued = credential_for(award)
    document = copy.deepcopy(json.loads(issued.signed))
    document.pop("proof", None)
    document["credentialSubject"] = {"id": holder_did, **document["credentialSubject"]}
    key = issuer_key_active(issued.organisation)
    return document_sign(
        key=key,
        document=document,
        did=issuer_did(issued.organisation),
        created=timezone.now(),
        proof_as_array=True,  # the OB 3.0.3 schema's form, as the stored credential
    )


def _redeem(offer: WalletOffer, holder: str) -> dict[str, Any]:
    credential = holder_credential_sign(award=offer.award, holder_did=holder)
    offer.redeemed_at = timezone.now()
    offer.holder_did = holder
    offer.signed = json.dumps(credential, ensure_ascii=False)
    offer.save(update_fields=["redeemed_at", "holder_did", "signed"])
    audit_record(
        actor=None,
        action="credentials.wallet_offer.redeem",
        target=offer.award,
        changes={"offer": str(offer.pk), "protocol": offer.protocol, "holder": holder},
    )
    return credential


def _locked(offer_id: UUID | str, **filters: Any) -> WalletOffer | None:
    return (
        WalletOffer.objects.select_for_update()
        .select_related("award__recipient")
        .filter(pk=offer_id, **filters)
        .first()
    )


# -- VC-API exchange -----------------------------------------------------------------------


@_audited_refusals
def vcapi_presentation_request(*, offer_id: UUID, secret: str) -> dict[str, Any]:
    """The exchange's first answer: a DIDAuthentication VerifiablePresentationRequest."""
    offer = WalletOffer.objects.filter(
        pk=offer_id, protocol=WalletOffer.Protocol.VCAPI, secret_hash=_hash(secret)
    ).first()
    if offer is None:
        raise OfferRefused(_("No such offer."), status=404)
    _usable(offer)
    return {
        "verifiablePresentationRequest": {
            "query": [{"type": "DIDAuthentication", "acceptedMethods": [{"method": "key"}]}],
            "challenge": offer.challenge,
            "domain": wallet_domain(),
            "interact": {"service": []},
        }
    }


@_audited_refusals
def vcapi_exchange_complete(*, offer_id: UUID, secret: str, presentation: Any) -> dict[str, Any]:
    """The holder's signed presentation in, the holder-bound credential out (in a
    VerifiablePresentation). Single use: a second call is refused."""
    with transaction.atomic():
        offer = _locked(offer_id, protocol=WalletOffer.Protocol.VCAPI, secret_hash=_hash(secret))
        if offer is None:
            raise OfferRefused(_("No such offer."), status=404)
        _usable(offer)
        try:
            holder = presentation_holder(
                presentation, challenge=offer.challenge, domain=wallet_domain()
            )
        except HolderProofRefused as exc:
            raise _refuse(offer, _("The wallet's proof was refused: %s") % exc, str(exc)) from None
        credential = _redeem(offer, holder)
    return {
        "verifiablePresentation": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
            "verifiableCredential": [credential],
        }
    }


# -- OID4VCI pre-authorised code -----------------------------------------------------------


@_audited_refusals
def oid4vci_token(*, code: str) -> dict[str, Any]:
    """Token endpoint (pre-authorized_code grant): an access token and a c_nonce."""
    with transaction.atomic():
        offer = (
            WalletOffer.objects.select_for_update()
            .filter(protocol=WalletOffer.Protocol.OID4VCI, secret_hash=_hash(code))
            .first()
        )
        if offer is None:
            raise OfferRefused(_("No such offer."), status=404)
        if offer.access_token_hash:
            raise _refuse(offer, _("This offer was already used. Make a new one."), "used", 409)
        _usable(offer)
        token = secrets.token_urlsafe(32)
        offer.access_token_hash = _hash(token)
        offer.c_nonce = secrets.token_urlsafe(24)
        offer.save(update_fields=["access_token_hash", "c_nonce"])
    remaining = int((offer.expires_at - timezone.now()).total_seconds())
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": max(remaining, 1),
        "c_nonce": offer.c_nonce,
        "c_nonce_expires_in": max(remaining, 1),
    }


def oid4vci_nonce() -> str:
    """A fresh c_nonce from the nonce endpoint (OID4VCI 1.0 §7: no authentication). It is
    signed and dated rather than stored; the single-use offer stops any replay."""
    return _NONCES.sign(secrets.token_urlsafe(16))


def _nonce_accepted(offer: WalletOffer, nonce: str) -> bool:
    if nonce and secrets.compare_digest(nonce, offer.c_nonce):
        return True
    try:
        _NONCES.unsign(nonce, max_age=NONCE_LIFETIME)
    except signing.BadSignature:
        return False
    return True


def _locked_by_token(access_token: str) -> WalletOffer:
    offer = (
        WalletOffer.objects.select_for_update()
        .select_related("award__recipient")
        .filter(protocol=WalletOffer.Protocol.OID4VCI, access_token_hash=_hash(access_token))
        .first()
        if access_token
        else None
    )
    if offer is None:
        raise OfferRefused(_("The access token is not valid."), status=401)
    return offer


@_audited_refusals
def oid4vci_credential(*, access_token: str, proof_jwt: str, audience: str) -> dict[str, Any]:
    """Credential endpoint: the holder's proof-of-possession JWT in, the ldp_vc out."""
    with transaction.atomic():
        offer = _locked_by_token(access_token)
        _usable(offer)
        try:
            nonce = jwt_nonce(proof_jwt)
            if not _nonce_accepted(offer, nonce):
                raise HolderProofRefused("the proof's nonce is not one we gave, or is too old")
            holder = jwt_proof_holder(proof_jwt, audience=audience, nonce=nonce)
        except HolderProofRefused as exc:
            raise _refuse(offer, _("The wallet's proof was refused: %s") % exc, str(exc)) from None
        credential = _redeem(offer, holder)
    return {"credential": credential, "credentials": [{"credential": credential}]}


@_audited_refusals
def oid4vci_offer_get(*, offer_id: UUID, secret: str) -> WalletOffer:
    """The OID4VCI offer this capability URL names, if it can still be redeemed."""
    offer = WalletOffer.objects.filter(
        pk=offer_id, protocol=WalletOffer.Protocol.OID4VCI, secret_hash=_hash(secret)
    ).first()
    if offer is None:
        raise OfferRefused(_("No such offer."), status=404)
    if offer.access_token_hash:
        raise _refuse(offer, _("This offer was already used. Make a new one."), "used", 409)
    _usable(offer)
    return offer
