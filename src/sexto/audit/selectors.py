"""Reading and verifying the audit chains."""

from __future__ import annotations

import hashlib
import re
import struct
from binascii import hexlify
from collections.abc import Collection, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from sexto.audit.chain import GENESIS_HASH, timestamp_encode
from sexto.audit.models import AccessGrant, AuditChainHead, AuditCheckpoint, AuditEvent
from sexto.audit.services import target_identity
from sexto.core.types import BaseActor, BaseViewer


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    seq: int
    event_id: str
    problem: str

    def __str__(self) -> str:
        return f"chain {self.chain}: event #{self.seq} ({self.event_id}) {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    chain: str
    events: int
    broken: ChainBreak | None


def audit_chain_names() -> list[str]:
    """Every chain that has events or a head."""
    names = set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    names.update(AuditChainHead.objects.values_list("chain", flat=True))
    return sorted(names)


# Verification reads plain tuples, not model instances (1,000,000 events in seconds, see
# bench/audit.py): seq (an int), then the hashed columns in the order of chain.event_encode as
# the UTF-8 bytes that enter the hash (None for NULL), then prev_hash and hash (hex, as bytes).
ROW_SEQ, ROW_ID, ROW_PREV_HASH, ROW_HASH = 0, 1, 11, 12
_HASHED = (
    "id",
    "chain",
    "occurred_at",
    "actor",
    "action",
    "target_type",
    "target_id",
    "request_id",
    "ip",
    "changes_digest",
)
_PACK_LENGTH = struct.Struct(">I").pack
_NULL = b"\xff\xff\xff\xff"
_COPY_NULL = b"\\N"
# PostgreSQL's COPY text format escapes these (and only these) on output.
_COPY_ESCAPES = {ord(k): v for k, v in zip("bfnrtv\\", b"\b\f\n\r\t\v\\", strict=True)}
_FETCH = 10_000


_COPY_ESCAPE = re.compile(rb"\\(.)", re.DOTALL)


def _copy_unescape(raw: bytes) -> bytes:
    return _COPY_ESCAPE.sub(lambda m: bytes([_COPY_ESCAPES.get(m[1][0], m[1][0])]), raw)


def _copy_row(line: bytes) -> tuple[Any, ...]:
    """One line of COPY's text format as a row: NULL (only request_id, ip and changes_digest
    may be) becomes None; any other backslash is an escape, undone (rare: keys are ASCII)."""
    fields: list[Any] = line.split(b"\t")
    nulls = 0
    for index in (8, 9, 10):
        if fields[index] == _COPY_NULL:
            fields[index] = None
            nulls += 1
    if line.count(b"\\") > nulls:
        fields = [f if f is None else _copy_unescape(f) for f in fields]
    fields[0] = int(fields[0])
    return tuple(fields)


