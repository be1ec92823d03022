"""Benchmark of the dashboards and the work list at 10,000 cases, next to the case page.

    python bench/dashboard.py [--cases 10000] [--entries 20000] [--requests 100] [--reuse]

Seeds (or, with --reuse, reuses) the data of bench/cases.py: the demo directory and ``--cases``
cases spread over the demo schools with their steps and chronology entries; some steps are made
overdue and some cases get a referral, so every count of the dashboard has rows to count. Then,
through Django's test client (in process: middleware, views, templates, SQL; no network), it
times ``GET /dashboard/`` for the principal of school 751001 and for the service centre's Sexto
lead (every school of the centre), ``GET /cases/`` (the work list) for the coordinator, and
``GET /cases/<id>/`` for comparison, printing the median, the p95 and the SQL statements per
request. Target: p95 < 150 ms for each. Not part of CI.

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/sexto_bench (created if missing).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT / "src", ROOT, ROOT / "bench"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import cases as case_bench  # noqa: E402  (bench/cases.py: the same data and database)

PRINCIPAL = "direction@hauts-sommets.demo"
SEXTO_LEAD = "sexto@css-mille-lacs.demo"
COORDINATOR = "coordination@hauts-sommets.demo"
TARGET_MS = 150.0


def _client_for(email: str) -> Any:
    from django.test import Client

    from sexto.directory.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _extra_seed(seed: int) -> None:
    """Overdue steps and referrals spread over the seeded cases, so every count has rows."""
    import random

    from django.utils import timezone

    from sexto.directory.models import Organisation, User
    from sexto.interventions.models import Case, CaseStep, Referral

    rng = random.Random(seed)
    now = timezone.now()
    ids = list(Case.all_objects.filter(status=Case.Status.OPEN).values_list("pk", flat=True))
    late = rng.sample(ids, k=min(len(ids), len(ids) // 5))
    CaseStep.objects.filter(case__in=late, key="secure_devices").update(
        due_at=now - datetime.timedelta(days=1), state=CaseStep.State.PENDING
    )
    force = Organisation.objects.get(slug="police-saint-jerome")
    coordinator = User.objects.get(email=COORDINATOR)
    referred = rng.sample(ids, k=min(len(ids), len(ids) // 10))
    Referral.objects.filter(case__in=referred).delete()
    Referral.objects.bulk_create(
        Referral(
            case_id=pk,
            police_force=force,
            referred_by=coordinator,
            police_contacted_at=now,
            acknowledged_at=now if index % 2 else None,
        )
        for index, pk in enumerate(referred)
    )


def _time(run: Callable[[], Any], count: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        run()
    with CaptureQueriesContext(connection) as captured:
        run()
    queries = len(captured.captured_queries)
    times = []
    for _ in range(count):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], queries


def _get(client: Any, path: str) -> Callable[[], None]:
    def run() -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sexto_bench")
    case_bench.database_ensure(url)
    case_bench.django_setup(url)
    from sexto.directory.demo import demo_directory_seed

    demo_directory_seed(lambda line: None)
    ids = (
        case_bench.measured_cases()
        if args.reuse
        else case_bench.data_seed(cases=args.cases, entries=args.entries, seed=7)
    )
    if not args.reuse:
        _extra_seed(seed=7)
    from sexto.interventions.models import Case

    total = Case.all_objects.count()
    print(f"\n{total:,} cases; {args.requests} requests each (in process, test client)\n")
    rows = [
        ("dashboard, principal (one school)", _client_for(PRINCIPAL), "/dashboard/"),
        ("dashboard, Sexto lead (the centre)", _client_for(SEXTO_LEAD), "/dashboard/"),
        ("work list, coordinator", _client_for(COORDINATOR), "/cases/"),
        ("case page (for comparison)", _client_for(COORDINATOR), f"/cases/{ids['small']}/"),
    ]
    print(
        f"{'page':38} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  target p95 < {TARGET_MS:.0f}"
    )
    missed = 0
    for label, client, path in rows:
        median, p95, queries = _time(_get(client, path), args.requests)
        verdict = "ok" if p95 < TARGET_MS else "MISSED"
        missed += verdict != "ok"
        print(f"{label:38} {median:10.1f} {p95:8.1f} {queries:8}  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
