"""The embedded SQLite default under several people at once: case pages write an audit event on
every read, and with SQLite's defaults a second writer got "database is locked" (a 500) at once
(issue 14, item 12). These tests run on a real file database, as `make run` does."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connection, connections

from sexto.settings.env import parse_database_url
from tests.helpers import FormClient

T = TypeVar("T")
THREADS = 6
ROUNDS = 8
TEAM = [
    "coordination@hauts-sommets.demo",
    "direction@hauts-sommets.demo",
    "backup@hauts-sommets.demo",
]


def test_sqlite_is_configured_for_concurrent_use() -> None:
    options = parse_database_url("sqlite:///var/db.sqlite3")["OPTIONS"]
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 10  # seconds a writer waits for its turn
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "transaction_mode" not in parse_database_url("postgres://u@h:5432/db").get("OPTIONS", {})


def _in_thread(work: Callable[[], T]) -> T:
    """Run `work` in a thread of its own, so it opens its own connection (to the file)."""
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:
            failure.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


def _seed() -> tuple[str, list[str]]:
    from sexto.directory.demo import demo_directory_seed
    from sexto.interventions.demo import demo_cases_seed
    from sexto.interventions.models import Case

    demo_directory_seed(lambda line: None)
    demo_cases_seed(lambda line: None)
    case = Case.objects.filter(school__ministry_code="751001", closed_at__isnull=True).first()
    assert case is not None
    assert connection.vendor == "sqlite" and connection.settings_dict["NAME"].endswith(".sqlite3")
    return str(case.pk), TEAM


@pytest.fixture
def file_database(tmp_path: Path, transactional_db: None, django_db_blocker: Any) -> Any:
    """The migrated test schema copied into a file; new connections (other threads) open it,
    while this thread keeps the test database (left untouched). Transactional: a backup waits
    forever on the write lock an open test transaction holds."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: the embedded default")
    path = tmp_path / "concurrent.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        with django_db_blocker.unblock():
            yield path
    finally:
        connections.settings["default"] = original


@pytest.mark.sqlite
def test_case_reads_and_writes_from_several_threads_without_error(file_database: Path) -> None:
    from sexto.directory.models import User

    case_id, team = _in_thread(_seed)
    errors: list[str] = []
    done: list[int] = []
    start = threading.Barrier(THREADS)

    def browse(number: int) -> None:
        try:
            client = FormClient()
            client.force_login(User.objects.get(email=team[number % len(team)]))
            start.wait(timeout=60)
            for round_ in range(ROUNDS):
                page = client.get(f"/cases/{case_id}/")
                if page.status_code != 200:
                    errors.append(f"read {page.status_code}")
                if round_ % 2 == 0:
                    note = client.post(
                        f"/cases/{case_id}/notes/", {"text": f"Note {number}-{round_}"}
                    )
                    if note.status_code not in (200, 302):
                        errors.append(f"write {note.status_code}")
                done.append(1)
        except Exception as error:
            errors.append(repr(error)[:200])
            start.abort()  # the others stop waiting for this one
        finally:
            connections.close_all()

    began = time.monotonic()
    threads = [threading.Thread(target=browse, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    print(f"{len(done)} rounds by {THREADS} threads in {elapsed:.1f} s, {len(errors)} errors")
    assert errors == []
    assert len(done) == THREADS * ROUNDS

    def audited() -> tuple[int, str]:
        from sexto.audit.models import AuditEvent

        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            mode = cursor.fetchone()[0]
        return AuditEvent.objects.filter(action="case.read").count(), mode

    reads, mode = _in_thread(audited)
    assert mode == "wal"
    assert reads >= THREADS * ROUNDS


def test_the_demo_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    from sexto.settings.localenv import local_var_secure

    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
        (var / name).write_bytes(b"")
        (var / name).chmod(0o644)  # as SQLite created them under the usual umask 022
    local_var_secure(base_dir=tmp_path)
    assert var.stat().st_mode & 0o777 == 0o700
    for path in var.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path.name
