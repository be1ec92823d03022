"""Status lists as served and checked: validUntil and ttl matching Cache-Control, the daily
re-sign, random indexes, and a stale copy of a list refused past its validUntil."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.jobs import daily_jobs
from sexto.credentials import services, verification
from sexto.credentials.models import Award, StatusList
from sexto.credentials.ob3.status_check import status_outcome_from_list
from sexto.credentials.ob3.status_list import TTL_SECONDS, VALIDITY_SECONDS, Bitstring
from sexto.credentials.ob3.verify import credential_verify
from sexto.credentials.tasks import status_lists_resign
from sexto.directory.models import User
from sexto.training.demo import asantos_seed
from sexto.training.models import Level


@pytest.fixture
def asantos_award(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> Award:
    with django_capture_on_commit_callbacks(execute=True):
        asantos_seed(level=explorateur, trainer=people["trainer"])
    return Award.objects.get(recipient__handle="asantos", badge_slug="sexto-explorateur")


def _parse(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _list_of(award: Award) -> StatusList:
    status_list = services.credential_for(award).status_list
    status_list.refresh_from_db()
    return status_list


def test_the_list_carries_valid_until_and_a_ttl_equal_to_its_cache_control(
    asantos_award: Award, client: Client
) -> None:
    status_list = _list_of(asantos_award)
    url = f"/status/{status_list.organisation.slug}/{status_list.number}.json"
    response = client.get(url)
    assert response.status_code == 200
    document = json.loads(response.content)
    window = _parse(document["validUntil"]) - _parse(document["validFrom"])
    assert window == datetime.timedelta(seconds=VALIDITY_SECONDS)
    assert response["Cache-Control"] == f"public, max-age={TTL_SECONDS}"
    # The spec's ttl is in milliseconds.
    assert document["credentialSubject"]["ttl"] == TTL_SECONDS * 1000
    assert status_list.valid_until == _parse(document["validUntil"])
    assert verification.credential_verify_submitted(document).check("proof").status == "passed"  # type: ignore[union-attr]


def test_the_daily_job_re_signs_every_list_with_a_new_window(
    asantos_award: Award, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert daily_jobs()["status_lists_resign"] is status_lists_resign
    before = json.loads(_list_of(asantos_award).signed)
    later = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    # The revocation list and its suspension partner.
    assert status_lists_resign.call() == 2
    after = json.loads(_list_of(asantos_award).signed)
    assert _parse(after["validFrom"]) > _parse(before["validFrom"])
    assert _parse(after["validUntil"]) > _parse(before["validUntil"])
    assert after["credentialSubject"]["encodedList"] == before["credentialSubject"]["encodedList"]
    assert AuditEvent.objects.filter(action="credentials.status_list.resign").count() == 2


def test_fifty_indexes_are_random_and_never_collide() -> None:
    taken: set[int] = set()
    picked = []
    for _ in range(50):
        index = services.status_index_pick(size=131_072, taken=taken)
        assert index not in taken
        taken.add(index)
        picked.append(index)
    assert picked != sorted(picked)
    assert picked != list(range(picked[0], picked[0] + 50))


def test_a_nearly_full_list_still_finds_its_last_free_index() -> None:
    assert services.status_index_pick(size=16, taken=set(range(16)) - {11}) == 11
    with pytest.raises(ValueError):
        services.status_index_pick(size=8, taken=set(range(8)))


def test_an_issued_credential_does_not_take_the_first_index(asantos_award: Award) -> None:
    issued = services.credential_for(asantos_award)
    # A random index of 131 072: 0 (issue order) has odds of 1 in 131 072.
    assert issued.status_index != 0
    assert issued.status_list.next_index == 1


def test_a_revoked_badge_checked_against_a_stale_pre_revocation_copy_is_refused(
    asantos_award: Award, people: dict[str, User]
) -> None:
    """The issue's replay: the list copy from BEFORE revocation, used past its validUntil."""
    credential = json.loads(services.credential_for(asantos_award).signed)
    suspension = json.loads(services.credential_for(asantos_award).suspension_list.signed)  # type: ignore[union-attr]
    stale = json.loads(_list_of(asantos_award).signed)
    services.credential_revoke(award=asantos_award, actor=people["trainer"], reason="Erreur.")
    fresh = json.loads(_list_of(asantos_award).signed)
    resolve = verification._resolver

    def verify_with(copy: dict[str, Any], now: datetime.datetime) -> Any:
        # What a verifier holding these copies concludes (the suspension list is current).
        current = _parse(suspension["validFrom"])

        def status_check(entry: dict[str, Any]) -> Any:
            if entry["statusListCredential"] == suspension["id"]:
                return status_outcome_from_list(entry, suspension, resolve_key=resolve, now=current)
            return status_outcome_from_list(entry, copy, resolve_key=resolve, now=now)

        return credential_verify(
            credential, resolve_key=resolve, status_check=status_check, now=now
        )

    # Within its window the stale copy still says "not revoked" (the reason validUntil exists).
    inside = _parse(stale["validUntil"]) - datetime.timedelta(hours=1)
    assert verify_with(stale, inside).verified, verify_with(stale, inside).errors
    assert not verify_with(fresh, inside).verified
    assert verify_with(fresh, inside).check("status").reason == "revoked"
    # Past its validUntil, it is refused with a reason a person can act on.
    past = _parse(stale["validUntil"]) + datetime.timedelta(seconds=1)
    result = verify_with(stale, past)
    assert not result.verified
    reason = result.check("status").reason
    assert f"expired on {stale['validUntil']}" in reason
    assert "ask the issuer for a fresh copy" in reason


def test_a_list_copy_before_its_valid_from_or_with_a_broken_proof_is_refused(
    asantos_award: Award,
) -> None:
    credential = json.loads(services.credential_for(asantos_award).signed)
    entry = credential["credentialStatus"]
    copy = json.loads(_list_of(asantos_award).signed)
    resolve = verification._resolver
    early = _parse(copy["validFrom"]) - datetime.timedelta(minutes=5)
    outcome = status_outcome_from_list(entry, copy, resolve_key=resolve, now=early)
    assert outcome.status == "failed" and "not valid before" in outcome.reason
    # A forged list: the bit flipped without the issuer's signature.
    forged = Bitstring()
    forged[int(entry["statusListIndex"])] = True
    copy["credentialSubject"]["encodedList"] = forged.encode()
    outcome = status_outcome_from_list(entry, copy, resolve_key=resolve)
    assert outcome.status == "failed" and "own proof" in outcome.reason


def test_our_verifier_refuses_our_own_list_when_it_was_not_re_signed_in_time(
    asantos_award: Award, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed = services.credential_for(asantos_award).signed
    status_list = _list_of(asantos_award)
    # The daily job stopped three days ago: the served copy is past its validUntil.
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: three_days_ago)
        services.status_list_resign(status_list=status_list)
    cache.clear()
    status = verification.credential_verify_submitted(signed).check("status")
    assert status is not None and status.status == "failed"
    assert "expired on" in status.reason and "fresh copy" in status.reason
    # The next daily run heals it.
    services.status_list_resign(status_list=status_list)
    assert verification.credential_verify_submitted(signed).verified
