"""Faults against a throwaway PostgreSQL cluster (conftest): a worker killed mid-task, the
database restarted under load, the database turned read-only during a case edit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from tests.conftest import REPO_ROOT
from tests.faults.conftest import TOKEN_FOR, Cluster, http

pytestmark = pytest.mark.postgres

STUCK_INTAKE = """
import json, datetime
from django.utils import timezone
from sexto.interventions.models import Intake
from sexto.interventions.tasks import intake_escalate
intake = Intake.objects.filter(status=Intake.Status.NEW).order_by("created_at").first()
Intake.objects.filter(pk=intake.pk).update(
    created_at=timezone.now() - datetime.timedelta(hours=2), escalated_at=None)
result = intake_escalate.enqueue(str(intake.pk))
print(json.dumps([str(intake.pk), str(result.id)]))
"""


def _task_status(cluster: Cluster, task_id: str) -> str:
    table = "django_tasks_database_dbtaskresult"
    rows = cluster.sql(f"SELECT status FROM {table} WHERE id = %s", task_id)
    return str(rows[0][0])


def test_a_worker_killed_mid_task_is_requeued_and_its_effect_happens_once(
    cluster: Cluster,
) -> None:
    intake_id, task_id = cluster.shell(STUCK_INTAKE)
    # Hold the intake's row so the worker blocks inside the task, after marking it RUNNING.
    dsn = f"host=127.0.0.1 port={cluster.port} user=postgres dbname={cluster.database}"
    import psycopg

    with psycopg.connect(dsn) as locker:
        locker.execute("SELECT 1 FROM interventions_intake WHERE id = %s FOR UPDATE", [intake_id])
        worker = subprocess.Popen(
            [
                sys.executable,
                str(REPO_ROOT / "manage.py"),
                "db_worker",
                "--batch",
                "--no-startup-delay",
            ],
            env=cluster.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            if _task_status(cluster, task_id) == "RUNNING":
                break
            time.sleep(0.1)
        assert _task_status(cluster, task_id) == "RUNNING"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        locker.rollback()

    assert _task_status(cluster, task_id) == "RUNNING", "no lease: the task is left RUNNING"
    fresh = cluster.manage("tasks_requeue_stale", "--older-than", "10m").stdout
    assert fresh.strip() == "0 stale task(s) put back in the queue.", "too recent to requeue"
    cluster.sql(
        "UPDATE django_tasks_database_dbtaskresult SET started_at = now() - interval '11 minutes' "
        "WHERE id = %s",
        task_id,
    )
    assert "1 stale task(s)" in cluster.manage("tasks_requeue_stale", "--older-than", "10m").stdout
    cluster.manage("db_worker", "--batch", "--no-startup-delay")
    assert _task_status(cluster, task_id) == "SUCCESSFUL"

    def effects() -> tuple[int, int]:
        audit = cluster.sql(
            "SELECT count(*) FROM audit_auditevent WHERE action = 'intake.escalate' "
            "AND target_id = %s",
            intake_id,
        )[0][0]
        notes = cluster.sql(
            "SELECT count(*) FROM interventions_notification WHERE kind = 'intake.escalated' "
            "AND url LIKE %s",
            f"%{intake_id}%",
        )[0][0]
        return int(audit), int(notes)

    once = effects()
    assert once[0] == 1 and once[1] >= 1
    # The same task delivered again (a second requeue, a duplicate) changes nothing.
    cluster.shell(
        "import json\nfrom sexto.interventions.tasks import intake_escalate\n"
        f"intake_escalate.enqueue('{intake_id}'); print(json.dumps(1))"
    )
    cluster.manage("db_worker", "--batch", "--no-startup-delay")
    assert effects() == once


def test_a_database_restart_under_load_fails_cleanly_and_the_app_recovers(
    cluster: Cluster,
) -> None:
    token = cluster.shell(TOKEN_FOR.replace("{email}", "coordination@hauts-sommets.demo"))
    base = cluster.serve()
    assert http("GET", f"{base}/api/v1/me", token=token)[0] == 200
    statuses: Counter[int] = Counter()
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            statuses[http("GET", f"{base}/api/v1/cases", token=token)[0]] += 1

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    cluster.pg_ctl("-m", "fast", "restart")
    time.sleep(1.5)
    stop.set()
    for thread in threads:
        thread.join()
    assert set(statuses) <= {200, 503}, f"only answers or calm 503s, got {dict(statuses)}"
    # Recovered without restarting the app: every request answers again.
    after = [http("GET", f"{base}/api/v1/cases", token=token)[0] for _ in range(10)]
    assert after.count(200) >= 8, after
    assert http("GET", f"{base}/api/v1/cases", token=token)[0] == 200


def _first_open_step(cluster: Cluster, base: str, token: str) -> tuple[str, dict]:
    status, cases = http("GET", f"{base}/api/v1/cases", token=token)
    assert status == 200
    for case in cases["items"] if isinstance(cases, dict) else cases:
        status, steps = http("GET", f"{base}/api/v1/cases/{case['id']}/steps", token=token)
        todo = [s for s in steps if s["state"] == "pending"] if status == 200 else []
        if len(todo) >= 2:
            return case["id"], {"first": todo[0], "second": todo[1]}
    raise AssertionError("the demo has no case with two steps to do")


def test_a_read_only_database_during_a_case_edit_gives_a_clear_error_and_loses_nothing(
    cluster: Cluster,
) -> None:
    token = cluster.shell(TOKEN_FOR.replace("{email}", "coordination@hauts-sommets.demo"))
    base = cluster.serve()
    case_id, steps = _first_open_step(cluster, base, token)
    first, second = steps["first"], steps["second"]
    url = f"{base}/api/v1/cases/{case_id}/steps"
    done = http(
        "PATCH",
        f"{url}/{first['key']}",
        token=token,
        body={"state": "done", "version": first["version"]},
    )
    assert done[0] == 200, done

    def reconnect_all() -> None:
        cluster.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            cluster.database,
        )

    cluster.sql(
        f"ALTER DATABASE {cluster.database} SET default_transaction_read_only = on",
        database="postgres",
    )
    reconnect_all()
    try:
        answers = [
            http(
                "PATCH",
                f"{url}/{second['key']}",
                token=token,
                body={"state": "done", "version": second["version"]},
            )
            for _ in range(3)
        ]
        assert all(status == 503 for status, _ in answers), answers
        kinds = {body.get("type") for _, body in answers}
        assert "urn:sexto:problem:database_read_only" in kinds, answers
        assert "read-only for maintenance" in answers[-1][1]["detail"]
    finally:
        cluster.sql(
            f"ALTER DATABASE {cluster.database} RESET default_transaction_read_only",
            database="postgres",
        )
        reconnect_all()
    states = cluster.sql(
        "SELECT key, state FROM interventions_casestep WHERE case_id = %s AND key IN (%s, %s)",
        case_id,
        first["key"],
        second["key"],
    )
    assert dict(states) == {first["key"]: "done", second["key"]: "pending"}
    again = http(
        "PATCH",
        f"{url}/{second['key']}",
        token=token,
        body={"state": "done", "version": second["version"]},
    )
    assert again[0] == 200, again
