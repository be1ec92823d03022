"""``services.credential_status_change``: revocation, suspension and lift share one path — the
same checks, the list of the right purpose re-signed, the same audit shape; a refused change
writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, PermissionRefused
from sexto.credentials import services, suspension
from sexto.credentials.models import Award, IssuedCredential, StatusList
from sexto.credentials.ob3.status_list import Bitstring
from sexto.directory.models import User


def _bit(status_list: StatusList | None, index: int) -> bool:
    assert status_list is not None
    status_list.refresh_from_db()
    return bool(Bitstring(size=status_list.size, data=bytes(status_list.bits))[index])


@pytest.fixture
def audited(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """action → the changes last passed to audit_record (the table keeps only a digest)."""
    seen: dict[str, dict[str, Any]] = {}
    original = services.audit_record

    def spy(**kwargs: Any) -> Any:
        seen[kwargs["action"]] = dict(kwargs.get("changes") or {})
        return original(**kwargs)

    monkeypatch.setattr(services, "audit_record", spy)
    return seen


def test_suspend_lift_and_revoke_each_flip_their_own_list_and_audit_alike(
    award: Award, people: dict[str, User], audited: dict[str, dict[str, Any]]
) -> None:
    trainer = people["trainer"]
    issued = services.credential_for(award)
    index = issued.status_index
    position = f"{issued.status_list.number}/{index}"

    suspension.credential_suspend(award=award, actor=trainer, reason=" Plainte. ")
    assert _bit(issued.suspension_list, index) and not _bit(issued.status_list, index)
    suspended = audited["credentials.credential.suspend"]
    assert suspended["reason"] == "Plainte." and suspended["status"].endswith(f"/{index}")

    suspension.credential_suspension_lift(award=award, actor=trainer, reason="Rejetée.")
    assert not _bit(issued.suspension_list, index)
    lifted = audited["credentials.credential.suspension_lift"]
    assert set(lifted) == {"reason", "suspended_since", "status"}

    services.credential_revoke(award=award, actor=trainer, reason="Erreur.")
    assert _bit(issued.status_list, index) and not _bit(issued.suspension_list, index)
    assert audited["credentials.credential.revoke"] == {"reason": "Erreur.", "status": position}
    stored = IssuedCredential.objects.get(pk=issued.pk)
    assert stored.revocation_reason == "Erreur." and stored.revoked_by == trainer


def test_a_refused_change_sets_no_bit_and_writes_no_audit(
    award: Award, people: dict[str, User], english: Any
) -> None:
    issued = services.credential_for(award)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionRefused, match="suspend"):
        suspension.credential_suspend(award=award, actor=people["learner"], reason="x")
    services.credential_revoke(award=award, actor=people["trainer"], reason="Erreur.")
    after_revoke = AuditEvent.objects.count()
    assert after_revoke > before
    with pytest.raises(Conflict, match="already revoked"):
        services.credential_revoke(award=award, actor=people["trainer"], reason="Encore.")
    with pytest.raises(Conflict, match="revoked"):
        suspension.credential_suspend(award=award, actor=people["trainer"], reason="Encore.")
    assert AuditEvent.objects.count() == after_revoke
    assert not _bit(issued.suspension_list, issued.status_index)
