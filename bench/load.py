"""Load test: 50 concurrent users doing a realistic mix against gunicorn + PostgreSQL (loopback).

    python bench/load.py [--users 50] [--seconds 60] [--workers 4] [--reuse]

Creates (unless --reuse) and seeds the database named by DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/sexto_bench_load) with `seed_demo`, prepares signed-in sessions
(coordinators, admins, analysts), an API token, case ids, grid incidents and signed credentials,
starts gunicorn on 127.0.0.1:8170 with rate limits off, and runs locust headless for --seconds
(bounded: at most 120 s). Prints throughput, p50/p95/p99 per request kind and overall, and the
errors. Target: zero errors, p95 < 300 ms. Not in CI.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sexto_bench_load"
PORT = 8170
BIN = Path(sys.executable).parent

PREPARE = r"""
import datetime, json, secrets
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from sexto.api.models import ApiToken
from sexto.api.services import TOKEN_PREFIX, token_digest
from sexto.directory.models import User
from sexto.interventions.models import Case

def session(email):
    client = Client()
    backend = "django.contrib.auth.backends.ModelBackend"
    client.force_login(User.objects.get(email=email), backend=backend)
    return client.cookies["sessionid"].value

coordinator = "coordination@hauts-sommets.demo"
raw = TOKEN_PREFIX + secrets.token_urlsafe(24)
ApiToken.objects.create(user=User.objects.get(email=coordinator), name="load bench",
    prefix=raw[:12], digest=token_digest(raw), scopes=["read", "grid", "write"],
    expires_at=timezone.now() + datetime.timedelta(days=1))
cases = Case.objects.filter(school__name__icontains="Hauts-Sommets").values_list("pk", flat=True)
cases = [str(pk) for pk in cases]
from sexto.interventions.demo import _grid
incidents = [
    _grid(people=[{"id": "A", "age": 15, "roles": ["depicted", "producer", "sender"]},
                  {"id": "B", "age": 15, "roles": ["recipient", "distributor"]}],
          depiction="breasts_or_buttocks"),
    _grid(people=[{"id": "A", "age": 14, "roles": ["depicted", "producer", "sender"]},
                  {"id": "B", "age": None, "roles": ["recipient"]}],
          depiction="genitals_or_anal_region", stage="to_intended_recipient",
          threats_or_extortion=True),
]
# (path, who looks): admins see statistics and coverage; trainers the cohort and reviews.
admin, trainer = session("admin@css-mille-lacs.demo"), session("formation@cadre21.demo")
dashboards = []
for name, who in [("stats:overview", admin), ("credentials:coverage", admin),
                  ("training:cohort", trainer), ("training:review_queue", trainer)]:
    try:
        dashboards.append([reverse(name), who])
    except NoReverseMatch:
        pass
verify, credentials = [], []
try:
    from sexto.credentials.models import Award
    from sexto.credentials.services import credential_for
    for award in Award.objects.all()[:20]:
        verify.append(reverse("credentials:public_verify", args=[award.pk]))
        credentials.append(json.loads(credential_for(award).signed))
except Exception as error:  # the credentials side may be absent: the mix then skips it
    print("credentials skipped:", error, file=__import__("sys").stderr)
plan = {
    "coordinator_sessions": [session(coordinator), session("backup@hauts-sommets.demo"),
                             session("direction@hauts-sommets.demo")],
    "coordinator_token": raw, "case_ids": cases, "grid_incidents": incidents,
    "dashboards": dashboards, "verify_paths": verify, "credentials": credentials,
}
print(json.dumps(plan))
"""


def _manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def _database(url: str, *, reuse: bool) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not reuse:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--reuse", action="store_true")
    options = parser.parse_args()
    seconds = min(options.seconds, 120)
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "sexto.settings.test",
        "RATE_LIMITS_ENABLED": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    started = time.perf_counter()
    _database(url, reuse=options.reuse)
    _manage("migrate", "-v0", env=env)
    if not options.reuse:
        _manage("seed_demo", env=env)
    plan = _manage("shell", "-c", PREPARE, env=env).strip().splitlines()[-1]
    print(f"Seeded and prepared in {time.perf_counter() - started:.1f} s")
    workdir = Path(tempfile.mkdtemp(prefix="sexto-load-"))
    (workdir / "plan.json").write_text(plan)
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "sexto.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(options.workers),
            "--chdir",
            str(ROOT / "src"),
            "--log-level",
            "warning",
        ],
        env=env,
        stderr=open(workdir / "gunicorn.log", "wb"),  # noqa: SIM115
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=5)
                break
            except OSError:
                time.sleep(0.3)
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(options.users),
                "-r",
                str(max(1, options.users // 5)),
                "-t",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(workdir / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "SEXTO_LOAD_PLAN": str(workdir / "plan.json")},
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait()
    _report(workdir / "load_stats.csv", seconds=seconds, users=options.users)


def _report(path: Path, *, seconds: int, users: int) -> None:
    rows = list(csv.DictReader(path.open()))
    print(f"\n{users} users, {seconds} s, gunicorn on 127.0.0.1:{PORT}")
    print(
        f"{'request':46} {'count':>7} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"
    )
    for row in rows:
        print(
            f"{row['Name'][:46]:46} {row['Request Count']:>7} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    p95 = float(total["95%"])
    errors = int(total["Failure Count"])
    verdict = "met" if errors == 0 and p95 < 300 else "MISSED"
    print(f"\nTarget (zero errors, p95 < 300 ms): {verdict} — errors {errors}, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
