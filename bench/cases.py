"""Benchmark of the case page and the grid submission on a large PostgreSQL database.

    python bench/cases.py [--cases 10000] [--entries 100000] [--requests 200] [--reuse]
                          [--profile] [--sql] [--compare [REV]]

Seeds the demo directory, then bulk-creates ``--cases`` cases spread over the demo schools
(10 steps each) and ``--entries`` chronology entries (encrypted text, like real ones), and
prints how long that took. It then signs in the demo coordinator of school 751001 and times,
through Django's test client (in-process: middleware, views, templates and SQL, no network),
``GET /cases/<id>/`` and ``POST /cases/<id>/grid/`` on two cases of that school: one with 10
chronology entries and one with 2,000. It prints the median, the p95 and the number of SQL
queries per request, which must not grow with the entries. Target: p95 < 150 ms. It also
prints the load average and the median CPU time of this process per request (the Python side:
views, templates, encryption), which other work on a shared machine inflates much less.

With ``--compare [REV]`` it prints BEFORE and AFTER in one run: the data is seeded (or reused)
once, then the same measurement runs twice in subprocesses on the same database and data, once on
REV's code (a temporary ``git worktree`` of REV, its own ``src`` on the path; default
``d7ed415``, main just before issue 15's work on the case page's cost) and once on this tree,
and a side-by-side table follows (queries, median, p95 and CPU ms per request, small and large
chronology). The machine may be shared: compare the CPU column more than the wall clock, and
read the load averages printed with each run; ``--rounds N`` alternates BEFORE and AFTER N times
and keeps each side's best figures, which evens out load that comes and goes.

SQL is counted two ways: every statement Django sends (``queries``, as ``CaptureQueriesContext``
and ``django_assert_num_queries`` count them, BEGIN/COMMIT and savepoints included) and the
statements that read or write data (``statements``, without the transaction control).

The database comes from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sexto_bench);
it is created if missing and migrated. Without ``--reuse`` the cases already there are wiped
(TRUNCATE … CASCADE) and seeded again; with it, the seeded data is reused as is.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import math
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sexto_bench"
SCHOOL_CODE = "751001"
COORDINATOR = "coordination@hauts-sommets.demo"
SMALL_ENTRIES = 10
LARGE_ENTRIES = 2_000
BATCH = 5_000
TARGET_MS = 150.0

# A valid grid form, url-encoded like a browser posts it (tests/interventions/test_case_views.py).
GRID_FORM: dict[str, Any] = {
    "people-TOTAL_FORMS": "2",
    "people-INITIAL_FORMS": "0",
    "people-0-id": "A",
    "people-0-age": "14",
    "people-0-roles": ["depicted", "producer"],
    "people-1-id": "B",
    "people-1-age": "15",
    "people-1-roles": ["recipient", "distributor"],
    "medium": "photo",
    "depiction": "breasts_or_buttocks",
    "sexual_purpose": "yes",
    "production_by": "self",
    "production_consent": "yes",
    "stage": "redistributed",
    "redistribution_consent": "unknown",
    "audience": "few",
}
ENTRY_KINDS = ["note", "step.done", "case.grid", "person.add", "support.add", "parents.notify"]
ENTRY_TEXTS = [
    "Rencontre avec l'élève et ses parents; soutien offert par la psychoéducatrice.",
    "Appel au service de police : dossier transmis, accusé de réception attendu.",
    "Retrait demandé à la plateforme; confirmation reçue.",
    "Suivi : l'élève dit se sentir mieux, prochain point dans une semaine.",
]


@dataclass(frozen=True)
class Timing:
    """What one series of requests measured."""

    label: str
    seconds: list[float]
    cpu_seconds: list[float]
    queries: int
    statements: int

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[math.ceil(0.95 * len(ordered)) - 1] * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu_seconds) * 1000

    def figures(self) -> dict[str, Any]:
        """What --compare passes from a measuring subprocess to the table."""
        return {
            "label": self.label,
            "requests": len(self.seconds),
            "queries": self.queries,
            "statements": self.statements,
            "median_ms": self.median_ms,
            "p95_ms": self.p95_ms,
            "cpu_ms": self.cpu_ms,
        }

    def __str__(self) -> str:
        verdict = "ok" if self.p95_ms < TARGET_MS else f"MISSES the {TARGET_MS:.0f} ms target"
        return (
            f"{self.label}: {len(self.seconds)} requests, median {self.median_ms:.1f} ms, "
            f"p95 {self.p95_ms:.1f} ms ({verdict}), {self.queries} SQL queries per request "
            f"({self.statements} without BEGIN/COMMIT/savepoints), "
            f"median Python CPU {self.cpu_ms:.1f} ms"
        )


def database_ensure(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist yet."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    params: dict[str, Any] = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "dbname": "postgres",
    }
    if parts.password:
        params["password"] = unquote(parts.password)
    with psycopg.connect(**params, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.")


def django_setup(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sexto.settings.test"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(label: str, run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.1f} s")
    return seconds


def data_seed(*, cases: int, entries: int, seed: int) -> dict[str, Any]:
    """Wipe the kit's cases, then bulk-create cases, steps and chronology entries. Returns the
    ids of the two measured cases (both in school 751001)."""
    from django.db import connection
    from django.utils import timezone

    from sexto.core.crypto import blind_index
    from sexto.core.models import Counter
    from sexto.directory.demo import demo_directory_seed
    from sexto.directory.models import School, User
    from sexto.interventions.models import Case, CasePerson, CaseStep, ChronologyEntry
    from sexto.interventions.procedure import PROCEDURE

    rng = random.Random(seed)
    started = time.perf_counter()
    print(f"Seeding {cases:,} cases and {entries:,} chronology entries:")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Case._meta.db_table} RESTART IDENTITY CASCADE")
    # Case and intake numbers start again; other registers' counters (INC) stay.
    Counter.objects.exclude(kind="INC").delete()
    _timed("demo directory", lambda: demo_directory_seed(lambda line: None))
    schools = list(School.objects.order_by("ministry_code"))
    home = next(s for s in schools if s.ministry_code == SCHOOL_CODE)
    others = [s for s in schools if s.pk != home.pk]
    coordinator = User.objects.get(email=COORDINATOR)
    at_home = min(200, cases)
    now = timezone.now()
    year = timezone.localdate().year - 1

    def case_build(n: int, school: Any) -> Case:
        opened = now - datetime.timedelta(days=rng.uniform(1, 700))
        return Case(
            number=f"SX-{year}-{n:05d}",
            school=school,
            holder_id=school.organisation_id,
            opened_at=opened,
            opened_by=coordinator,
            lead=coordinator,
            summary=f"Cas de démonstration {n} : photo intime retransmise dans un groupe.",
            status=Case.Status.CLOSED if rng.random() < 0.6 else Case.Status.OPEN,
        )

    built = [
        case_build(n, home if n <= at_home else others[n % len(others)])
        for n in range(1, cases + 1)
    ]
    made: list[Case] = []

    def cases_create() -> None:
        for i in range(0, len(built), BATCH):
            made.extend(Case.all_objects.bulk_create(built[i : i + BATCH]))

    _timed(f"{cases:,} cases", cases_create)

    def steps_create() -> None:
        batch: list[CaseStep] = []
        for case in made:
            for position, step in enumerate(PROCEDURE, start=1):
                batch.append(CaseStep(case=case, key=step.key, position=position))
            if len(batch) >= BATCH:
                CaseStep.objects.bulk_create(batch)
                batch = []
        CaseStep.objects.bulk_create(batch)

    _timed(f"{cases * len(PROCEDURE):,} steps", steps_create)

    # Both measured cases open, as a case being worked on is (a closed one shows fewer forms).
    small, large = made[0], made[1]
    Case.all_objects.filter(pk__in=[small.pk, large.pk]).update(status=Case.Status.OPEN)
    people = [
        CasePerson(
            case=case,
            label=label,
            name=name,
            name_index=blind_index(name, purpose="student"),
            age=age,
            roles=roles,
            school=home,
        )
        for case in (small, large)
        for label, name, age, roles in [
            ("A", "Zoé Lavoie", 14, ["depicted", "producer"]),
            ("B", "Noah Gauthier", 15, ["recipient", "distributor"]),
        ]
    ]
    CasePerson.objects.bulk_create(people)

    # The two measured cases get their share; the rest is spread evenly over the other cases.
    counts = {small.pk: min(SMALL_ENTRIES, entries), large.pk: min(LARGE_ENTRIES, entries)}
    rest = max(entries - sum(counts.values()), 0)
    spread = made[2:] or made

    def entries_for() -> Any:
        for case_id, count in counts.items():
            for _ in range(count):
                yield case_id
        for i in range(rest):
            yield spread[i % len(spread)].pk

    def entries_create() -> None:
        batch: list[ChronologyEntry] = []
        for case_id in entries_for():
            batch.append(
                ChronologyEntry(
                    case_id=case_id,
                    at=now - datetime.timedelta(minutes=rng.uniform(1, 500_000)),
                    actor=coordinator,
                    kind=rng.choice(ENTRY_KINDS),
                    text=rng.choice(ENTRY_TEXTS),
                )
            )
            if len(batch) >= BATCH:
                ChronologyEntry.objects.bulk_create(batch)
                batch = []
        ChronologyEntry.objects.bulk_create(batch)

    _timed(f"{entries:,} chronology entries (encrypted text)", entries_create)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  seeding total: {time.perf_counter() - started:.1f} s")
    return {"small": small.pk, "large": large.pk}


def measured_cases() -> dict[str, Any]:
    """With --reuse: the two measured cases, found by their chronology size in school 751001."""
    from django.db.models import Count

    from sexto.interventions.models import Case

    rows = list(
        Case.all_objects.filter(school__ministry_code=SCHOOL_CODE, people__label="A")
        .annotate(n=Count("chronology", distinct=True))
        .order_by("n")
        .values_list("pk", "n")
    )
    if len(rows) < 2:
        raise SystemExit("No seeded data to reuse: run once without --reuse.")
    Case.all_objects.filter(pk__in=[rows[0][0], rows[-1][0]]).update(status=Case.Status.OPEN)
    return {"small": rows[0][0], "large": rows[-1][0]}


def client_signed_in() -> Any:
    from django.test import Client

    from sexto.directory.models import User

    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR))
    return client


def _get(client: Any, case_id: Any) -> None:
    response = client.get(f"/cases/{case_id}/")
    assert response.status_code == 200, (response.status_code, response.content[:500])


def _get_around(client: Any, case_id: Any) -> None:
    """The people-around section, which the case page loads with htmx once it is shown."""
    response = client.get(f"/cases/{case_id}/around/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200, (response.status_code, response.content[:500])


def _post(client: Any, case_id: Any, version: int) -> None:
    body = urlencode({**GRID_FORM, "version": str(version)}, doseq=True)
    response = client.post(
        f"/cases/{case_id}/grid/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302, (response.status_code, response.content[:2000])
    client.cookies.pop("messages", None)  # "The grid was saved" would pile up unread


def _version(case_id: Any) -> int:
    from sexto.interventions.models import Case

    return int(Case.all_objects.filter(pk=case_id).values_list("version", flat=True).get())


# Transaction control: counted by CaptureQueriesContext, but not a read or a write of data.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def _queries(run: Callable[[], None], show: bool, label: str) -> tuple[int, int]:
    """(every statement sent, the statements that are not transaction control) of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    if show:
        print(f"\n--- SQL of one {label} ({len(captured.captured_queries)} queries)")
        for number, query in enumerate(captured.captured_queries, start=1):
            print(f"{number:3}. [{float(query['time']) * 1000:.1f} ms] {query['sql'][:400]}")
        print()
    statements = [
        q for q in captured.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)
    ]
    return len(captured.captured_queries), len(statements)


