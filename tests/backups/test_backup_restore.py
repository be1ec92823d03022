"""Backup then restore into an empty database: same data, same audit heads, chains intact."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import REPO_ROOT


def _admin_dsn(dbname: str) -> str:
    db = settings.DATABASES["default"]
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"host={host} port={port} user={db.get('USER') or 'postgres'} dbname={dbname}"


def _manage(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "sexto.settings.test",
    }
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _counts(dbname: str) -> dict[str, int]:
    tables = [
        "directory_user",
        "interventions_case",
        "interventions_chronologyentry",
        "audit_auditevent",
    ]
    with psycopg.connect(_admin_dsn(dbname)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_demo_round_trips_and_its_audit_chains_verify(tmp_path: Path) -> None:
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("backup", to=str(tmp_path), stdout=open(os.devnull, "w"))  # noqa: SIM115
    (archive_path,) = tmp_path.glob("sexto-*.backup")
    source = settings.DATABASES["default"]["NAME"]
    target = f"sexto_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_admin_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        db = settings.DATABASES["default"]
        server = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
        url = f"postgres://{db.get('USER') or 'postgres'}@{server}/{target}"
        result = _manage("restore", str(archive_path), database_url=url)
        assert result.returncode == 0, result.stderr
        assert "All audit chains intact" in result.stdout
        assert _counts(target) == _counts(source)
        assert _counts(target)["interventions_case"] > 0
        again = _manage("restore", str(archive_path), database_url=url)
        assert again.returncode == 2
        assert again.stderr.strip().startswith("Restore failed: database")
        assert "is not empty" in again.stderr
    finally:
        with psycopg.connect(_admin_dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_on_sqlite_the_command_says_what_to_do_instead(tmp_path: Path) -> None:
    result = _manage(
        "backup", "--to", str(tmp_path), database_url=f"sqlite:///{tmp_path}/x.sqlite3"
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Backup failed: backups need PostgreSQL (DATABASE_URL=postgres://…); "
        "the SQLite demo database is a plain file: copy var/db.sqlite3"
    )
