"""Suspension: a trainer suspends with a reason and lifts it the same way, both audited;
verification fails while suspended ("suspended", not "revoked") and passes after the lift."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.credentials import services, suspension, verification
from sexto.credentials.models import Award, IssuedCredential, StatusList
from sexto.credentials.ob3.status_list import Bitstring
from sexto.directory.models import User
from tests.helpers import sign_in


def _status(award: Award) -> Any:
    return verification.credential_verify_submitted(services.credential_for(award).signed)


def test_suspend_then_lift_flips_verification_and_the_published_list(
    award: Award, people: dict[str, User]
) -> None:
    trainer = people["trainer"]
    issued = services.credential_for(award)
    partner = issued.suspension_list
    assert partner is not None and partner.purpose == StatusList.Purpose.SUSPENSION
    assert partner.partner_id == issued.status_list_id
    assert _status(award).verified

    suspension.credential_suspend(award=award, actor=trainer, reason="Plainte à examiner.")
    result = _status(award)
    assert not result.verified
    reason = result.check("status").reason
    assert reason.startswith("suspended on ") and "revoked" not in reason
    partner.refresh_from_db()
    published = json.loads(partner.signed)
    assert published["credentialSubject"]["statusPurpose"] == "suspension"
    assert Bitstring.decode(published["credentialSubject"]["encodedList"])[issued.status_index]
    assert (
        verification.credential_verify_submitted(partner.signed).check("proof").status == "passed"
    )  # type: ignore[union-attr]

    suspension.credential_suspension_lift(award=award, actor=trainer, reason="Plainte rejetée.")
    assert _status(award).verified
    issued.refresh_from_db()
    assert issued.suspended_at is None and issued.revoked_at is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="credentials.credential.susp").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "credentials.credential.suspend",
        "credentials.credential.suspension_lift",
    ]


def test_bad_requests_say_why_and_save_nothing(
    award: Award, people: dict[str, User], english: None
) -> None:
    trainer = people["trainer"]
    with pytest.raises(PermissionRefused):
        suspension.credential_suspend(award=award, actor=people["learner"], reason="x")
    with pytest.raises(DomainError):
        suspension.credential_suspend(award=award, actor=trainer, reason="   ")
    with pytest.raises(Conflict, match="not suspended"):
        suspension.credential_suspension_lift(award=award, actor=trainer, reason="x")
    suspension.credential_suspend(award=award, actor=trainer, reason="Vérification.")
    with pytest.raises(Conflict, match="already suspended"):
        suspension.credential_suspend(award=award, actor=trainer, reason="Encore.")
    with pytest.raises(DomainError):
        suspension.credential_suspension_lift(award=award, actor=trainer, reason="")
    assert IssuedCredential.objects.get(award=award).suspended_at is not None
    services.credential_revoke(award=award, actor=trainer, reason="Erreur.")
    other_count = AuditEvent.objects.filter(action="credentials.credential.suspend").count()
    suspension.credential_suspension_lift(award=award, actor=trainer, reason="Révoqué.")
    with pytest.raises(Conflict, match="revoked"):
        suspension.credential_suspend(award=award, actor=trainer, reason="Encore.")
    assert AuditEvent.objects.filter(action="credentials.credential.suspend").count() == other_count


def test_a_credential_issued_before_suspension_existed_still_verifies(
    award: Award, people: dict[str, User], english: None
) -> None:
    issued = services.credential_for(award)
    IssuedCredential.objects.filter(pk=issued.pk).update(suspension_list=None)
    credential = json.loads(issued.signed)
    assert isinstance(credential["credentialStatus"], dict)  # one entry, as older ones
    assert _status(award).verified
    with pytest.raises(Conflict, match="before suspension existed"):
        suspension.credential_suspend(award=award, actor=people["trainer"], reason="x")


def test_the_trainer_suspends_and_lifts_from_the_revoke_page_and_pages_say_suspended(
    award: Award, people: dict[str, User], client: Any
) -> None:
    sign_in(client, people["trainer"].email)
    url = f"/credentials/{award.pk}/revoke"
    empty = client.post(url, {"action": "suspend", "reason": ""})
    assert empty.status_code == 200 and b"error-summary" in empty.content
    not_suspended = client.post(url, {"action": "lift", "reason": "Rien."})
    assert not_suspended.status_code == 200 and b"error-summary" in not_suspended.content
    assert client.post(url, {"action": "suspend", "reason": "Enquête."}).status_code == 302
    page = Client(headers={"accept-language": "en"}).get(f"/verify/{award.pk}").content.decode()
    assert 'data-testid="suspended"' in page and 'data-testid="revoked"' not in page
    assert "The issuer suspended this badge on" in page and "Enquête" not in page
    assert 'data-check="status" data-status="failed"' in page

    member = Client(headers={"accept-language": "en"})
    sign_in(member, award.recipient.email)
    badges = member.get("/my/badges/")
    assert badges.status_code == 200 and b'data-testid="suspended"' in badges.content

    assert client.post(url, {"action": "lift", "reason": "Close."}).status_code == 302
    page = Client(headers={"accept-language": "en"}).get(f"/verify/{award.pk}").content.decode()
    assert 'data-testid="suspended"' not in page
    assert 'data-check="status" data-status="passed"' in page