def _entries_keeper(case_id: Any) -> Callable[[], None]:
    """Each grid POST chronicles one entry: the returned function drops those added since, so
    that the case keeps its size (and --reuse finds the data as seeded)."""
    from sexto.interventions.models import ChronologyEntry

    last = ChronologyEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def restore() -> None:
        ChronologyEntry.objects.filter(case_id=case_id, pk__gt=last).delete()

    return restore


def requests_time(client: Any, case_id: Any, size: str, count: int, show_sql: bool) -> list[Timing]:
    """Time ``count`` GETs of the case page and ``count`` grid POSTs, then count the queries of
    one more request of each (apart, so that capturing SQL does not weigh on the timings)."""
    entries_restore = _entries_keeper(case_id)
    for _ in range(5):  # warm-up (and the grid gets filled)
        _post(client, case_id, _version(case_id))
        _get(client, case_id)
    entries_restore()
    gets: list[float] = []
    gets_cpu: list[float] = []
    for _ in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        _get(client, case_id)
        gets.append(time.perf_counter() - start)
        gets_cpu.append(time.process_time() - start_cpu)
    arounds: list[float] = []
    arounds_cpu: list[float] = []
    for _ in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        _get_around(client, case_id)
        arounds.append(time.perf_counter() - start)
        arounds_cpu.append(time.process_time() - start_cpu)
    posts: list[float] = []
    posts_cpu: list[float] = []
    for _ in range(count):
        version = _version(case_id)
        start, start_cpu = time.perf_counter(), time.process_time()
        _post(client, case_id, version)
        posts.append(time.perf_counter() - start)
        posts_cpu.append(time.process_time() - start_cpu)
    get_queries = _queries(lambda: _get(client, case_id), show_sql, f"GET, case with {size}")
    around_queries = _queries(
        lambda: _get_around(client, case_id), show_sql, f"GET around, case with {size}"
    )
    version = _version(case_id)
    post_queries = _queries(
        lambda: _post(client, case_id, version), show_sql, f"grid POST, case with {size}"
    )
    entries_restore()
    return [
        Timing(f"GET  /cases/<id>/        ({size})", gets, gets_cpu, *get_queries),
        Timing(f"GET  /cases/<id>/around/ ({size})", arounds, arounds_cpu, *around_queries),
        Timing(f"POST /cases/<id>/grid/   ({size})", posts, posts_cpu, *post_queries),
    ]


