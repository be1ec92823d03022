"""A throwaway PostgreSQL cluster per test module: initdb + pg_ctl as the `postgres` user (runuser),
in a folder the test owns, on a free port, removed afterwards. The machine's shared cluster is
never touched, so the tests may stop, restart and reconfigure theirs at will.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.conftest import REPO_ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found or os.geteuid() != 0:
        pytest.fail(
            "Fault tests need PostgreSQL's server binaries and root (to run them as the postgres "
            "user with runuser): run them as CI does (bash .ci/run)."
        )
    return Path(found[-1]).parent


@dataclass
class Cluster:
    """One private PostgreSQL server for the fault tests."""

    folder: Path
    port: int
    bin: Path
    database: str = "sexto"
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def _as_postgres(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def pg_ctl(self, *args: str) -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.folder / "data"),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            *args,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"

    def sql(self, statement: str, *params: Any, database: str | None = None) -> list[tuple]:
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname={database or self.database}"
        with psycopg.connect(dsn, autocommit=True) as conn:
            cursor = conn.execute(statement, params or None)
            return cursor.fetchall() if cursor.description else []

    def env(self, **extra: str) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        return {
            **base,
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": "sexto.settings.test",
            "SEXTO_TEST_TASKS": "db",
            "RATE_LIMITS_ENABLED": "false",
            **extra,
        }

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, str(REPO_ROOT / "manage.py"), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result

    def shell(self, code: str) -> Any:
        """Run Django code against this cluster; it prints one JSON line, returned parsed."""
        return json.loads(self.manage("shell", "-c", code).stdout.strip().splitlines()[-1])

    def serve(self) -> str:
        """gunicorn (2 workers) on a free loopback port; the base URL once it answers."""
        port = _free_port()
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "sexto.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--timeout",
                "20",
                "--chdir",
                str(REPO_ROOT / "src"),
                "--control-socket",  # its own, not the user's shared ~/.gunicorn/gunicorn.ctl
                str(self.folder / "gunicorn.ctl"),
            ],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "gunicorn.log", "wb"),  # noqa: SIM115
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=5)
                return base
            except OSError:  # refused while booting, or a slow first answer
                time.sleep(0.25)
        raise AssertionError(
            "gunicorn did not answer: " + (self.folder / "gunicorn.log").read_text()
        )


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    pg_bin = _pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="sexto-fault-pg-"))
    shutil.chown(folder, "postgres")
    folder.chmod(0o700)
    made = Cluster(folder=folder, port=_free_port(), bin=pg_bin)
    try:
        made._as_postgres(
            str(pg_bin / "initdb"),
            "-D",
            str(folder / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        made.pg_ctl("start")
        made.sql("CREATE DATABASE sexto", database="postgres")
        made.manage("migrate", "-v0")
        made.manage("seed_demo")
        yield made
    finally:
        for process in made.processes:
            process.kill()
            process.wait()
        made._as_postgres(
            str(pg_bin / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-m",
            "immediate",
            "stop",
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def http(method: str, url: str, *, token: str, body: dict | None = None) -> tuple[int, dict]:
    """One API request; (status, JSON body) — errors included, never raised."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Accept-Language", "en")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw or b"{}")
        except ValueError:
            return error.code, {"raw": raw.decode(errors="replace")[:200]}
    except OSError as error:  # refused, reset or timed out: no HTTP answer at all
        return 0, {"error": str(error)}


TOKEN_FOR = """
import json, secrets, datetime
from django.utils import timezone
from sexto.api.models import ApiToken
from sexto.api.services import token_digest
from sexto.directory.models import User
from sexto.api.services import TOKEN_PREFIX
raw = TOKEN_PREFIX + secrets.token_urlsafe(24)
ApiToken.objects.create(user=User.objects.get(email="{email}"), name="fault test",
    prefix=raw[:12], digest=token_digest(raw), scopes=["read", "write"],
    expires_at=timezone.now() + datetime.timedelta(days=1))
print(json.dumps(raw))
"""
