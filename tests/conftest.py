"""Shared fixtures: database vendor handling, the audit triggers on SQLite, demo data, browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# pytest-playwright runs an event loop in the main thread (PITFALLS.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.core.cache import cache
from django.db import connection

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


def _xdist_group(item: pytest.Item) -> str | None:
    """The worker group of a test that cannot run beside, or apart from, some others.

    Under `make test` (pytest-xdist, --dist loadgroup) tests are dealt to the workers one by one,
    except that a group runs on one worker. Browser tests share one chromium there (memory and
    CPU). A test using a module- or package-scoped fixture (a throwaway PostgreSQL cluster, nginx
    with gunicorn, a production-settings child process) shares a worker with the module's other
    tests, or each worker would build the costly thing again. Everything else has its own
    resources: a database per worker (pytest-django), free ports, temporary folders, a local-memory
    cache per process.
    """
    if "browser" in item.keywords:
        return "browser"
    fixtureinfo = getattr(item, "_fixtureinfo", None)
    if fixtureinfo is None:
        return None
    for name in fixtureinfo.names_closure:
        for fixturedef in fixtureinfo.name2fixturedefs.get(name, ()):
            if not fixturedef.baseid:
                continue  # a plugin's (pytest-django's class-scoped setup is on every test)
            if fixturedef.scope == "package":
                return fixturedef.baseid
            if fixturedef.scope in ("module", "class"):
                return item.nodeid.split("::")[0]
    return None


# tryfirst: xdist's worker reads the groups in its own hook of the same name.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    for item in items:
        group = _xdist_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    vendor_is_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    if vendor_is_postgres:
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/sexto"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


_skipped_unexpectedly: list[str] = []

# The hardening gates (issue 10) live in the suite; their time and outcome are printed at the end.
GATES = {
    "security headers and deploy check": (
        "tests/core/test_security_headers.py",
        "tests/core/test_settings.py",
    ),
    "abuse limits": ("tests/core/test_limits.py",),
    "API fuzzing (schemathesis)": ("tests/api/test_fuzz_api.py",),
    "input fuzzing (hypothesis)": (
        "tests/test_input_fuzzing.py",
        "tests/credentials/test_import_awards.py",
    ),
    "authorisation matrix": ("tests/test_authz_matrix.py",),
    "no leaks": ("tests/test_no_leaks.py",),
    "accessibility (axe, keyboard)": (
        "tests/browser/test_accessibility.py",
        "tests/browser/test_keyboard_journey.py",
    ),
    "faults (throwaway PostgreSQL)": ("tests/faults/",),
    "backup and restore": ("tests/backups/",),
}
_gate_times: dict[str, list[float]] = {}
_gate_failed: set[str] = set()


def _is_xdist_worker(config: pytest.Config) -> bool:
    # Under pytest-xdist the controller receives every worker's reports and prints the summary.
    return hasattr(config, "workerinput")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # CI fails on any skip, except PostgreSQL-only tests on SQLite (.ci/run sets the variable).
    strict = os.environ.get("SEXTO_FAIL_ON_SKIP") == "1"
    # Only tests marked for one database may skip on the other.
    one_database = "postgres" in report.keywords or "sqlite" in report.keywords
    if report.skipped and strict and not one_database:
        _skipped_unexpectedly.append(report.nodeid)
    for gate, prefixes in GATES.items():
        if report.nodeid.startswith(prefixes):
            times = _gate_times.setdefault(gate, [0.0, 0])
            times[0] += report.duration
            times[1] += report.when == "call" and not report.skipped
            if report.failed:
                _gate_failed.add(gate)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _gate_times:
        return
    terminalreporter.write_sep("-", "gates (issue 10)")
    for gate, (seconds, tests) in _gate_times.items():
        verdict = "FAILED" if gate in _gate_failed else "ok"
        terminalreporter.write_line(f"{gate:40} {verdict:6} {int(tests):4} tests {seconds:7.1f} s")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _is_xdist_worker(session.config):
        return  # the controller counts this worker's skips from its reports
    if _skipped_unexpectedly:
        print("\nUnexpected skips (SEXTO_FAIL_ON_SKIP=1):", *_skipped_unexpectedly, sep="\n  ")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    # A TOTP code is accepted once per user per 30 s, remembered in the cache (PITFALLS.md).
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client() -> Any:
    """A client that posts forms url-encoded, like a browser."""
    from tests.helpers import FormClient

    return FormClient()


@pytest.fixture
def english(settings: Any) -> Iterator[None]:
    """Messages in English, for tests that read them: in code, and in pages served without an
    Accept-Language header (the site's default language becomes English for the test)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def sqlite_flushable_audit(transactional_db: None) -> Iterator[None]:
    """SQLite flushes with DELETE, which the append-only triggers refuse: lift them to flush."""
    yield
    if connection.vendor != "sqlite":
        return  # PostgreSQL flushes with TRUNCATE, which row triggers do not see.
    from importlib import import_module

    # Destruction records have no permit: their triggers are dropped, the table emptied, and the
    # triggers put back (PITFALLS.md "Append-only tables").
    destruction = import_module("sexto.audit.migrations.0005_destruction_record_append_only")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_prune_permit (id) VALUES (1)")
        cursor.execute("DELETE FROM audit_auditevent")
        cursor.execute("DELETE FROM audit_prune_permit")
        for statement in destruction.SQLITE_DOWN:
            cursor.execute(statement)
        cursor.execute("DELETE FROM audit_destructionrecord")
        for statement in destruction.SQLITE_UP:
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def _audit_flushable(request: pytest.FixtureRequest) -> None:
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("sqlite_flushable_audit")


@pytest.fixture(autouse=True)
def _live_server_quiet_before_flush(request: pytest.FixtureRequest) -> Any:
    """A page left open keeps talking to the live server after its test (the case page loads a
    part of itself after `load`): a request still in flight while the flush truncates every table
    can deadlock with it, and CI then reports "Database … couldn't be flushed". Close the test's
    pages and wait for the server's database sessions to go idle before the flush."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
    server_sessions_idle_wait()


def server_sessions_idle_wait(*, seconds: float = 15.0) -> None:
    import time

    if connection.vendor != "postgresql":
        return  # The embedded SQLite has one writer: a flush waits its turn instead.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state <> 'idle'"
            )
            (busy,) = cursor.fetchone()
        if not busy:
            return
        time.sleep(0.05)


@pytest.fixture
def demo(db: None) -> None:
    """The demo directory (organisations, schools, one person per role)."""
    from sexto.directory.demo import demo_directory_seed

    demo_directory_seed(lambda line: None)


@pytest.fixture
def world(db: None) -> Any:
    """Fictional schools and one person per role, made by factories (tests/factories/world.py):
    what tests use instead of the demo's people."""
    from tests.factories import world_build

    return world_build()


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Browser tests need Debian's chromium: run `apt-get install chromium` "
            "(make test does it when run as root)."
        )
    return path
