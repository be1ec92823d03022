"""Wallet issuance services: offers expire, are used once, audited; the holder-bound credential
verifies and shares the award's status entry; bad holder proofs are refused."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import NotFoundOrForbidden
from sexto.credentials import services as credential_services
from sexto.credentials import verification
from sexto.credentials.models import Award
from sexto.credentials.wallet import services
from sexto.credentials.wallet.models import WalletOffer
from sexto.directory.models import User
from tests.credentials.wallet.holder import Holder

pytestmark = pytest.mark.django_db
AUDIENCE = "https://sexto.test"


def _vcapi(award: Award) -> tuple[WalletOffer, str]:
    return services.wallet_offer_create(
        award=award, actor=award.recipient, protocol=WalletOffer.Protocol.VCAPI
    )


def _exchange(offer: WalletOffer, secret: str, holder: Holder) -> dict:
    request = services.vcapi_presentation_request(offer_id=offer.pk, secret=secret)
    vpr = request["verifiablePresentationRequest"]
    assert vpr["query"][0]["type"] == "DIDAuthentication"
    presentation = holder.presentation(challenge=vpr["challenge"], domain=vpr["domain"])
    return services.vcapi_exchange_complete(
        offer_id=offer.pk, secret=secret, presentation=presentation
    )


def test_only_the_recipient_may_offer_their_badge(award: Award, people: dict[str, User]) -> None:
    with pytest.raises(NotFoundOrForbidden):
        services.wallet_offer_create(
            award=award, actor=people["trainer"], protocol=WalletOffer.Protocol.VCAPI
        )


def test_vcapi_exchange_issues_a_credential_bound_to_the_holder(award: Award) -> None:
    holder = Holder()
    offer, secret = _vcapi(award)
    answer = _exchange(offer, secret, holder)
    credential = answer["verifiablePresentation"]["verifiableCredential"][0]
    original = json.loads(credential_services.credential_for(award).signed)
    assert credential["credentialSubject"]["id"] == holder.did
    assert credential["credentialStatus"] == original["credentialStatus"]
    assert credential["id"] == original["id"]
    result = verification.credential_verify_submitted(credential)
    assert result.verified, result.errors
    offer.refresh_from_db()
    assert offer.redeemed_at is not None and offer.holder_did == holder.did
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "credentials.wallet_offer.create" in actions
    assert "credentials.wallet_offer.redeem" in actions


def test_a_second_use_is_refused_and_audited(award: Award) -> None:
    offer, secret = _vcapi(award)
    _exchange(offer, secret, Holder())
    with pytest.raises(services.OfferRefused) as refused:
        _exchange(offer, secret, Holder())
    assert refused.value.status == 409
    assert AuditEvent.objects.filter(action="credentials.wallet_offer.refuse").count() == 1


def test_an_expired_offer_is_refused(award: Award) -> None:
    offer, secret = _vcapi(award)
    WalletOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(services.OfferRefused) as refused:
        _exchange(offer, secret, Holder())
    assert refused.value.status == 410


def test_a_wrong_secret_finds_no_offer(award: Award) -> None:
    offer, _secret = _vcapi(award)
    with pytest.raises(services.OfferRefused) as refused:
        services.vcapi_presentation_request(offer_id=offer.pk, secret="guess")
    assert refused.value.status == 404


@pytest.mark.parametrize("tamper", ["challenge", "domain", "signature", "purpose"])
def test_a_bad_holder_proof_is_refused_and_the_offer_stays_usable(
    award: Award, tamper: str
) -> None:
    holder = Holder()
    offer, secret = _vcapi(award)
    challenge = offer.challenge if tamper != "challenge" else "other"
    domain = services.wallet_domain() if tamper != "domain" else "evil.example"
    presentation = holder.presentation(challenge=challenge, domain=domain)
    if tamper == "signature":
        presentation["holder"] = holder.did
        presentation["type"] = ["VerifiablePresentation", "Tampered"]
    if tamper == "purpose":
        presentation["proof"]["proofPurpose"] = "assertionMethod"
    with pytest.raises(services.OfferRefused):
        services.vcapi_exchange_complete(
            offer_id=offer.pk, secret=secret, presentation=presentation
        )
    offer.refresh_from_db()
    assert offer.redeemed_at is None
    assert AuditEvent.objects.filter(action="credentials.wallet_offer.refuse").exists()


def test_revoking_the_award_revokes_the_wallet_credential(
    award: Award, people: dict[str, User]
) -> None:
    offer, secret = _vcapi(award)
    answer = _exchange(offer, secret, Holder())
    credential = answer["verifiablePresentation"]["verifiableCredential"][0]
    credential_services.credential_revoke(
        award=award, actor=people["trainer"], reason="Attribuée par erreur."
    )
    result = verification.credential_verify_submitted(credential)
    assert not result.verified
    assert {c.name: c.status for c in result.checks}["status"] == "failed"


def test_oid4vci_pre_authorised_flow(award: Award) -> None:
    holder = Holder()
    offer, code = services.wallet_offer_create(
        award=award, actor=award.recipient, protocol=WalletOffer.Protocol.OID4VCI
    )
    assert services.oid4vci_offer_get(offer_id=offer.pk, secret=code) == offer
    token = services.oid4vci_token(code=code)
    with pytest.raises(services.OfferRefused):  # the code is used once
        services.oid4vci_token(code=code)
    with pytest.raises(services.OfferRefused):  # a proof with a stale nonce
        services.oid4vci_credential(
            access_token=token["access_token"],
            proof_jwt=holder.jwt(audience=AUDIENCE, nonce="stale"),
            audience=AUDIENCE,
        )
    nonce = services.oid4vci_nonce()
    answer = services.oid4vci_credential(
        access_token=token["access_token"],
        proof_jwt=holder.jwt(audience=AUDIENCE, nonce=nonce),
        audience=AUDIENCE,
    )
    credential = answer["credentials"][0]["credential"]
    assert credential["credentialSubject"]["id"] == holder.did
    assert verification.credential_verify_submitted(credential).verified
    with pytest.raises(services.OfferRefused) as refused:
        services.oid4vci_credential(
            access_token=token["access_token"],
            proof_jwt=holder.jwt(audience=AUDIENCE, nonce=nonce),
            audience=AUDIENCE,
        )
    assert refused.value.status == 409
