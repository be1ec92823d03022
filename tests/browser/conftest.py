"""Playwright in Debian chromium (never `playwright install`), against the live test server."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(tempfile.gettempdir()) / "sexto-screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    import shutil

    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Browser tests need Debian's chromium: apt-get install chromium "
            "(make test installs it when run as root)."
        )
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "locale": "fr-CA"}


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def demo_live(transactional_db: None, live_server: Any) -> Any:
    from sexto.directory.demo import demo_directory_seed

    demo_directory_seed(lambda line: None)
    return live_server


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

    from django.db import connection

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
