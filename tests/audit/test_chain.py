"""The byte encoding and hash of DESIGN.md, fixed by known vectors.

The hex vectors below were computed outside Python from the documented encoding (docs/audit.md):
`printf` of the bytes piped to `openssl dgst -sha256` (event hashes) and
`openssl dgst -sha256 -mac HMAC -macopt key:kkk…` (changes digests, 32 × "k").
"""

import datetime
import hashlib
import hmac
import uuid

import pytest

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


KEY = b"k" * 32


def test_changes_digest_vectors() -> None:
    """HMAC-SHA256 over the canonical JSON: keys sorted, no spaces, ASCII escapes, `str()` for
    values JSON has no form for (a datetime here)."""
    assert (
        changes_digest(key=KEY, changes={"narrative": "secret words"})
        == "3be12539aa28ddf8e0f6e4c496826af53b27da3f9792d9f43f00cb08f8ed0b86"
    )
    assert (
        changes_digest(key=KEY, changes={"status": "closed"})
        == "147804ca7e11b9aa245736d6c1708ac76740120a04845e48a9f3a9381ec70454"
    )
    # Inserted out of order, with every JSON type; the canonical form is
    # {"a":1,"b":[2,"x"],"c":null,"d":true,"e":"2026-01-02 03:04:05+00:00","f":"\u00e9t\u00e9"}
    mixed = {
        "f": "été",
        "e": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        "d": True,
        "c": None,
        "b": [2, "x"],
        "a": 1,
    }
    canonical = (
        b'{"a":1,"b":[2,"x"],"c":null,"d":true,'
        b'"e":"2026-01-02 03:04:05+00:00","f":"\\u00e9t\\u00e9"}'
    )
    expected = "e6d6fe6a3050460395e4124dd3113b7b0291f0d911b3f1e4f6794cd099429025"
    assert hmac.new(KEY, canonical, hashlib.sha256).hexdigest() == expected
    assert changes_digest(key=KEY, changes=mixed) == expected


def test_changes_digest_follows_every_value_and_key() -> None:
    closed = changes_digest(key=KEY, changes={"status": "closed"})
    # Another value, another key, one more key, another type: each is another digest.
    assert (
        changes_digest(key=KEY, changes={"status": "open"})
        == "f0836447662b0ae650efbc2b92e7d564b70986e47f7d400195f814e928dfa029"
    )
    assert (
        changes_digest(key=KEY, changes={"state": "closed"})
        == "9e98888822883f87eba0afa9eb42e4acf8217c673eac8ce1f852844553363fa3"
    )
    variants = [
        {"status": "open"},
        {"state": "closed"},
        {"status": "closed", "reason": ""},
        {"status": ["closed"]},
        {"status": None},
        {"status": "Closed"},
    ]
    digests = {changes_digest(key=KEY, changes=v) for v in variants}
    assert closed not in digests and len(digests) == len(variants)


def test_changes_digest_order_counts_only_inside_lists() -> None:
    """Canonical JSON sorts the keys (the order a service builds its dict in is not a change)
    but keeps the order of a list's items (which is)."""
    one = changes_digest(key=KEY, changes={"a": 1, "b": 2, "c": {"y": 1, "x": 2}})
    other = changes_digest(key=KEY, changes={"c": {"x": 2, "y": 1}, "b": 2, "a": 1})
    assert one == other
    assert changes_digest(key=KEY, changes={"people": ["A", "B"]}) != changes_digest(
        key=KEY, changes={"people": ["B", "A"]}
    )


# Two linked events of the platform chain: columns, and the hash of each (sha256 of the previous
# hash's 32 bytes followed by the encoding), computed with printf and openssl.
FIRST = dict(
    event_id=uuid.UUID("00000000-0000-0000-0000-000000000001"),
    chain="platform",
    occurred_at=datetime.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
    actor="user:1",
    action="case.close",
    target_type="interventions.case",
    target_id="42",
    request_id="r-1",
    ip=None,
    changes_digest="147804ca7e11b9aa245736d6c1708ac76740120a04845e48a9f3a9381ec70454",
)
FIRST_HASH = "c163822bf7545181eee77513670f51ffe89a2ea3d07efbfc535408d2c1ef8ee4"
SECOND = dict(
    FIRST,
    event_id=uuid.UUID("00000000-0000-0000-0000-000000000002"),
    occurred_at=datetime.datetime(2026, 1, 2, 3, 4, 6, tzinfo=datetime.UTC),
    action="case.read",
    request_id=None,
    ip="192.0.2.7",
    changes_digest=None,
)
SECOND_HASH = "d7bc7ab3fca0246451be0bd4d4d456e3a7802d7d299a3550c2527441d269a9ce"


def test_event_hash_vectors_of_a_linked_pair() -> None:
    first = event_hash(previous_hash=GENESIS_HASH, encoding=event_encode(**FIRST))
    assert first.hex() == FIRST_HASH
    second = event_hash(previous_hash=first, encoding=event_encode(**SECOND))
    assert second.hex() == SECOND_HASH
    assert bytes(32) == GENESIS_HASH


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("event_id", uuid.UUID("00000000-0000-0000-0000-000000000009")),
        ("chain", "org:other"),
        ("occurred_at", datetime.datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=datetime.UTC)),
        ("actor", "user:2"),
        ("action", "case.reopen"),
        ("target_type", "interventions.intake"),
        ("target_id", "43"),
        ("request_id", ""),
        ("ip", ""),
        ("changes_digest", "f0836447662b0ae650efbc2b92e7d564b70986e47f7d400195f814e928dfa029"),
    ],
)
def test_every_column_enters_the_hash(column: str, value: object) -> None:
    changed = event_hash(
        previous_hash=GENESIS_HASH, encoding=event_encode(**{**FIRST, column: value})
    )
    assert changed.hex() != FIRST_HASH


def test_the_previous_hash_enters_the_hash() -> None:
    assert (
        event_hash(previous_hash=b"\x01" * 32, encoding=event_encode(**FIRST)).hex() != FIRST_HASH
    )


def test_moving_bytes_between_columns_changes_the_encoding() -> None:
    """The length prefixes keep columns apart: "ab" + "c" is not "a" + "bc"."""
    assert event_encode(**{**FIRST, "actor": "ab", "action": "c"}) != event_encode(
        **{**FIRST, "actor": "a", "action": "bc"}
    )


def test_the_same_moment_in_any_zone_hashes_the_same() -> None:
    montreal = datetime.timezone(datetime.timedelta(hours=-5))
    local = datetime.datetime(2026, 1, 1, 22, 4, 5, 6, tzinfo=montreal)  # FIRST's moment
    assert event_encode(**{**FIRST, "occurred_at": local}) == event_encode(**FIRST)
    assert timestamp_encode(datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC)) == (
        "2026-07-01T00:00:00.000000+00:00"
    )
