"""Locust users for bench/load.py: a realistic mix against a seeded Sexto (see bench/load.py).

The plan (sessions, tokens, ids) comes from the JSON file named by SEXTO_LOAD_PLAN.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(open(os.environ["SEXTO_LOAD_PLAN"]).read())  # noqa: SIM115


class Coordinator(HttpUser):
    """A Sexto coordinator: work list, case pages and their lazy section, the grid."""

    weight = 5
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", random.choice(PLAN["coordinator_sessions"]))

    @task(3)
    def worklist(self) -> None:
        self.client.get("/cases/", name="/cases/ (work list)")

    @task(5)
    def case_page(self) -> None:
        case = random.choice(PLAN["case_ids"])
        self.client.get(f"/cases/{case}/", name="/cases/<id>/")
        self.client.get(
            f"/cases/{case}/around/", name="/cases/<id>/around/", headers={"HX-Request": "true"}
        )

    @task(2)
    def grid(self) -> None:
        self.client.post(
            "/api/v1/grid/evaluate",
            json=random.choice(PLAN["grid_incidents"]),
            headers={"Authorization": f"Bearer {PLAN['coordinator_token']}"},
            name="POST /api/v1/grid/evaluate",
        )


class Dashboards(HttpUser):
    """Service-centre admins (statistics, coverage) and trainers (cohort, reviews)."""

    weight = 2
    wait_time = between(1, 3)

    @task
    def dashboard(self) -> None:
        path, session = random.choice(PLAN["dashboards"])
        # One user plays several people: the session goes in the header, not the cookie jar.
        self.client.cookies.clear()
        self.client.get(path, name=path, headers={"Cookie": f"sessionid={session}"})


class Verifier(HttpUser):
    """The public: a verification page, the verification API with a credential."""

    weight = 3
    wait_time = between(0.5, 2)

    @task(2)
    def page(self) -> None:
        if PLAN["verify_paths"]:
            self.client.get(random.choice(PLAN["verify_paths"]), name="/verify/<id>")

    @task(3)
    def api(self) -> None:
        if PLAN["credentials"]:
            self.client.post(
                "/api/v1/credentials/verify",
                json=random.choice(PLAN["credentials"]),
                name="POST /api/v1/credentials/verify",
            )
