"""The audit chain's byte encoding and hash (DESIGN.md). Pure functions: no database here.

Each event's hash is SHA-256(previous hash ‖ encoding), where the previous hash is the 32 raw
bytes of the preceding event's hash (32 zero bytes for a chain's first event, or the checkpoint's
hash after pruning) and the encoding is, for each column in this fixed order:

    id, chain, occurred_at, actor, action, target_type, target_id, request_id, ip, changes_digest

a 4-byte big-endian length followed by the column's UTF-8 bytes; a NULL column is the length
0xFFFFFFFF with no bytes (so NULL and "" differ). `id` is the event's UUID in its 36-character
hyphenated form; `occurred_at` is UTC ISO 8601 with microseconds and `+00:00`
(e.g. `2026-11-26T14:03:07.123456+00:00`).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import struct
import uuid
from collections.abc import Mapping
from typing import Any

GENESIS_HASH = bytes(32)
_NULL_LENGTH = struct.pack(">I", 0xFFFFFFFF)


def timestamp_encode(moment: datetime.datetime) -> str:
    """UTC ISO 8601 with microseconds, the only time form that enters a hash."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def event_encode(
    *,
    event_id: uuid.UUID,
    chain: str,
    occurred_at: datetime.datetime,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    request_id: str | None,
    ip: str | None,
    changes_digest: str | None,
) -> bytes:
    """The length-prefixed byte encoding of one event's columns, in the documented order."""
    columns = (
        str(event_id),
        chain,
        timestamp_encode(occurred_at),
        actor,
        action,
        target_type,
        target_id,
        request_id,
        ip,
        changes_digest,
    )
    parts: list[bytes] = []
    for column in columns:
        if column is None:
            parts.append(_NULL_LENGTH)
            continue
        data = column.encode("utf-8")
        parts.append(struct.pack(">I", len(data)))
        parts.append(data)
    return b"".join(parts)


def event_hash(*, previous_hash: bytes, encoding: bytes) -> bytes:
    """SHA-256 of the previous hash followed by this event's encoding."""
    return hashlib.sha256(previous_hash + encoding).digest()


def changes_digest(*, key: bytes, changes: Mapping[str, Any]) -> str:
    """HMAC-SHA256 of the changed values (canonical JSON): proves what changed, never shows it."""
    canonical = json.dumps(changes, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()
