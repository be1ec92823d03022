"""Backup and restore of a PostgreSQL database with pg_dump / pg_restore (docs/deploy.md).

Both run from an argument list, never through a shell (hence the bandit B404/B603 exceptions).
"""

from __future__ import annotations

import datetime
import os
import subprocess  # nosec B404
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from sexto.audit.models import AuditChainHead
from sexto.backups.archive import ArchiveError, archive_read, archive_write

__all__ = ["ArchiveError", "BackupError", "backup_create", "backup_restore"]


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


def _pg_environment() -> dict[str, str]:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "backups need PostgreSQL (DATABASE_URL=postgres://…); "
            "the SQLite demo database is a plain file: copy var/db.sqlite3"
        )
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db.get("USER") or "postgres"}
    for key, name in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("PASSWORD", "PGPASSWORD")]:
        if db.get(key):
            env[name] = str(db[key])
    return env


def _run(args: list[str], *, env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["no message"])[0]
        raise BackupError(f"{args[0]} failed: {first}")


def audit_heads() -> dict[str, dict[str, Any]]:
    """Each audit chain's last sequence and hash: a restore must show the same heads."""
    return {
        head.chain: {"seq": head.seq, "hash": head.hash}
        for head in AuditChainHead.objects.order_by("chain")
    }


def backup_create(*, directory: Path, now: datetime.datetime | None = None) -> tuple[Path, dict]:
    """pg_dump (custom format) encrypted with BACKUP_ENCRYPTION_KEY, with a checksummed manifest."""
    env = _pg_environment()
    now = now or timezone.now()
    directory.mkdir(parents=True, exist_ok=True)
    out_path = directory / f"sexto-{now:%Y%m%dT%H%M%SZ}.backup"
    applied = MigrationRecorder.Migration.objects.order_by("app", "name").values_list("app", "name")
    latest: dict[str, str] = {}
    for app, name in applied:
        latest[app] = max(latest.get(app, ""), name)
    manifest = {
        "format": 1,
        "created_at": now.astimezone(datetime.UTC).isoformat(),
        "database": settings.DATABASES["default"]["NAME"],
        "postgresql": connection.cursor().connection.info.server_version,
        "migrations": latest,
        "audit_heads": audit_heads(),
    }
    with tempfile.TemporaryDirectory(prefix="sexto-backup-") as tmp:
        dump_path = Path(tmp) / "db.dump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(dump_path)],
            env=env,
        )
        full = archive_write(
            dump_path=dump_path,
            manifest=manifest,
            key=settings.BACKUP_ENCRYPTION_KEY,
            out_path=out_path,
        )
    out_path.chmod(0o600)
    return out_path, full


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        (count,) = cursor.fetchone()
    return count == 0


def backup_restore(*, archive_path: Path) -> dict[str, Any]:
    """Decrypt and check the archive, pg_restore it into the (empty) configured database."""
    env = _pg_environment()
    if not archive_path.is_file():
        raise BackupError(f"no such file: {archive_path}")
    if not _database_is_empty():
        raise BackupError(
            f"database {env['PGDATABASE']} is not empty: restore only into a new, empty database "
            "(createdb, then point DATABASE_URL at it)"
        )
    with tempfile.TemporaryDirectory(prefix="sexto-restore-") as tmp:
        dump_path = Path(tmp) / "db.dump"
        contents = archive_read(
            archive_path=archive_path, key=settings.BACKUP_ENCRYPTION_KEY, dump_out=dump_path
        )
        connection.close()  # pg_restore creates the tables; Django reconnects afterwards
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-d",
                env["PGDATABASE"],
                str(dump_path),
            ],
            env=env,
        )
    restored = audit_heads()
    expected = contents.manifest["audit_heads"]
    if restored != expected:
        raise BackupError("the restored audit chain heads differ from the backup's manifest")
    return contents.manifest
