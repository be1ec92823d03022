"""The encrypted backup archive: a manifest, then the pg_dump in chunks, each a Fernet token.

Layout: MAGIC, then records of (4-byte big-endian length, token). The first record is the
manifest (JSON); the rest are the dump's chunks in order. Fernet authenticates each record; the
manifest's chunk count and the dump's SHA-256 catch a missing, extra or reordered chunk.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.fernet import Fernet, InvalidToken

MAGIC = b"SEXTO-BACKUP-1\n"
CHUNK_BYTES = 8 * 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be read: wrong key, damaged or not a Sexto backup (the message says)."""


@dataclass(frozen=True)
class ArchiveContents:
    manifest: dict[str, Any]
    dump_sha256: str


def _record_write(out: IO[bytes], token: bytes) -> None:
    out.write(struct.pack(">I", len(token)))
    out.write(token)


def archive_write(
    *, dump_path: Path, manifest: dict[str, Any], key: str | bytes, out_path: Path
) -> dict[str, Any]:
    """Encrypt `dump_path` with its manifest (checksum and chunk count added) into `out_path`."""
    digest = hashlib.sha256()
    size = 0
    chunks = 0
    with dump_path.open("rb") as dump:
        for block in iter(lambda: dump.read(CHUNK_BYTES), b""):
            digest.update(block)
            size += len(block)
            chunks += 1
    full = {**manifest, "dump": {"sha256": digest.hexdigest(), "bytes": size, "chunks": chunks}}
    fernet = Fernet(key)
    with out_path.open("wb") as out, dump_path.open("rb") as dump:
        out.write(MAGIC)
        _record_write(out, fernet.encrypt(json.dumps(full, sort_keys=True).encode()))
        for block in iter(lambda: dump.read(CHUNK_BYTES), b""):
            _record_write(out, fernet.encrypt(block))
    return full


def _records(source: IO[bytes]) -> Iterator[bytes]:
    while True:
        header = source.read(4)
        if not header:
            return
        if len(header) != 4:
            raise ArchiveError("the archive is truncated (a record header is cut short)")
        (length,) = struct.unpack(">I", header)
        token = source.read(length)
        if len(token) != length:
            raise ArchiveError("the archive is truncated (a record is cut short)")
        yield token


def archive_read(*, archive_path: Path, key: str | bytes, dump_out: Path) -> ArchiveContents:
    """Decrypt the archive, write the dump to `dump_out`, and check it against the manifest."""
    fernet = Fernet(key)
    with archive_path.open("rb") as source:
        if source.read(len(MAGIC)) != MAGIC:
            raise ArchiveError(f"{archive_path.name} is not a Sexto backup")
        records = _records(source)
        try:
            first = next(records, None)
            if first is None:
                raise ArchiveError("the archive holds no manifest")
            manifest = json.loads(fernet.decrypt(first))
            digest = hashlib.sha256()
            chunks = 0
            with dump_out.open("wb") as dump:
                for token in records:
                    block = fernet.decrypt(token)
                    digest.update(block)
                    dump.write(block)
                    chunks += 1
        except InvalidToken:
            raise ArchiveError(
                "the archive cannot be decrypted: BACKUP_ENCRYPTION_KEY is not the key it was "
                "made with, or the file was altered"
            ) from None
    expected = manifest["dump"]
    if chunks != expected["chunks"] or digest.hexdigest() != expected["sha256"]:
        raise ArchiveError("the dump does not match its manifest (chunks missing or reordered)")
    return ArchiveContents(manifest=manifest, dump_sha256=digest.hexdigest())
