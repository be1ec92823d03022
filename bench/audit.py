"""Benchmark of the audit chain on PostgreSQL: verifying 1,000,000 events, and what auditing
costs a case page.

    python bench/audit.py [--events 1000000] [--reuse] [--requests 400]
                           [--skip-page] [--skip-verify]

1. Inserts ``--events`` events on one chain (the worst case: verification walks a chain in
   order) with COPY, computing the chain in Python exactly as `audit_record` does, and prints
   how long that took. With ``--reuse`` the events already there are kept.
2. Times the verification of that chain, split in two: **fetch** (reading the rows through the
   verifier's server-side cursor) and **hash-verify** (encoding each event, hashing, comparing
   the links); then raw hashlib SHA-256 over the very same bytes (previous hash ‖ encoding), and
   the ratio hash-verify / raw (target ≤ 5×). Then the whole walk as `audit_verify` runs it
   (`audit_chain_verify`), end to end (target < 10 s).
3. Times ``GET /cases/<id>/`` (Django test client, in-process, the case page of bench/cases.py)
   with auditing on, and with `audit_record` replaced by a no-op, in alternating blocks so that
   both see the same machine load; prints the medians and the overhead (target < 10 %). Each
   audited GET appends one read event to the 1,000,000-event table, as in production.

DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sexto_bench_audit) is created if
missing and migrated. Not part of CI.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import hashlib
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT / "src", ROOT / "bench"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sexto_bench_audit"
CHAIN = "org:bench-audit"
VERIFY_RATIO_TARGET = 5.0
WALK_TARGET_S = 10.0
OVERHEAD_TARGET = 0.10
ACTIONS = ["case.read", "case.read", "case.read", "step.update", "case.grid", "person.add"]


def django_setup(url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sexto.settings.test")
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def events_insert(count: int) -> float:
    """COPY `count` events onto CHAIN, hashed in order exactly as audit_record hashes them."""
    from django.conf import settings
    from django.db import connection

    from sexto.audit.chain import GENESIS_HASH, changes_digest, event_encode, event_hash
    from sexto.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # TRUNCATE fires no row trigger: the bench database is the bench's own.
        cursor.execute(
            f"TRUNCATE {AuditEvent._meta.db_table}, {AuditChainHead._meta.db_table}, "
            f"{AuditCheckpoint._meta.db_table}"
        )
    key = settings.AUDIT_HMAC_KEY.encode()
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=400)
    previous = GENESIS_HASH
    columns = (
        "id, chain, seq, occurred_at, actor, action, target_type, target_id, request_id, ip, "
        "changes_digest, prev_hash, hash"
    )
    raw = connection.connection  # psycopg connection under Django's
    batch = 100_000
    with raw.cursor() as cursor:
        for first in range(0, count, batch):
            with cursor.copy(f"COPY {AuditEvent._meta.db_table} ({columns}) FROM STDIN") as copy:
                for seq in range(first + 1, min(first + batch, count) + 1):
                    event_id = uuid.uuid4()
                    occurred = start + datetime.timedelta(milliseconds=seq * 30)
                    action = ACTIONS[seq % len(ACTIONS)]
                    digest = (
                        None
                        if action == "case.read"
                        else changes_digest(key=key, changes={"seq": seq})
                    )
                    request_id = uuid.uuid4().hex
                    ip = f"10.0.{seq % 250}.{seq % 200 + 1}"
                    target_id = str(uuid.UUID(int=seq % 5000 + 1))
                    actor = f"user:{seq % 300 + 1}"
                    encoding = event_encode(
                        event_id=event_id,
                        chain=CHAIN,
                        occurred_at=occurred,
                        actor=actor,
                        action=action,
                        target_type="interventions.case",
                        target_id=target_id,
                        request_id=request_id,
                        ip=ip,
                        changes_digest=digest,
                    )
                    digest_now = event_hash(previous_hash=previous, encoding=encoding)
                    copy.write_row(
                        (
                            event_id,
                            CHAIN,
                            seq,
                            occurred,
                            actor,
                            action,
                            "interventions.case",
                            target_id,
                            request_id,
                            ip,
                            digest,
                            previous.hex(),
                            digest_now.hex(),
                        )
                    )
                    previous = digest_now
            print(f"  {min(first + batch, count):,} events", end="\r", flush=True)
        cursor.execute(
            f"INSERT INTO {AuditChainHead._meta.db_table} (chain, seq, hash) VALUES (%s, %s, %s)",
            [CHAIN, count, previous.hex()],
        )
    raw.commit() if not raw.autocommit else None
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {AuditEvent._meta.db_table}")
    return time.perf_counter() - started


def verify_split(chain: str) -> dict[str, float]:
    """Fetch, then hash-verify, then raw SHA-256 over the same bytes: three separate timings."""
    from sexto.audit import selectors
    from sexto.audit.chain import GENESIS_HASH

    # The rows are kept for the next two steps: without the cyclic GC, which would otherwise
    # rescan a million live tuples again and again (the streaming walk keeps none alive).
    gc.disable()
    started = time.perf_counter()
    rows = list(selectors.audit_event_rows(chain=chain, after_seq=0))
    fetch = time.perf_counter() - started

    started = time.perf_counter()
    broken, count, _previous, _seq = selectors.audit_rows_verify(
        rows, chain=chain, previous=GENESIS_HASH, expected_seq=0
    )
    verify = time.perf_counter() - started
    assert broken is None, broken
    assert count == len(rows)

    # The same bytes the verifier hashed: previous hash ‖ encoding, for each event.
    messages = [
        bytes.fromhex(row[selectors.ROW_PREV_HASH].decode()) + selectors.row_encode(row)
        for row in rows
    ]
    sha256 = hashlib.sha256
    started = time.perf_counter()
    for message in messages:
        sha256(message).digest()
    raw = time.perf_counter() - started
    size = sum(len(m) for m in messages)
    gc.enable()
    return {"fetch": fetch, "verify": verify, "raw": raw, "rows": len(rows), "bytes": size}


def walk(chain: str) -> tuple[float, int]:
    from sexto.audit.selectors import audit_chain_verify

    started = time.perf_counter()
    report = audit_chain_verify(chain=chain)
    assert report.broken is None, report.broken
    return time.perf_counter() - started, report.events


# ---- The case page with and without auditing ---------------------------------------------


def _audit_switch() -> Callable[[bool], None]:
    """Turn `audit_record` into a no-op everywhere it was imported, and back."""
    from sexto.audit import services

    original = services.audit_record

    def nothing(**kwargs: Any) -> None:
        return None

    holders = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("sexto.") and getattr(module, "audit_record", None) is original
    ]

    def switch(on: bool) -> None:
        for module in holders:
            module.audit_record = original if on else nothing  # type: ignore[attr-defined]

    return switch


def case_page_overhead(requests: int) -> dict[str, float]:
    from cases import client_signed_in, data_seed  # bench/cases.py
    from sexto.audit.models import AuditEvent

    ids = data_seed(cases=200, entries=2_000, seed=2026)
    client = client_signed_in()
    url = f"/cases/{ids['small']}/"
    switch = _audit_switch()

    def one() -> float:
        begin = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return time.perf_counter() - begin

    for _ in range(20):
        one()  # warm-up
    timings: dict[bool, list[float]] = {True: [], False: []}
    before = AuditEvent.objects.count()
    block = 20
    for round_ in range(0, requests, block):
        for audited in (True, False) if (round_ // block) % 2 == 0 else (False, True):
            switch(audited)
            timings[audited].extend(one() for _ in range(block))
    switch(True)
    written = AuditEvent.objects.count() - before
    on, off = statistics.median(timings[True]), statistics.median(timings[False])
    return {"on": on, "off": off, "written": written, "n": len(timings[True])}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark of the audit chain.")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep the events already inserted")
    parser.add_argument("--requests", type=int, default=400, help="case page GETs per mode")
    parser.add_argument("--skip-page", action="store_true", help="only the verification part")
    parser.add_argument("--skip-verify", action="store_true", help="only the case page part")
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error("this benchmark needs PostgreSQL (DATABASE_URL=postgres://…)")
    from cases import database_ensure  # bench/cases.py

    database_ensure(url)
    django_setup(url)
    from sexto.audit.models import AuditEvent

    if not args.reuse or not AuditEvent.objects.filter(chain=CHAIN).exists():
        print(f"Inserting {args.events:,} audit events (COPY, chain computed in Python):")
        seconds = events_insert(args.events)
        print(f"  {args.events:,} events inserted in {seconds:.1f} s")

    if not args.skip_verify:
        verification_print()
    if not args.skip_page:
        page_print(args.requests)
    return 0


def verification_print() -> None:
    split = verify_split(CHAIN)
    ratio = split["verify"] / split["raw"]
    print(
        f"\nVerification of {split['rows']:,} events ({split['bytes'] / 1e6:.0f} MB hashed), "
        f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores:"
    )
    print(f"  fetch (COPY stream, rows parsed):    {split['fetch']:.2f} s")
    print(f"  hash-verify (encode, hash, compare): {split['verify']:.2f} s")
    print(f"  raw hashlib SHA-256, same bytes:     {split['raw']:.2f} s")
    verdict = (
        "ok" if ratio <= VERIFY_RATIO_TARGET else f"MISSES the {VERIFY_RATIO_TARGET:.0f}× target"
    )
    print(f"  hash-verify / raw SHA-256:           {ratio:.2f}× ({verdict})")
    seconds, events = walk(CHAIN)
    verdict = "ok" if seconds < WALK_TARGET_S else f"MISSES the {WALK_TARGET_S:.0f} s target"
    print(
        f"  whole walk (audit_chain_verify):     {seconds:.2f} s for {events:,} events ({verdict})"
    )


def page_print(requests: int) -> None:
    print("\nCase page GET /cases/<id>/ with auditing on and off (alternating blocks):")
    page = case_page_overhead(requests)
    overhead = page["on"] / page["off"] - 1
    verdict = "ok" if overhead < OVERHEAD_TARGET else "MISSES the 10 % target"
    print(
        f"  audited {page['on'] * 1000:.1f} ms, not audited {page['off'] * 1000:.1f} ms "
        f"(medians of {page['n']:.0f} each; {page['written']:.0f} read events written): "
        f"overhead {overhead * 100:+.1f} % ({verdict}); load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