def audit_event_rows(*, chain: str, after_seq: int) -> Generator[tuple[Any, ...], None, None]:
    """The chain's events after `after_seq`, in order, as rows of bytes (see ROW_*). PostgreSQL
    streams them with COPY, formatting the id and the UTC time itself: no Python object per
    column, and the bytes are those the hash is made of."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        sql = (
            "COPY (SELECT seq, id::text, chain, "  # noqa: S608  # nosec B608
            "to_char(occurred_at AT TIME ZONE 'UTC', "
            '\'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"\'), '
            "actor, action, target_type, target_id, request_id, ip, changes_digest, "
            f"prev_hash, hash FROM {table} WHERE chain = %s AND seq > %s ORDER BY seq) "
            "TO STDOUT"
        )
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(sql, [chain, after_seq]) as copy,
        ):
            pending = b""
            for block in copy:
                data = pending + bytes(block)
                if data.endswith(b"\n") and data.count(b"\n") == 1:
                    # libpq hands COPY data over one row at a time: the usual case.
                    pending = b""
                    yield _copy_row(data[:-1])
                    continue
                lines = data.split(b"\n")
                pending = lines.pop()
                for line in lines:
                    yield _copy_row(line)
        return
    for values in (
        AuditEvent.objects.filter(chain=chain, seq__gt=after_seq)
        .order_by("seq")
        .values_list("seq", *_HASHED, "prev_hash", "hash")
        .iterator(chunk_size=_FETCH)
    ):
        texts = (str(values[1]), values[2], timestamp_encode(values[3]), *values[4:])
        yield (values[0], *(None if t is None else t.encode() for t in texts))


def row_encode(row: tuple[Any, ...]) -> bytes:
    """chain.event_encode of a row (same bytes, without building an event first)."""
    parts: list[bytes] = []
    append = parts.append
    for data in row[1:11]:
        if data is None:
            append(_NULL)
        else:
            append(_PACK_LENGTH(len(data)))
            append(data)
    return b"".join(parts)


def audit_rows_verify(
    rows: Iterable[tuple[Any, ...]], *, chain: str, previous: bytes, expected_seq: int
) -> tuple[ChainBreak | None, int, bytes, int]:
    """Check each row's number, link and hash in order. Returns the first break (or None), how
    many rows were read, and the last hash and number reached. Runs no query (the rows may be
    streaming on the connection): a broken link is reported as such; the caller looks for the
    event it points to (`_displaced_event`) once the stream is closed."""
    sha256 = hashlib.sha256
    previous_hex = hexlify(previous)
    count = 0
    for row in rows:
        count += 1
        expected_seq += 1
        if row[ROW_SEQ] != expected_seq or row[ROW_PREV_HASH] != previous_hex:
            problem = (
                f"follows #{expected_seq - 1}: events are missing"
                if row[ROW_SEQ] != expected_seq
                else "does not link to the previous event's hash"
            )
            broken = ChainBreak(chain, row[ROW_SEQ], row[ROW_ID].decode(), problem)
            return broken, count, previous, expected_seq
        computed = sha256(previous + row_encode(row)).digest()
        computed_hex = hexlify(computed)
        if computed_hex != row[ROW_HASH]:
            problem = "was altered: its hash does not match its columns"
            broken = ChainBreak(chain, row[ROW_SEQ], row[ROW_ID].decode(), problem)
            return broken, count, previous, expected_seq
        previous, previous_hex = computed, computed_hex
    return None, count, previous, expected_seq


def _displaced_event(*, chain: str, link: str, seq: int) -> ChainBreak | None:
    """The event the next one links to, found out of place: its chain or number was altered."""
    found = AuditEvent.objects.filter(hash=link).first()
    if found is None:
        return None
    where = "moved to another chain" if found.chain != chain else "renumbered"
    return ChainBreak(
        chain, seq, str(found.id), f"was altered: {where} (now {found.chain}#{found.seq})"
    )


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """One transaction whose reads all see the database as it was at its first read: a prune
    committing meanwhile (events removed, checkpoint moved) is seen entirely or not at all.
    PostgreSQL needs REPEATABLE READ for that (READ COMMITTED takes a snapshot per statement);
    SQLite's read transaction already is one snapshot. Inside a caller's transaction, its own
    isolation applies (the level can only be set before the first query)."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def audit_chain_verify(*, chain: str) -> ChainReport:
    """Recompute every hash of one chain from its start (or checkpoint); report the first break.
    The checkpoint, the events and the head are read in one snapshot (no false break while a
    prune runs)."""
    with _one_snapshot():
        return _chain_verify(chain=chain)