def profile_one(client: Any, case_id: Any) -> None:
    """cProfile one GET and one grid POST; print the heaviest functions (cumulative time)."""
    entries_restore = _entries_keeper(case_id)
    for label, run in [
        ("GET /cases/<id>/", lambda: _get(client, case_id)),
        ("POST /cases/<id>/grid/", lambda: _post(client, case_id, _version(case_id))),
    ]:
        profiler = cProfile.Profile()
        profiler.enable()
        run()
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(
            r"src/sexto|template/(loader_tags|defaulttags)", 30
        )
        stats.sort_stats("tottime").print_stats(20)
        print(
            f"\n--- profile of one {label} (cumulative in sexto, then own time)\n{out.getvalue()}"
        )
    entries_restore()


def chronology_size(case_id: Any) -> int:
    from sexto.interventions.models import ChronologyEntry

    return ChronologyEntry.objects.filter(case_id=case_id).count()


def measure(*, ids: dict[str, Any], requests: int, show_sql: bool, profile: bool) -> list[Timing]:
    """The GETs and grid POSTs on the two measured cases, with the load average around them."""
    from sexto.interventions.models import Case, ChronologyEntry

    print(
        f"Database: {Case.all_objects.count():,} cases, "
        f"{ChronologyEntry.objects.count():,} chronology entries."
    )
    client = client_signed_in()
    results: list[Timing] = []
    load_before = os.getloadavg()[0]
    for key in ("small", "large"):
        size = f"{chronology_size(ids[key]):,} entries"
        results.extend(requests_time(client, ids[key], size, requests, show_sql))
    print(
        "\nServer time per request (Django test client, in-process; load average "
        f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after, {os.cpu_count()} cores):"
    )
    for timing in results:
        print(f"  {timing}")
    if profile:
        profile_one(client, ids["large"])
    return results


