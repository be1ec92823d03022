"""Verifying credentials as any verifier would: our issuers' DID documents and status lists come
from the database (briefly cached), foreign did:key credentials are checked offline."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.cache import cache

from sexto.credentials.binding import binding_failure
from sexto.credentials.issuer_profile import issuer_profile
from sexto.credentials.links import issuer_did, issuer_did_prefix, public_url
from sexto.credentials.models import Award, IssuedCredential, IssuerSigningKey, StatusList
from sexto.credentials.ob3.dataintegrity import format_datetime
from sexto.credentials.ob3.did import IssuerKey, did_web_document, key_resolver
from sexto.credentials.ob3.keys import public_key_from_multibase
from sexto.credentials.ob3.status_check import status_list_window_refusal
from sexto.credentials.ob3.verify import StatusOutcome, VerifyResult, credential_verify
from sexto.credentials.selectors import (
    DID_CACHE_SECONDS,
    STATUS_CACHE_SECONDS,
    did_cache_key,
    status_cache_key,
)
from sexto.credentials.services import credential_for
from sexto.credentials.signing import issuer_key_active
from sexto.directory.models import Organisation


def issuer_did_document(organisation: Organisation) -> dict[str, Any]:
    """The organisation's did:web document: every key it ever used, oldest first, marked, and
    the issuer's profile (name, site, description, image, email when there is one)."""
    issuer_key_active(organisation)
    keys = [
        IssuerKey(
            public_key=public_key_from_multibase(k.public_key_multibase),
            retired_at=k.retired_at,
            revoked_at=k.revoked_at,
        )
        for k in IssuerSigningKey.objects.filter(organisation=organisation).order_by("created_at")
    ]
    profile = issuer_profile(organisation=organisation, language=organisation.language or "fr")
    shown = {k: v for k, v in profile.items() if isinstance(v, str) and k not in ("id", "type")}
    shown["image"] = profile["image"]["id"]
    return did_web_document(
        did=issuer_did(organisation), keys=keys, vocab_base=public_url("/ns#"), profile=shown
    )


# Verifiers ask for the same few DID documents and status lists on every request: keep them in


def _our_did_document(did: str) -> dict[str, Any] | None:
    prefix = issuer_did_prefix()
    if not did.startswith(prefix):
        return None
    slug = did[len(prefix) :]
    cached = cache.get(did_cache_key(slug))
    if cached is not None:
        return cached or None
    organisation = Organisation.objects.filter(slug=slug).first()
    document: dict[str, Any] = {}
    if organisation is not None and organisation.signing_keys.exists():
        document = issuer_did_document(organisation)
    cache.set(did_cache_key(slug), document, DID_CACHE_SECONDS)
    return document or None


def _status_list_load(slug: str, number: int) -> tuple[str, int, bytes, str, str]:
    """(id, size, bits, refusal, purpose) of one of our lists; ``refusal`` says why the served
    copy may not be used (past its validUntil, or its own proof does not hold), empty when it
    may. The proof is checked here, once per cache period, not on every verification."""
    row = (
        StatusList.objects.filter(organisation__slug=slug, number=number)
        .values_list("id", "size", "bits", "signed", "purpose")
        .first()
    )
    if row is None:
        return ("", 0, b"", "", "")
    try:
        served = json.loads(row[3])
    except ValueError:
        return (str(row[0]), row[1], bytes(row[2]), "the status list is not readable", row[4])
    refusal = status_list_window_refusal(served, datetime.now(UTC)) or ""
    if not refusal:
        proof = credential_verify(served, resolve_key=_resolver).check("proof")
        if proof is None or proof.status != "passed":
            reason = proof.reason if proof else "no proof"
            refusal = f"the status list's own proof does not hold: {reason}"
    return (str(row[0]), row[1], bytes(row[2]), refusal, row[4])


