"""The backup archive: what goes in comes out; a wrong key or an altered file is named."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from sexto.backups import archive
from sexto.backups.archive import MAGIC, ArchiveError, archive_read, archive_write

KEY = Fernet.generate_key()


@pytest.fixture
def dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(archive, "CHUNK_BYTES", 1000)  # several chunks from a small dump
    path = tmp_path / "db.dump"
    path.write_bytes(os.urandom(3500))
    return path


def _write(dump: Path, tmp_path: Path) -> Path:
    out = tmp_path / "x.backup"
    archive_write(dump_path=dump, manifest={"audit_heads": {}}, key=KEY, out_path=out)
    return out


def test_round_trip_gives_back_the_dump_and_its_manifest(dump: Path, tmp_path: Path) -> None:
    out = _write(dump, tmp_path)
    assert dump.read_bytes() not in out.read_bytes()
    contents = archive_read(archive_path=out, key=KEY, dump_out=tmp_path / "back.dump")
    assert (tmp_path / "back.dump").read_bytes() == dump.read_bytes()
    assert contents.manifest["dump"]["chunks"] == 4
    assert contents.manifest["dump"]["bytes"] == 3500


def test_a_wrong_key_is_named(dump: Path, tmp_path: Path) -> None:
    out = _write(dump, tmp_path)
    with pytest.raises(ArchiveError, match="BACKUP_ENCRYPTION_KEY is not the key"):
        archive_read(archive_path=out, key=Fernet.generate_key(), dump_out=tmp_path / "b")


def _records(path: Path) -> list[bytes]:
    data = path.read_bytes()[len(MAGIC) :]
    records = []
    while data:
        (length,) = struct.unpack(">I", data[:4])
        records.append(data[4 : 4 + length])
        data = data[4 + length :]
    return records


def _rewrite(path: Path, records: list[bytes]) -> None:
    path.write_bytes(MAGIC + b"".join(struct.pack(">I", len(r)) + r for r in records))


def test_a_reordered_or_missing_chunk_is_caught(dump: Path, tmp_path: Path) -> None:
    out = _write(dump, tmp_path)
    manifest, *chunks = _records(out)
    _rewrite(out, [manifest, chunks[1], chunks[0], *chunks[2:]])
    with pytest.raises(ArchiveError, match="does not match its manifest"):
        archive_read(archive_path=out, key=KEY, dump_out=tmp_path / "b")
    _rewrite(out, [manifest, *chunks[:-1]])
    with pytest.raises(ArchiveError, match="does not match its manifest"):
        archive_read(archive_path=out, key=KEY, dump_out=tmp_path / "b")


def test_an_altered_byte_or_a_cut_file_is_refused(dump: Path, tmp_path: Path) -> None:
    out = _write(dump, tmp_path)
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    out.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match="altered"):
        archive_read(archive_path=out, key=KEY, dump_out=tmp_path / "b")
    out = _write(dump, tmp_path)
    out.write_bytes(out.read_bytes()[:-10])
    with pytest.raises(ArchiveError, match="truncated"):
        archive_read(archive_path=out, key=KEY, dump_out=tmp_path / "b")


def test_another_file_is_not_taken_for_a_backup(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(ArchiveError, match="is not a Sexto backup"):
        archive_read(archive_path=other, key=KEY, dump_out=tmp_path / "b")
