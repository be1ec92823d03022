"""`make run`'s demo under several people at once: SQLite, the dev server, five browsing users.

    python bench/concurrent_demo.py [--users 5] [--seconds 60] [--port 8171] [--url URL]

Without --url it builds what `make run` builds, in a temporary folder: a SQLite database
(var/db.sqlite3's settings: WAL, busy timeout, immediate transactions), `migrate`, `seed_demo`,
then the dev server (`runserver --noreload`, threaded) and the task worker beside it, on
127.0.0.1:--port (never 8000, which `make run` uses). With --url it browses a server already
running (e.g. `make run`'s) and changes nothing there but the audit log.

Each user signs in as a person would (password, then the current code of the demo TOTP secret),
opens the work list, then reads the case pages it lists, one after the other, for --seconds (at
most 300), without pause. Every case read writes an audit event: that write is what answered
"database is locked" (a 500) before SQLite was configured for concurrent use (issue 14, item 12).
Prints requests, errors (any status other than 200, or a failed connection) and p50/p95/max
latency; exits 1 on any error. Not in CI.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "sexto-demo-2026"  # README.md, "Demo logins"
TOTP_SECRET = "JBSWY3DPEHPK3PXPSEXTODEMOSEXTOAA"  # the documented demo secret
USERS = [
    "coordination@hauts-sommets.demo",
    "direction@hauts-sommets.demo",
    "backup@hauts-sommets.demo",
    "coordination@lac-vert.demo",
    "coordination@val-des-pins.demo",
    "psychoed@hauts-sommets.demo",
]
CASE_LINK = re.compile(r'href="(/cases/[0-9a-f-]{36}/)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


def _post_form(session: requests.Session, base: str, path: str, data: dict[str, str]) -> str:
    """GET the form for its CSRF token, POST it; the final URL after redirects."""
    page = session.get(base + path, timeout=30)
    token = CSRF_FIELD.search(page.text)
    if token is None:
        raise RuntimeError(f"no form at {path} ({page.status_code})")
    response = session.post(
        base + path,
        data={**data, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": base + path},
        timeout=30,
    )
    if response.status_code >= 400:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response.url


def sign_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    after = _post_form(session, base, "/accounts/login/", {"login": email, "password": PASSWORD})
    if "/accounts/2fa/authenticate/" in after:
        remaining = 30 - time.time() % 30
        if remaining < 3:  # never a code about to expire on the way
            time.sleep(remaining + 0.2)
        after = _post_form(
            session, base, "/accounts/2fa/authenticate/", {"code": pyotp.TOTP(TOTP_SECRET).now()}
        )
    if "/accounts/" in after:
        raise RuntimeError(f"{email}: sign-in did not complete (at {after})")
    return session


def browse(base: str, session: requests.Session, deadline: float, tally: Tally) -> None:
    worklist = session.get(base + "/cases/", timeout=30)
    cases = sorted(set(CASE_LINK.findall(worklist.text))) or ["/cases/"]
    turn = 0
    while time.monotonic() < deadline:
        path = cases[turn % len(cases)] if turn % 10 else "/cases/"
        turn += 1
        began = time.monotonic()
        try:
            response = session.get(base + path, timeout=30)
            error = None if response.status_code == 200 else f"{response.status_code} {path}"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__} {path}"
        tally.add(time.monotonic() - began, error)


def _server_start(port: int, folder: Path) -> tuple[list[subprocess.Popen[bytes]], str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sexto.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    began = time.monotonic()
    for step in (["migrate", "-v0"], ["seed_demo"]):
        subprocess.run([*manage, *step], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    print(f"database migrated and seeded in {time.monotonic() - began:.0f} s")
    log = (folder / "server.log").open("wb")
    processes = [
        subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [*manage, "db_worker", "--no-startup-delay"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
    ]
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        try:
            requests.get(base + "/accounts/login/", timeout=2)
            break
        except requests.RequestException:
            time.sleep(0.5)
    else:
        raise RuntimeError(f"the server did not start: see {folder / 'server.log'}")
    return processes, base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8171)
    parser.add_argument("--url", help="browse a running server instead of starting one")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= len(USERS):
        parser.error(f"--users must be between 1 and {len(USERS)}")
    if args.port == 8000 and not args.url:
        parser.error("port 8000 is make run's: choose another")
    seconds = min(args.seconds, 300)

    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="sexto-concurrent-") as folder:
        try:
            if args.url:
                base = args.url.rstrip("/")
            else:
                processes, base = _server_start(args.port, Path(folder))
            sessions = [sign_in(base, email) for email in USERS[: args.users]]
            print(f"{len(sessions)} users signed in (password + TOTP); browsing {seconds:.0f} s")
            tally = Tally()
            deadline = time.monotonic() + seconds
            threads = [
                threading.Thread(target=browse, args=(base, s, deadline, tally)) for s in sessions
            ]
            began = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - began
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
            if processes and (Path(folder) / "server.log").exists():
                lines = (Path(folder) / "server.log").read_text(errors="replace").splitlines()
                locked = sum("database is locked" in line for line in lines)
                print(f"server log: {len(lines)} lines, {locked} 'database is locked'")

    latencies = sorted(tally.latencies)
    count = len(latencies)
    p95 = latencies[max(0, int(count * 0.95) - 1)] if latencies else 0.0
    print(
        f"{args.users} users, {elapsed:.0f} s: {count} requests ({count / elapsed:.1f}/s), "
        f"{len(tally.errors)} errors, p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    for error in sorted(set(tally.errors))[:10]:
        print(f"  error: {error} (x{tally.errors.count(error)})")
    return 1 if tally.errors or not count else 0


if __name__ == "__main__":
    sys.exit(main())
