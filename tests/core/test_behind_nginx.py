"""Behind the documented nginx, on a unix socket, as deploy/ configures it (issue 14, item 5).

The test starts its own nginx (Debian's `nginx`) on a free loopback port with its own prefix in a
temporary folder, in front of gunicorn started with deploy/gunicorn.conf.py on a unix socket (the
documented setup, where REMOTE_ADDR is empty), PROXY_COUNT=1 as deploy/sexto.env.example says.
nginx's `location /` block is copied from deploy/nginx/sexto.conf, so the headers it sets are the
ones production gets. The app has its own SQLite file, migrated here.

Each client connects from its own loopback address (127.0.0.0/8 is all loopback on Linux), so
"the client's real address" is something the test chooses and nginx sees, and any
X-Forwarded-For the client sends is the attacker's forgery.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import REPO_ROOT

PASSWORD = "correct-horse-battery-9"
VICTIM = "victim@school.test"
MEMBER = "member@school.test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _location_block(conf: str) -> str:
    """deploy/nginx/sexto.conf's `location / { … }`, verbatim."""
    match = re.search(r"^(\s*location / \{.*?^\s*\})", conf, re.M | re.S)
    assert match, "deploy/nginx/sexto.conf has no `location / { … }` block"
    return match.group(1)


def _upstream_server_line(conf: str) -> str:
    match = re.search(r"^\s*server unix:\S+ (.*);$", conf, re.M)
    assert match, "deploy/nginx/sexto.conf's upstream is not a unix socket"
    return match.group(1)


@dataclass
class Stack:
    folder: Path
    port: int
    database: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def events(self, action: str) -> list[str | None]:
        """The addresses audit events of this action recorded, oldest first."""
        with sqlite3.connect(self.database) as conn:
            rows = conn.execute(
                "SELECT ip FROM audit_auditevent WHERE action = ? ORDER BY seq", (action,)
            ).fetchall()
        return [row[0] for row in rows]

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n{(self.folder / name).read_text(errors='replace')[-3000:]}"
            for name in ("gunicorn.log", "error.log")
            if (self.folder / name).exists()
        )


def _nginx_conf(folder: Path, port: int, socket_path: Path) -> str:
    deploy = (REPO_ROOT / "deploy" / "nginx" / "sexto.conf").read_text(encoding="utf-8")
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would run as nobody and could not reach the socket in our folder.
    user = "user root root;" if os.geteuid() == 0 else ""
    return f"""
{user}
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    access_log {folder / "access.log"};
{temp}
    upstream sexto_app {{
        server unix:{socket_path} {_upstream_server_line(deploy)};
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        client_max_body_size 1m;
{_location_block(deploy)}
    }}
}}
"""


