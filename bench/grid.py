"""Benchmark of the incident evaluation grid: incidents evaluated per second.

    python bench/grid.py [--count 10000] [--repeat 5] [--seed 2026] [--part in-process]

Each part takes the same generated incidents (valid, varied: 1–5 people, every medium,
depiction and indicator, optional sections sometimes omitted) and returns its figures. The
in-process part times ``evaluate`` directly; more parts (e.g. the API) register in ``PARTS``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from sexto.interventions.grid import (  # noqa: E402 (needs src on the path first)
    AUDIENCES,
    CONSENTS,
    DEPICTIONS,
    INDICATORS,
    MEDIA,
    PRODUCERS,
    ROLES,
    SCHEMA,
    STAGES,
    evaluate,
    validate,
)

Incident = dict[str, Any]


@dataclass(frozen=True)
class Figures:
    """What one part measured: the best of several timed runs over all the incidents."""

    label: str
    count: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Incidents per second."""
        return self.count / self.seconds

    def __str__(self) -> str:
        return (
            f"{self.label}: {self.count} incidents in {self.seconds:.3f} s "
            f"= {self.per_second:,.0f} incidents/s ({self.seconds / self.count * 1e6:.1f} µs each)"
        )


def incidents_generate(count: int, seed: int) -> list[Incident]:
    """``count`` valid, varied incidents, the same for a given seed."""
    rng = random.Random(seed)

    def rarely() -> bool:
        return rng.random() < 0.15

    incidents: list[Incident] = []
    for _ in range(count):
        people = []
        for i in range(rng.randint(1, 5)):
            age = rng.choice([None, rng.randint(5, 17), rng.randint(10, 19), rng.randint(18, 60)])
            person: dict[str, Any] = {
                "id": f"P{i}",
                "age": age,
                "roles": rng.sample(ROLES, rng.randint(1, 3)),
            }
            if age is None and rng.random() < 0.3:
                person["adult"] = True
            if rarely():
                person["capacity_concern"] = True
            people.append(person)
        incident: Incident = {
            "schema": SCHEMA,
            "people": people,
            "content": {
                "medium": rng.choice(MEDIA),
                "depiction": rng.choice(DEPICTIONS),
                "sexual_purpose": rng.choice([None, True, False]),
                "violent_or_atypical": rarely(),
            },
        }
        if rng.random() < 0.8:
            incident["production"] = {
                "by": rng.choice(PRODUCERS),
                "consent": rng.choice(CONSENTS),
                "coerced": rarely(),
            }
        if rng.random() < 0.8:
            incident["distribution"] = {
                "stage": rng.choice(STAGES),
                "redistribution_consent": rng.choice(CONSENTS),
                "audience": rng.choice(AUDIENCES),
                "posted_online": rarely(),
            }
        incident["indicators"] = {name: True for name in INDICATORS if rarely()}
        incidents.append(incident)
    return incidents


def _best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def bench_in_process(incidents: Sequence[Incident], repeat: int) -> list[Figures]:
    """Time ``evaluate`` (and, for scale, ``validate`` alone) in this process."""
    for incident in incidents:  # warm up, and make sure every incident is valid
        evaluate(incident)
    count = len(incidents)
    evaluate_seconds = _best_of(repeat, lambda: [evaluate(i) for i in incidents])
    validate_seconds = _best_of(repeat, lambda: [validate(i) for i in incidents])
    return [
        Figures("in-process evaluate", count, evaluate_seconds),
        Figures("in-process validate only", count, validate_seconds),
    ]


Part = Callable[[Sequence[Incident], int], list[Figures]]


# Name -> part. A part that needs more (e.g. Django for the API) imports it inside itself,
# so that this file keeps running without it.
def bench_api(incidents: Sequence[Incident], repeat: int) -> list[Figures]:
    """POST /api/v1/grid/evaluate through Django's test client as a signed-in coordinator
    (SQLite file var/bench-grid.sqlite3, test settings): prints p50/p95 per request."""
    import json
    import os
    import statistics

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sexto.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-grid.sqlite3'}")
    (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from sexto.directory.demo import demo_directory_seed
    from sexto.directory.models import User

    call_command("migrate", verbosity=0)
    demo_directory_seed(lambda line: None)
    client = Client()
    client.force_login(User.objects.get(email="coordination@hauts-sommets.demo"))
    sample = list(incidents[:2000])
    timings: list[float] = []
    for incident in sample[:50]:  # warm-up
        client.post("/api/v1/grid/evaluate", json.dumps(incident), content_type="application/json")
    started = time.perf_counter()
    for incident in sample:
        begin = time.perf_counter()
        response = client.post(
            "/api/v1/grid/evaluate", json.dumps(incident), content_type="application/json"
        )
        timings.append(time.perf_counter() - begin)
        assert response.status_code == 200, response.content
    total = time.perf_counter() - started
    timings.sort()
    p50 = statistics.median(timings) * 1000
    p95 = timings[int(len(timings) * 0.95) - 1] * 1000
    print(
        f"api POST /api/v1/grid/evaluate: {len(sample)} requests, "
        f"p50 {p50:.2f} ms, p95 {p95:.2f} ms (Django test client, in-process)"
    )
    return [Figures("api (test client)", len(sample), total)]


PARTS: dict[str, Part] = {"in-process": bench_in_process, "api": bench_api}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen parts (all by default) and print their figures."""
    parser = argparse.ArgumentParser(description="Benchmark of the incident evaluation grid.")
    parser.add_argument("--count", type=int, default=10_000, help="incidents (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs, best kept")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--part", action="append", choices=sorted(PARTS), help="run only this part (repeatable)"
    )
    args = parser.parse_args(argv)

    incidents = incidents_generate(args.count, args.seed)
    for name in args.part or list(PARTS):
        for figures in PARTS[name](incidents, args.repeat):
            print(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
