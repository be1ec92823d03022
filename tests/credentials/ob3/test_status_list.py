"""Bitstring Status List v1.0 encoding and entries."""

from __future__ import annotations

import base64
import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sexto.credentials.ob3.status_list import (
    MIN_ENTRIES,
    Bitstring,
    StatusListError,
    status_entry_is_set,
    status_list_credential,
    status_list_entry,
)

URL = "https://sexto.example/status/1"


@given(st.sets(st.integers(min_value=0, max_value=MIN_ENTRIES - 1), max_size=50))
def test_round_trip(indexes) -> None:
    bits = Bitstring()
    for i in indexes:
        bits[i] = True
    decoded = Bitstring.decode(bits.encode())
    assert decoded.size == MIN_ENTRIES
    assert {i for i in indexes if decoded[i]} == set(indexes)


def test_encoding_is_gzip_base64url_with_u_prefix_and_msb_first() -> None:
    bits = Bitstring()
    bits[0] = True
    bits[9] = True
    encoded = bits.encode()
    assert encoded.startswith("u") and "=" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) == 16384 and raw[:2] == b"\x80\x40"


def test_credential_and_entry_and_revocation() -> None:
    bits = Bitstring()
    entry = status_list_entry(status_list_credential=URL, index=42)
    assert entry["statusListIndex"] == "42" and entry["type"] == "BitstringStatusListEntry"
    cred = status_list_credential(
        url=URL, issuer="did:web:x", bitstring=bits, valid_from="2024-01-01T00:00:00Z"
    )
    assert not status_entry_is_set(entry, cred)
    bits[42] = True
    cred = status_list_credential(
        url=URL, issuer="did:web:x", bitstring=bits, valid_from="2024-01-01T00:00:00Z"
    )
    assert status_entry_is_set(entry, cred)


def test_bad_lists_are_refused() -> None:
    with pytest.raises(StatusListError):
        Bitstring(size=8)
    with pytest.raises(StatusListError):
        Bitstring.decode("zabc")
    with pytest.raises(StatusListError):
        Bitstring.decode("u!!!")
    with pytest.raises(StatusListError):
        Bitstring()[MIN_ENTRIES]


def test_a_list_with_valid_until_carries_the_ttl_in_milliseconds() -> None:
    from sexto.credentials.ob3.status_list import TTL_SECONDS

    cred = status_list_credential(
        url=URL,
        issuer="did:web:x",
        bitstring=Bitstring(),
        valid_from="2024-01-01T00:00:00Z",
        valid_until="2024-01-03T00:00:00Z",
        purpose="suspension",
    )
    assert cred["validUntil"] == "2024-01-03T00:00:00Z"
    assert cred["credentialSubject"]["ttl"] == TTL_SECONDS * 1000
    assert cred["credentialSubject"]["statusPurpose"] == "suspension"


def test_a_copy_is_refused_outside_its_window_with_a_readable_reason() -> None:
    from datetime import UTC, datetime

    from sexto.credentials.ob3.status_check import status_list_window_refusal

    cred = {"validFrom": "2024-01-01T00:00:00Z", "validUntil": "2024-01-03T00:00:00Z"}
    assert status_list_window_refusal(cred, datetime(2024, 1, 2, tzinfo=UTC)) is None
    late = status_list_window_refusal(cred, datetime(2024, 1, 3, tzinfo=UTC))
    assert late == (
        "the status list this badge points to expired on 2024-01-03T00:00:00Z;"
        " ask the issuer for a fresh copy"
    )
    early = status_list_window_refusal(cred, datetime(2023, 12, 31, tzinfo=UTC))
    assert early is not None and "not valid before" in early
    assert "not a date-time" in (
        status_list_window_refusal({"validUntil": "soon"}, datetime.now(UTC)) or ""
    )