def _status_check(entry: dict[str, Any]) -> StatusOutcome:
    url = entry.get("statusListCredential")
    prefix = public_url("/status/")
    if not isinstance(url, str) or not url.startswith(prefix):
        return StatusOutcome(
            "skipped", f"status list {url!r} is not this site's: not fetched (no network)"
        )
    slug, _sep, tail = url[len(prefix) :].partition("/")
    number = tail.removesuffix(".json")
    if not number.isdigit():
        return StatusOutcome("failed", f"unknown status list {url}")
    listed = cache.get(status_cache_key(slug, int(number)))
    if listed is None or len(listed) != 5:
        listed = _status_list_load(slug, int(number))
        cache.set(status_cache_key(slug, int(number)), listed, STATUS_CACHE_SECONDS)
    list_id, size, bits, refusal, purpose = listed
    if not list_id:
        return StatusOutcome("failed", f"unknown status list {url}")
    if refusal:
        return StatusOutcome("failed", refusal)
    if entry.get("statusPurpose") not in ("revocation", "suspension"):
        return StatusOutcome("failed", f"unsupported status purpose {entry.get('statusPurpose')!r}")
    if entry.get("statusPurpose") != purpose:
        return StatusOutcome("failed", "status purpose mismatch between entry and list")
    try:
        index = int(entry.get("statusListIndex"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return StatusOutcome("failed", "statusListIndex must be an integer string")
    if not 0 <= index < size:
        return StatusOutcome("failed", f"statusListIndex {index} is outside the list")
    if purpose == "suspension":
        if not bits[index // 8] & (0x80 >> (index % 8)):
            return StatusOutcome("passed", "not suspended")
        since = (
            IssuedCredential.objects.filter(suspension_list_id=list_id, status_index=index)
            .values_list("suspended_at", flat=True)
            .first()
        )
        return StatusOutcome(
            "failed", f"suspended on {format_datetime(since) if since else 'an unknown date'}"
        )
    if not bits[index // 8] & (0x80 >> (index % 8)):
        return _suspension_check(slug, int(number), index)
    revoked = (
        IssuedCredential.objects.filter(status_list_id=list_id, status_index=index)
        .values_list("revoked_at", flat=True)
        .first()
    )
    when = format_datetime(revoked) if revoked else "an unknown date"
    return StatusOutcome("failed", f"revoked on {when}")


def _suspension_check(slug: str, number: int, index: int) -> StatusOutcome:
    """The suspension bit at the same index of the revocation list's partner (credentials carry
    only the revocation entry: see services.SUSPENSION_ENTRY_IN_CREDENTIAL)."""
    key = status_cache_key(slug, number) + ":suspension"
    partner = cache.get(key)
    if partner is None:
        row = (
            StatusList.objects.filter(partner__organisation__slug=slug, partner__number=number)
            .values_list("id", "bits")
            .first()
        )
        partner = (str(row[0]), bytes(row[1])) if row else ("", b"")
        cache.set(key, partner, STATUS_CACHE_SECONDS)
    partner_id, bits = partner
    if not partner_id or not bits[index // 8] & (0x80 >> (index % 8)):
        return StatusOutcome("passed", "not revoked, not suspended")
    since = (
        IssuedCredential.objects.filter(suspension_list_id=partner_id, status_index=index)
        .values_list("suspended_at", flat=True)
        .first()
    )
    return StatusOutcome(
        "failed", f"suspended on {format_datetime(since) if since else 'an unknown date'}"
    )


_resolver = key_resolver(_our_did_document)


def credential_verify_submitted(document: dict[str, Any] | str | bytes) -> VerifyResult:
    """Every check on a submitted credential: ours (DID and status from the database) or a
    foreign did:key one (foreign status lists skipped: no network). Never raises."""
    if isinstance(document, bytes | str):
        try:
            document = json.loads(document)
        except RecursionError:
            document = b"[" * 2  # reported as malformed JSON below
        except (ValueError, UnicodeDecodeError):
            pass  # credential_verify reports the precise reason
    if isinstance(document, dict) and "@context" not in document:
        wrapped = document.get("credential") or document.get("verifiableCredential")
        if isinstance(wrapped, dict):
            document = wrapped
    return credential_verify(
        document, resolve_key=_resolver, status_check=_status_check, binding_check=binding_failure
    )


@dataclass(frozen=True)
class AwardVerification:
    """What the public verification page shows for one of our awards."""

    award: Award
    issued: IssuedCredential
    result: VerifyResult
    credential: dict[str, Any]


def award_verify(award: Award) -> AwardVerification:
    """Verify the award's stored credential as any verifier would."""
    issued = credential_for(award)
    result = credential_verify_submitted(issued.signed)
    return AwardVerification(
        award=award, issued=issued, result=result, credential=json.loads(issued.signed)
    )