def _wait_for(port: int, stack: Stack) -> None:
    for _ in range(240):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise AssertionError("nginx + gunicorn did not answer:\n" + stack.logs())


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("This test needs Debian's nginx: run `apt-get install nginx`.")
    folder = Path(tempfile.mkdtemp(prefix="sexto-nginx-"))
    made = Stack(folder=folder, port=_free_port(), database=folder / "db.sqlite3")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "sexto.settings.test",
        "DATABASE_URL": f"sqlite:///{made.database}",
        "PROXY_COUNT": "1",
        "AXES_FAILURE_LIMIT": "3",
        "RATE_PUBLIC": "5/m",
    }
    env.pop("CACHE_URL", None)
    env.pop("PYTHONPATH", None)  # gunicorn finds the package through deploy/gunicorn.conf.py
    manage = [sys.executable, str(REPO_ROOT / "manage.py")]
    try:
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=300)
        create = (
            "from sexto.directory.models import User\n"
            f"for email in ({VICTIM!r}, {MEMBER!r}):\n"
            f"    User.objects.create_user(email, {PASSWORD!r})\n"
        )
        subprocess.run([*manage, "shell", "-c", create], env=env, check=True, timeout=120)
        socket_path = folder / "gunicorn.sock"
        made.processes.append(
            subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "--config",
                    str(REPO_ROOT / "deploy" / "gunicorn.conf.py"),
                    "--bind",
                    f"unix:{socket_path}",
                    "--workers",
                    "1",  # one process: its local-memory cache counts every request
                    "--control-socket",  # its own, not the user's shared ~/.gunicorn/gunicorn.ctl
                    str(folder / "gunicorn.ctl"),
                    "sexto.wsgi",
                ],
                env=env,
                cwd=REPO_ROOT,  # as the unit's WorkingDirectory: deploy's config finds src/
                stdout=subprocess.DEVNULL,
                stderr=open(folder / "gunicorn.log", "wb"),  # noqa: SIM115
            )
        )
        (folder / "nginx.conf").write_text(_nginx_conf(folder, made.port, socket_path))
        made.processes.append(
            subprocess.Popen(
                [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", "stderr"],
                stdout=subprocess.DEVNULL,
                stderr=open(folder / "error.log", "ab"),  # noqa: SIM115
            )
        )
        _wait_for(made.port, made)
        yield made
    finally:
        for process in reversed(made.processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)


class Browser:
    """A client at its own loopback address, keeping cookies, sending what it is told to."""

    def __init__(self, stack: Stack, address: str) -> None:
        self.stack = stack
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, forged: str = ""
    ) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.stack.port, timeout=30, source_address=(self.address, 0)
        )
        headers = {"Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if forged:
            headers["X-Forwarded-For"] = forged
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        for raw in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response

    def sign_in(self, email: str, password: str, forged: str = "") -> http.client.HTTPResponse:
        self.request("GET", "/accounts/login/", forged=forged)
        form = {
            "login": email,
            "password": password,
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
        }
        return self.request("POST", "/accounts/login/", form, forged=forged)


def test_sign_in_works_on_the_unix_socket_and_the_audit_records_the_clients_address(
    stack: Stack,
) -> None:
    member = Browser(stack, "127.0.0.5")
    response = member.sign_in(MEMBER, PASSWORD, forged="203.0.113.9")
    assert response.status == 302, f"sign-in refused ({response.status}):\n{stack.logs()}"
    assert response.headers["Location"] == "/"
    assert member.request("GET", "/account/").status == 200, "signed in"
    assert stack.events("auth.sign_in") == ["127.0.0.5"], "the client's address, not forged"


def test_forged_forwarded_for_entries_are_ignored_by_the_lockout(stack: Stack) -> None:
    attacker = Browser(stack, "127.0.0.7")
    statuses = [
        attacker.sign_in(VICTIM, "wrong-password", forged=f"198.51.100.{n}").status
        for n in range(3)
    ]
    assert statuses == [200, 200, 429], (
        "AXES_FAILURE_LIMIT=3 here, each try claiming another address"
    )
    locked = attacker.sign_in(VICTIM, PASSWORD, forged="198.51.100.99")
    assert locked.status == 429, "the attacker's real address is cooling off, forged or not"
    victim = Browser(stack, "127.0.0.8")
    assert victim.sign_in(VICTIM, PASSWORD).status == 302, "the real user is not locked out"
    assert set(stack.events("auth.sign_in_failed")) == {"127.0.0.7"}
    assert stack.events("auth.sign_in")[-1] == "127.0.0.8"


def test_forged_forwarded_for_entries_are_ignored_by_the_rate_limits(stack: Stack) -> None:
    attacker, other = Browser(stack, "127.0.0.9"), Browser(stack, "127.0.0.10")
    path = "/issuers/no-such-issuer/did.json"  # a public route: RATE_PUBLIC=5/m here
    statuses = [attacker.request("GET", path, forged=f'203.0.113.{n}, "').status for n in range(6)]
    assert statuses == [404] * 5 + [429], "each forged entry does not buy a new count"
    assert other.request("GET", path).status == 404, "another client has its own count"
