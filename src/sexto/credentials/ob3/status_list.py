"""W3C Bitstring Status List v1.0: encode/decode, entries, and the status-list credential."""

from __future__ import annotations

import base64
import gzip
import io
from typing import Any

from sexto.credentials.ob3.loader import VC_V2

MIN_ENTRIES = 131_072  # 16 KiB of bits: the spec's minimum, for herd privacy

# A list is re-signed every day by the daily jobs (and at once on a revocation), and each signed
# copy stays valid for two days: one missed daily run does not break every badge of the issuer,
# yet a stale copy (e.g. one taken before a revocation) stops being accepted within 48 hours.
# Verifiers may cache a copy for a day (the spec's `ttl`, in milliseconds), the same as the
# HTTP Cache-Control max-age of its URL, so a cached copy is always refreshed well before it
# expires.
VALIDITY_SECONDS = 48 * 3600
TTL_SECONDS = 24 * 3600


class StatusListError(ValueError):
    """An encoded list or an entry that cannot be used; the message says why."""


class Bitstring:
    """A mutable bitstring; index 0 is the most significant bit of the first byte (spec §4)."""

    def __init__(self, size: int = MIN_ENTRIES, data: bytes | None = None) -> None:
        if size < MIN_ENTRIES or size % 8:
            raise StatusListError(
                f"a status list holds at least {MIN_ENTRIES} entries, a multiple of 8"
            )
        self.size = size
        self._bits = bytearray(data if data is not None else bytes(size // 8))
        if len(self._bits) * 8 != size:
            raise StatusListError("data length does not match the size")

    def __getitem__(self, index: int) -> bool:
        self._check(index)
        return bool(self._bits[index // 8] & (0x80 >> (index % 8)))

    def __setitem__(self, index: int, value: bool) -> None:
        self._check(index)
        if value:
            self._bits[index // 8] |= 0x80 >> (index % 8)
        else:
            self._bits[index // 8] &= ~(0x80 >> (index % 8)) & 0xFF

    def _check(self, index: int) -> None:
        if not 0 <= index < self.size:
            raise StatusListError(f"index {index} outside the list (0..{self.size - 1})")

    def encode(self) -> str:
        """GZIP, then base64url without padding, with the multibase 'u' prefix."""
        packed = gzip.compress(bytes(self._bits), mtime=0)
        return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")

    @classmethod
    def decode(cls, encoded: str) -> Bitstring:
        if not isinstance(encoded, str) or not encoded.startswith("u"):
            raise StatusListError("encodedList must be multibase base64url (start with 'u')")
        body = encoded[1:]
        try:
            packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            # Bound decompression: a hostile list must not exhaust memory.
            data = gzip.GzipFile(fileobj=io.BytesIO(packed)).read(16 * 1024 * 1024 + 1)
        except (ValueError, OSError, EOFError) as exc:
            raise StatusListError(f"encodedList is not GZIP+base64url: {exc}") from None
        if len(data) > 16 * 1024 * 1024:
            raise StatusListError("encodedList is too large")
        return cls(size=len(data) * 8, data=data)


def status_list_entry(
    *, status_list_credential: str, index: int, purpose: str = "revocation"
) -> dict[str, Any]:
    """The ``credentialStatus`` value for a credential at ``index`` of a list."""
    return {
        "id": f"{status_list_credential}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": status_list_credential,
    }


def status_list_credential(
    *,
    url: str,
    issuer: str,
    bitstring: Bitstring,
    valid_from: str,
    valid_until: str | None = None,
    purpose: str = "revocation",
) -> dict[str, Any]:
    """The unsigned status-list credential at ``url`` (sign it with ``credential_sign``)."""
    document: dict[str, Any] = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bitstring.encode(),
        },
    }
    if valid_until is not None:
        document["validUntil"] = valid_until
        document["credentialSubject"]["ttl"] = TTL_SECONDS * 1000
    return document


def status_entry_is_set(entry: dict[str, Any], list_credential: dict[str, Any]) -> bool:
    """Whether ``entry``'s bit is set in the (already verified) status-list credential."""
    if entry.get("type") != "BitstringStatusListEntry":
        raise StatusListError(f"unsupported credentialStatus type {entry.get('type')!r}")
    if entry.get("statusListCredential") != list_credential.get("id"):
        raise StatusListError("the status list credential does not match the entry")
    subject = list_credential.get("credentialSubject") or {}
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise StatusListError("status purpose mismatch between entry and list")
    try:
        index = int(entry["statusListIndex"])
    except (KeyError, TypeError, ValueError):
        raise StatusListError("statusListIndex must be an integer string") from None
    return Bitstring.decode(subject.get("encodedList", ""))[index]