def _chain_verify(*, chain: str) -> ChainReport:
    checkpoint = AuditCheckpoint.objects.filter(chain=chain).first()
    start_seq = checkpoint.seq if checkpoint else 0
    start_hash = bytes.fromhex(checkpoint.hash) if checkpoint else GENESIS_HASH
    rows = audit_event_rows(chain=chain, after_seq=start_seq)
    try:
        broken, count, previous, expected_seq = audit_rows_verify(
            rows, chain=chain, previous=start_hash, expected_seq=start_seq
        )
    finally:
        rows.close()  # ends the COPY stream before any other query on the connection
    if broken is not None:
        if broken.problem.startswith(("follows", "does not link")):
            link = AuditEvent.objects.filter(chain=chain, seq=broken.seq).values_list(
                "prev_hash", flat=True
            )
            found = link.first()
            displaced = (
                _displaced_event(chain=chain, link=found, seq=expected_seq) if found else None
            )
            broken = displaced or broken
        return ChainReport(chain, count, broken)
    head = AuditChainHead.objects.filter(chain=chain).first()
    if head is not None and (head.seq != expected_seq or head.hash != previous.hex()):
        last = AuditEvent.objects.filter(chain=chain, seq=expected_seq).values_list("id", flat=True)
        last_id = str(last.first()) if count else "none"
        return ChainReport(
            chain,
            count,
            ChainBreak(
                chain,
                expected_seq,
                last_id,
                f"is the last event, but the chain's head says #{head.seq}: events were removed",
            ),
        )
    return ChainReport(chain, count, None)


# ---- Access grants and the audit log in use ------------------------------------------------


def access_grant_live(*, user: BaseViewer, target: Any) -> AccessGrant | None:
    """The user's grant on `target` in force now (break-glass first), or None."""
    if not user.is_authenticated:
        return None
    target_type, target_id = target_identity(target)
    now = timezone.now()
    return (
        AccessGrant.objects.filter(
            grantee_id=user.pk,
            target_type=target_type,
            target_id=target_id,
            revoked_at__isnull=True,
            starts_at__lte=now,
            ends_at__gt=now,
        )
        # "break_glass" sorts before "grant": its banner must win when both are live.
        .order_by("kind", "-ends_at")
        .first()
    )


def access_grant_last_ended(*, user: BaseViewer, target: Any) -> AccessGrant | None:
    """The user's most recent grant on `target` that has ended (expired or revoked), or None."""
    if not user.is_authenticated:
        return None
    target_type, target_id = target_identity(target)
    now = timezone.now()
    return (
        AccessGrant.objects.filter(grantee_id=user.pk, target_type=target_type, target_id=target_id)
        .filter(Q(revoked_at__isnull=False) | Q(ends_at__lte=now))
        .order_by("-starts_at")
        .first()
    )


def access_grant_holder(user: BaseViewer) -> bool:
    """Whether the user holds any grant in force now (DESIGN.md: they need two-factor sign-in)."""
    if not user.is_authenticated:
        return False
    now = timezone.now()
    return AccessGrant.objects.filter(
        grantee_id=user.pk, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now
    ).exists()


def access_grants_of_target(*, target: Any) -> QuerySet[AccessGrant]:
    """Every grant and break-glass given on `target`, newest first (live and ended)."""
    target_type, target_id = target_identity(target)
    return AccessGrant.objects.filter(target_type=target_type, target_id=target_id).select_related(
        "grantee", "granted_by", "revoked_by"
    )


def access_grants_held(*, user: BaseActor) -> QuerySet[AccessGrant]:
    """The grants a person holds or held, newest first."""
    return AccessGrant.objects.filter(grantee_id=user.pk).select_related("granted_by")


def audit_events_for(
    *, targets: list[tuple[str, str]], actions: Collection[str] | None = None
) -> QuerySet[AuditEvent]:
    """Events about any of `targets` (type, id), optionally of some actions, newest first."""
    match = Q(pk__in=[])
    for target_type, target_id in targets:
        match |= Q(target_type=target_type, target_id=target_id)
    events = AuditEvent.objects.filter(match)
    if actions is not None:
        events = events.filter(action__in=list(actions))
    return events.order_by("-occurred_at", "-seq")