# main just before issue 15's work on the case page's cost: what --compare measures by default.
BEFORE_REV = "d7ed415"


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _measure_in_subprocess(
    *, name: str, src: Path, args: argparse.Namespace, url: str
) -> dict[str, Any]:
    """Run this script with `--src` in a fresh interpreter on the seeded data; its figures."""
    with tempfile.TemporaryDirectory(prefix="sexto-bench-") as out:
        figures = Path(out) / "figures.json"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--reuse",
            "--requests",
            str(args.requests),
            "--src",
            str(src),
            "--figures",
            str(figures),
        ]
        command += ["--profile"] if args.profile else []
        command += ["--sql"] if args.sql else []
        print(f"\n===== {name}: {src}", flush=True)
        # PYTHONPATH cannot win over the venv's own path file, hence --src (see main).
        done = subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, check=False)
        if done.returncode != 0:
            raise SystemExit(f"The {name} measurement failed (exit {done.returncode}).")
        result: dict[str, Any] = json.loads(figures.read_text())
        return result


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Several rounds of one side folded into one: each series' lowest median, p95 and CPU (what
    other work on a shared machine added least to), its query counts (the same every round)."""
    timings = []
    for series in zip(*(run["timings"] for run in runs), strict=True):
        best = dict(series[0])
        for key in ("median_ms", "p95_ms", "cpu_ms"):
            best[key] = min(timing[key] for timing in series)
        timings.append(best)
    loads = [load for run in runs for load in run["load"]]
    return {"timings": timings, "load": [min(loads), max(loads)]}


def compare(*, rev: str, args: argparse.Namespace, url: str) -> None:
    """BEFORE (REV's code in a temporary worktree) and AFTER (this tree), side by side; with
    --rounds N, the two alternate N times and each side keeps its best figures."""
    commit = _git("rev-parse", "--verify", f"{rev}^{{commit}}")
    here = _git("rev-parse", "--short", "HEAD")
    dirty = " + uncommitted changes" if _git("status", "--porcelain", "--", "src") else ""
    befores: list[dict[str, Any]] = []
    afters: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="sexto-before-") as parent:
        tree = Path(parent) / "tree"
        _git("worktree", "add", "--detach", "--quiet", str(tree), commit)
        try:
            for round_ in range(1, args.rounds + 1):
                befores.append(
                    _measure_in_subprocess(
                        name=f"BEFORE ({rev} = {commit[:9]}), round {round_}",
                        src=tree / "src",
                        args=args,
                        url=url,
                    )
                )
                afters.append(
                    _measure_in_subprocess(
                        name=f"AFTER (this tree, {here}{dirty}), round {round_}",
                        src=ROOT / "src",
                        args=args,
                        url=url,
                    )
                )
        finally:
            _git("worktree", "remove", "--force", str(tree))
    before, after = _best(befores), _best(afters)
    rounds = f"best of {args.rounds} alternating rounds, " if args.rounds > 1 else ""
    print(
        f"\nBEFORE = {rev} ({commit[:9]}), AFTER = this tree ({here}{dirty}); {rounds}"
        f"{args.requests} requests per series; load average {before['load'][0]:.2f} to "
        f"{before['load'][1]:.2f} during BEFORE, {after['load'][0]:.2f} to "
        f"{after['load'][1]:.2f} during AFTER ({os.cpu_count()} cores)."
    )
    header = (
        f"{'':40} {'queries':>9} {'statements':>10} {'median ms':>15} {'p95 ms':>15} {'CPU ms':>15}"
    )
    print(header)
    print("-" * len(header))
    for old, new in zip(before["timings"], after["timings"], strict=True):

        def pair(key: str, old: dict[str, Any] = old, new: dict[str, Any] = new) -> str:
            if isinstance(old[key], int):
                return f"{old[key]:>4}→{new[key]:<4}"
            return f"{old[key]:6.1f}→{new[key]:<6.1f}"

        print(
            f"{new['label']:40} {pair('queries'):>9} {pair('statements'):>10} "
            f"{pair('median_ms'):>15} {pair('p95_ms'):>15} {pair('cpu_ms'):>15}"
        )
    print("(a→b: BEFORE→AFTER; CPU is the median Python CPU time of the process per request.)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark of the case page and the grid POST.")
    parser.add_argument("--cases", type=int, default=10_000, help="cases to seed (default 10000)")
    parser.add_argument(
        "--entries", type=int, default=100_000, help="chronology entries (default 100000)"
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per series")
    parser.add_argument("--reuse", action="store_true", help="reuse the seeded data")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="cProfile one request of each")
    parser.add_argument("--sql", action="store_true", help="print the SQL of each request kind")
    parser.add_argument(
        "--compare",
        nargs="?",
        const=BEFORE_REV,
        metavar="REV",
        help=f"measure REV's code too (default {BEFORE_REV}) and print both side by side",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="with --compare: alternate BEFORE and AFTER N times"
    )
    # What --compare passes to its subprocesses.
    parser.add_argument("--src", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--figures", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cases < 2:
        parser.error("--cases must be at least 2")

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error("this benchmark needs PostgreSQL (DATABASE_URL=postgres://…)")
    if args.src is not None:
        # The code measured is that of --src alone: the venv may put another checkout's src on
        # the path (a .pth file), so every other src directory goes.
        src = str(args.src.resolve())
        sys.path[:] = [src] + [p for p in sys.path if not p.rstrip("/").endswith("/src")]
    database_ensure(url)
    django_setup(url)
    if args.src is not None:
        import sexto

        assert Path(sexto.__file__).resolve().is_relative_to(args.src.resolve()), sexto.__file__

    if args.reuse:
        ids = measured_cases()
    else:
        ids = data_seed(cases=args.cases, entries=args.entries, seed=args.seed)
    if args.compare:
        from django.db import connections

        connections.close_all()
        compare(rev=args.compare, args=args, url=url)
        return 0
    load = [os.getloadavg()[0]]
    results = measure(ids=ids, requests=args.requests, show_sql=args.sql, profile=args.profile)
    load.append(os.getloadavg()[0])
    if args.figures is not None:
        args.figures.write_text(
            json.dumps({"load": load, "timings": [timing.figures() for timing in results]})
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
