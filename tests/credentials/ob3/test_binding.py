"""Issuer binding (issue 17): a credential claiming our achievement or our status list must be
issued by its issuer; the verify API and page classify the issuer."""

from __future__ import annotations

import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sexto.credentials import services, verification
from sexto.credentials.binding import issuer_classification
from sexto.credentials.known_issuers import KnownIssuer
from sexto.credentials.models import Award
from sexto.credentials.ob3.dataintegrity import credential_sign
from sexto.credentials.ob3.keys import did_key_for
from sexto.directory.models import User

ACHIEVEMENT_REASON = "this badge claims a Sexto achievement but was not issued by its issuer"
LIST_REASON = "this badge points at a Sexto status list but was not issued by its issuer"


def _forged(document: dict[str, Any]) -> tuple[str, str]:
    """``document`` re-issued under another, valid did:key signature: (signed JSON, its DID)."""
    private = Ed25519PrivateKey.generate()
    did = did_key_for(private.public_key())
    document["issuer"]["id"] = did
    signed = credential_sign(
        document,
        private_key=private,
        verification_method=f"{did}#{did.removeprefix('did:key:')}",
        created="2024-03-14T20:43:05Z",
    )
    return json.dumps(signed), did


def _ours(award: Award) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(services.credential_for(award).signed)
    document.pop("proof")
    return document


def test_ours_verifies_with_the_issuer_check_passed(award: Award) -> None:
    result = verification.credential_verify_submitted(services.credential_for(award).signed)
    assert result.verified, result.errors
    assert result.check("issuer").status == "passed"  # type: ignore[union-attr]


def test_a_forgery_claiming_our_achievement_is_refused_for_that_reason(award: Award) -> None:
    document = _ours(award)
    document.pop("credentialStatus")  # only the achievement is claimed
    signed, _did = _forged(document)
    with translation.override("en"):
        result = verification.credential_verify_submitted(signed)
    assert result.check("proof").status == "passed"  # type: ignore[union-attr]
    issuer = result.check("issuer")
    assert issuer is not None and issuer.status == "failed"
    assert issuer.reason == ACHIEVEMENT_REASON
    assert not result.verified


def test_a_forgery_pointing_at_our_status_list_is_refused_for_that_reason(award: Award) -> None:
    document = _ours(award)
    document["credentialSubject"]["achievement"]["id"] = "https://elsewhere.example/badges/x"
    signed, _did = _forged(document)
    with translation.override("en"):
        result = verification.credential_verify_submitted(signed)
    assert result.check("proof").status == "passed"  # type: ignore[union-attr]
    issuer = result.check("issuer")
    assert issuer is not None and issuer.status == "failed" and issuer.reason == LIST_REASON
    assert not result.verified


def test_another_of_our_issuers_may_not_use_a_list_it_does_not_own(award: Award) -> None:
    from sexto.credentials.binding import binding_failure

    document = _ours(award)
    other = document["issuer"]["id"].rsplit(":", 1)[0] + ":another-org"
    with translation.override("en"):
        assert binding_failure(other, document) == LIST_REASON


def test_the_reason_is_in_french_too(award: Award) -> None:
    document = _ours(award)
    signed, _did = _forged(document)
    with translation.override("fr"):
        result = verification.credential_verify_submitted(signed)
    reason = result.check("issuer").reason  # type: ignore[union-attr]
    # French once the lead merges scripts/fr-pending/binding.json into the catalogue.
    assert reason != LIST_REASON and "Sexto" in reason


def test_a_foreign_credential_of_its_own_passes_the_binding(award: Award) -> None:
    document = _ours(award)
    document.pop("credentialStatus")
    document["credentialSubject"]["achievement"]["id"] = "https://elsewhere.example/badges/x"
    signed, _did = _forged(document)
    result = verification.credential_verify_submitted(signed)
    assert result.check("issuer").status == "passed"  # type: ignore[union-attr]


def test_issuer_classification(award: Award) -> None:
    ours = json.loads(services.credential_for(award).signed)["issuer"]["id"]
    assert issuer_classification(ours)[0] == "sexto"
    KnownIssuer.objects.create(did="did:web:badges.example", name="Badges Example")
    with translation.override("en"):
        kind, words = issuer_classification("did:web:badges.example")
    assert kind == "known" and "Badges Example" in words
    assert issuer_classification("did:key:z6Mkunknown")[0] == "unknown"
    assert issuer_classification(None)[0] == "unknown"


def test_the_api_classifies_the_issuer(award: Award) -> None:
    client = Client(headers={"accept-language": "en"})
    url = reverse("api:credential_verify")
    mine = client.post(url, services.credential_for(award).signed, "application/json").json()
    assert mine["verified"] is True and mine["issuer"]["kind"] == "sexto"
    document = _ours(award)
    signed, did = _forged(document)
    KnownIssuer.objects.create(did=did, name="Another platform")
    forged = client.post(url, signed, "application/json").json()
    assert forged["verified"] is False
    assert forged["issuer"] == {
        "id": did,
        "kind": "known",
        "description": "Another known issuer: Another platform.",
    }


def test_the_verify_page_says_the_issuer_is_of_this_site(award: Award) -> None:
    client = Client(headers={"accept-language": "en"})
    page = client.get(reverse("credentials:public_verify", args=[award.pk])).content.decode()
    assert 'data-kind="sexto"' in page and "A Sexto issuer of this site." in page


def test_only_platform_administrators_keep_known_issuers_and_changes_are_audited(
    people: dict[str, User],
) -> None:
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from sexto.audit.models import AuditEvent

    model_admin = site._registry[KnownIssuer]
    request = RequestFactory().post("/admin/")
    request.user = people["trainer"]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_module_permission(request)
    request.user = User.objects.create_superuser(email="root@sexto.test", password="x" * 20)
    assert model_admin.has_add_permission(request)
    known = KnownIssuer(did="did:web:badges.example", name="Badges Example")
    model_admin.save_model(request, known, None, change=False)
    assert AuditEvent.objects.filter(action="credentials.known_issuer.add").count() == 1


def test_a_second_verification_asks_the_database_nothing(
    award: Award, django_assert_num_queries: Any
) -> None:
    """The binding asked PostgreSQL on every verification whether the issuer holds keys (a
    third of the API's time in the bench): the cached DID document now answers it, as it
    answers the key and the status list."""
    signed = services.credential_for(award).signed
    assert verification.credential_verify_submitted(signed).verified
    with django_assert_num_queries(0):
        assert verification.credential_verify_submitted(signed).verified


def test_an_issuers_first_key_makes_it_ours_at_once(db: None) -> None:
    """The cached answer for an organisation without keys is forgotten when its first key is
    created: its first badge verifies as ours straight away."""
    from sexto.credentials.binding import _our_issuer
    from sexto.credentials.links import issuer_did
    from sexto.credentials.signing import issuer_key_active
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(slug="nouveau-centre")
    did = issuer_did(organisation)
    assert verification._our_did_document(did) is None  # cached: no key yet
    assert not _our_issuer(did)
    issuer_key_active(organisation)
    assert _our_issuer(did)
    assert issuer_classification(did)[0] == "sexto"
