"""Checking a credential's status entry against a copy of its status-list credential, as any
verifier holding that copy would: the list's own proof, its validity window, then the bit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sexto.credentials.ob3.status_list import StatusListError, status_entry_is_set
from sexto.credentials.ob3.verify import KeyResolver, StatusOutcome, credential_verify

# What a set bit means, per purpose, in the verifier's reason.
SET_MEANS = {"revocation": "revoked", "suspension": "suspended"}


def status_list_window_refusal(list_credential: dict[str, Any], now: datetime) -> str | None:
    """Why this copy of a status list may not be used at ``now`` (None when it may): a copy
    past its validUntil may predate a revocation, so it proves nothing."""
    for name in ("validFrom", "validUntil"):
        raw = list_credential.get(name)
        if raw is None:
            continue
        try:
            moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        except ValueError:
            return f"the status list's {name} {raw!r} is not a date-time"
        if moment.tzinfo is None:
            return f"the status list's {name} {raw!r} has no timezone"
        if name == "validFrom" and moment > now:
            return f"the status list this badge points to is not valid before {raw}"
        if name == "validUntil" and moment <= now:
            return (
                f"the status list this badge points to expired on {raw}; "
                "ask the issuer for a fresh copy"
            )
    return None


def status_outcome_from_list(
    entry: dict[str, Any],
    list_credential: dict[str, Any],
    *,
    resolve_key: KeyResolver,
    now: datetime | None = None,
) -> StatusOutcome:
    """The status of ``entry`` according to ``list_credential`` (a copy the verifier holds)."""
    now = now or datetime.now(UTC)
    refusal = status_list_window_refusal(list_credential, now)
    if refusal:
        return StatusOutcome("failed", refusal)
    proof = credential_verify(list_credential, resolve_key=resolve_key, now=now).check("proof")
    if proof is None or proof.status != "passed":
        reason = proof.reason if proof else "no proof"
        return StatusOutcome("failed", f"the status list's own proof does not hold: {reason}")
    if list_credential.get("issuer") is None:
        return StatusOutcome("failed", "the status list names no issuer")
    try:
        is_set = status_entry_is_set(entry, list_credential)
    except StatusListError as exc:
        return StatusOutcome("failed", str(exc))
    purpose = str(entry.get("statusPurpose"))
    if is_set:
        return StatusOutcome("failed", SET_MEANS.get(purpose, f"{purpose} bit set"))
    return StatusOutcome("passed", f"not {SET_MEANS.get(purpose, purpose)}")
