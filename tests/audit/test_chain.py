"""The byte encoding and hash of DESIGN.md, fixed by a known vector."""

import datetime
import hashlib
import uuid

from sexto.audit.chain import (
    GENESIS_HASH,
    changes_digest,
    event_encode,
    event_hash,
    timestamp_encode,
)


def test_timestamp_is_utc_iso_with_microseconds() -> None:
    local = datetime.datetime(
        2024, 3, 14, 16, 43, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=-4))
    )
    assert timestamp_encode(local) == "2024-03-14T20:43:05.000000+00:00"


def test_encoding_is_length_prefixed_in_the_documented_order() -> None:
    encoding = event_encode(
        event_id=uuid.UUID("00000000-0000-0000-0000-000000000001"),
        chain="platform",
        occurred_at=datetime.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
        actor="user:1",
        action="auth.sign_in",
        target_type="directory.user",
        target_id="1",
        request_id=None,
        ip="127.0.0.1",
        changes_digest="",
    )
    expected = b"".join(
        [
            b"\x00\x00\x00\x24",
            b"00000000-0000-0000-0000-000000000001",
            b"\x00\x00\x00\x08",
            b"platform",
            b"\x00\x00\x00\x20",
            b"2026-01-02T03:04:05.000006+00:00",
            b"\x00\x00\x00\x06",
            b"user:1",
            b"\x00\x00\x00\x0c",
            b"auth.sign_in",
            b"\x00\x00\x00\x0e",
            b"directory.user",
            b"\x00\x00\x00\x01",
            b"1",
            b"\xff\xff\xff\xff",
            b"\x00\x00\x00\x09",
            b"127.0.0.1",
            b"\x00\x00\x00\x00",
        ]
    )
    assert encoding == expected
    assert (
        event_hash(previous_hash=GENESIS_HASH, encoding=encoding)
        == hashlib.sha256(bytes(32) + expected).digest()
    )


def test_null_and_empty_differ() -> None:
    common = dict(
        event_id=uuid.uuid4(),
        chain="c",
        occurred_at=datetime.datetime.now(datetime.UTC),
        actor="a",
        action="b",
        target_type="t",
        target_id="1",
        ip=None,
        changes_digest=None,
    )
    assert event_encode(request_id=None, **common) != event_encode(request_id="", **common)


def test_changes_digest_is_keyed_and_hides_values() -> None:
    digest = changes_digest(key=b"k" * 32, changes={"narrative": "secret words"})
    assert "secret" not in digest and len(digest) == 64
    assert digest != changes_digest(key=b"j" * 32, changes={"narrative": "secret words"})
