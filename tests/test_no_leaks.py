"""No leaks (DESIGN.md "Data that must never leak", issue 7): a marker in every sensitive field,
the kit's journeys run through the pages as the real roles, and the marker is found in no log
line, no email, no error page, no URL, no answer to anyone outside the case team, and no column
of the database in clear.

Logs: every logger is captured at DEBUG on the root logger, SQL included (django.db.backends logs
each query with its parameters once the connection's debug cursor is forced on): the SQL log shows
encrypted fields as Fernet tokens, so the marker appearing there would mean a sensitive value went
to the database in clear (or into a WHERE clause). Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sexto.core.fields import EncryptedTextField
from sexto.directory.models import School, User
from sexto.interventions.demo_day import demo_riverview_coordinator_ensure
from sexto.interventions.models import (
    AwarenessMeeting,
    Case,
    CasePerson,
    CaseStep,
    CaseTransfer,
    Device,
    Intake,
    Referral,
    SupportEntry,
)
from tests.authz_world import ROLE_EMAILS, extra_accounts_ensure
from tests.grid_answers import grid_answers
from tests.helpers import FormClient
from tests.test_authz_matrix import project_routes

pytestmark = pytest.mark.django_db

MARK = f"ZZLEAKMARKER{uuid.uuid4().hex[:12]}"
# The receiving side of a transfer between boards (seeded with the demo's coordinator's day).
RIVERVIEW = "coordination@riverview.demo"
OUTSIDERS = (
    "staff",
    "police_other",
    "privacy",
    "admin",
    "trainer",
    "learner",
    "analyst",
    "superuser",
)
# The kit's journey marks every encrypted field of the kit (interventions). Encrypted fields of the
# other apps (grants, legal holds, privacy incidents, simulations, signing keys) are not part of
# this journey: the test prints them, and the database scan below still covers their columns.
KIT_APP = "interventions"
# Case URLs an outsider may open by design (the marker must still be absent): the privacy
# officer's export of a case's audit trail (who did what, when: no content, issue 7).
OUTSIDER_READS = {("interventions:case_audit_export", "privacy")}


def mark(what: str) -> str:
    return f"{what} {MARK}-{what.replace(' ', '')}"


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _ago(**kwargs: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


class Capture(logging.Handler):
    """Every record of every logger, formatted with its traceback, kept for the assertions."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logs() -> Iterator[Capture]:
    handler = Capture()
    root = logging.getLogger()
    levels = {
        name: logging.getLogger(name).level
        for name in ["", *logging.root.manager.loggerDict]  # every logger that exists
    }
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    root.addHandler(handler)
    connection.force_debug_cursor = True  # SQL with its parameters, at DEBUG
    try:
        yield handler
    finally:
        connection.force_debug_cursor = False
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


class Journey:
    """Signed-in clients per role; every request and its answer kept for the URL checks."""

    def __init__(self, capture: Any) -> None:
        self.capture = capture  # django_capture_on_commit_callbacks: e-mails leave on commit
        self.clients: dict[str, Client] = {}
        self.urls: list[str] = []

    def client(self, role: str) -> Client:
        if role not in self.clients:
            client = FormClient(HTTP_ACCEPT_LANGUAGE="fr", raise_request_exception=False)
            email = ROLE_EMAILS.get(role) or role
            user = User.objects.get(email=email)
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            self.clients[role] = client
        return self.clients[role]

    def _keep(self, url: str, response: Any) -> Any:
        self.urls.append(url)
        if response.get("Location"):
            self.urls.append(response["Location"])
        return response

    def get(self, role: str, url: str, **extra: Any) -> Any:
        with self.capture(execute=True):
            return self._keep(url, self.client(role).get(url, **extra))

    def post(self, role: str, url: str, data: dict[str, Any], expect: int = 302) -> Any:
        with self.capture(execute=True):
            response = self.client(role).post(url, data)
        self._keep(url, response)
        assert response.status_code == expect, (
            role,
            url,
            response.status_code,
            re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', response.content.decode()[:20000]),
        )
        return response


def kit_journey(journey: Journey) -> Case:
    """Intake → triage → case → steps → grid → people → devices → referral → police → packet →
    around → notes → closure, each written by the role that does it, every text carrying MARK."""
    from sexto.interventions import services

    hauts = School.objects.get(ministry_code="751001")
    journey.post(
        "staff",
        "/intakes/new/",
        {
            "school": str(hauts.pk),
            "told_at": _local(_ago(minutes=30)),
            "told_by": mark("told by"),
            "account": mark("what was said"),
            "students": mark("students"),
            "circulation": mark("circulation"),
        },
    )
    intake = Intake.objects.latest("created_at")
    journey.get("coordinator", f"/intakes/{intake.pk}/")
    journey.post("coordinator", f"/intakes/{intake.pk}/", {"open": "1", "summary": mark("summary")})
    case = Case.objects.get(intake=intake)
    base = f"/cases/{case.pk}"

    # An intake closed without a case, with its reason.
    journey.post(
        "staff",
        "/intakes/new/",
        {
            "school": str(hauts.pk),
            "told_at": _local(_ago(minutes=20)),
            "told_by": mark("other told by"),
            "account": mark("other account"),
        },
    )
    other = Intake.objects.filter(status=Intake.Status.NEW).latest("created_at")
    journey.post(
        "coordinator", f"/intakes/{other.pk}/", {"close": "1", "reason": mark("closed reason")}
    )

    step = case.steps.order_by("position").first()
    assert step is not None
    journey.post(
        "coordinator",
        f"{base}/steps/{step.pk}/",
        {
            "state": CaseStep.State.NOT_APPLICABLE,
            "note": mark("step note"),
            "version": step.version,
        },
    )
    for label, name, age, roles in [
        ("A", mark("student A"), 14, ["depicted", "producer", "sender"]),
        ("B", mark("student B"), 15, ["recipient", "distributor"]),
    ]:
        journey.post(
            "coordinator",
            f"{base}/people/",
            {"label": label, "name": name, "age": age, "roles": roles},
        )
    person_a, person_b = CasePerson.objects.filter(case=case).order_by("label")
    # The grid's answers are structured (ids, ages, choices): its free texts are the decision's
    # justification. Saved by the service, as the grid page's many-part form would.
    case.refresh_from_db()
    services.case_grid_save(
        actor=User.objects.get(email=ROLE_EMAILS["coordinator"]),
        case=case,
        answers=grid_answers(),
        decided_route="school_follow_up",
        justification=mark("decision justification"),
    )
    journey.get("coordinator", f"{base}/grid/")
    # The police's go-ahead to tell a suspect's parents names the officer who gave it.
    journey.post(
        "coordinator",
        f"{base}/police-go-ahead/",
        {"given_by": mark("police go-ahead officer"), "at": _local(_ago(minutes=12))},
    )

    journey.post(
        "coordinator",
        f"{base}/devices/",
        {
            "description": mark("device description"),
            "envelope_number": "ENV-LEAK-1",
            "storage_place": mark("storage place"),
            "seized_at": _local(_ago(minutes=15)),
            "seized_where": mark("seized where"),
            "owner": str(person_b.pk),
            "owner_text": mark("owner text"),
        },
    )
    device = Device.objects.get(case=case)
    journey.post(
        "coordinator",
        f"{base}/devices/{device.pk}/transfer/",
        {
            "to_name": mark("custody to"),
            "receipt_signed_by": mark("custody receipt"),
            "at": _local(_ago(minutes=10)),
            "place": mark("custody place"),
            "note": mark("custody note"),
            "version": device.version,
        },
    )
    journey.post(
        "coordinator", f"{base}/referral/", {"police_contacted_at": _local(_ago(minutes=5))}
    )
    referral = Referral.objects.get(case=case)
    journey.get("police", f"{base}/")
    journey.post(
        "police", f"{base}/referral/{referral.pk}/acknowledge/", {"police_file_number": "PF-1"}
    )
    journey.post(
        "police",
        f"{base}/referral/{referral.pk}/determination/",
        {
            "determination": "impulsive",
            "note": mark("determination note"),
            "version": Referral.objects.get(pk=referral.pk).version,
        },
    )
    journey.post(
        "police",
        f"{base}/referral/{referral.pk}/meetings/",
        {
            "person": str(person_b.pk),
            "scheduled_at": _local(timezone.now() + datetime.timedelta(days=1)),
            "with_guardian": mark("meeting guardian"),
        },
    )
    assert AwarenessMeeting.objects.filter(referral=referral).exists()
    # Closure needs each ordered meeting held or explained: B's is not held (with why), A's is.
    meeting_b = AwarenessMeeting.objects.get(referral=referral, person=person_b)
    journey.post(
        "police",
        f"{base}/referral/meetings/{meeting_b.pk}/not-held/",
        {"reason": mark("meeting not held"), "version": meeting_b.version},
    )
    journey.post(
        "police",
        f"{base}/referral/{referral.pk}/meetings/",
        {
            "person": str(person_a.pk),
            "scheduled_at": _local(_ago(minutes=50)),
            "with_guardian": mark("meeting guardian a"),
        },
    )
    meeting_a = AwarenessMeeting.objects.get(referral=referral, person=person_a)
    journey.post(
        "coordinator",
        f"{base}/referral/meetings/{meeting_a.pk}/held/",
        {"held_at": _local(_ago(minutes=40)), "version": meeting_a.version},
    )
    # The liaison corrects the outcome to "other": its text and the reason are content too.
    journey.post(
        "police",
        f"{base}/referral/{referral.pk}/determination/correct/",
        {
            "correct-determination": "other",
            "correct-other_text": mark("other outcome"),
            "correct-reason": mark("correction reason"),
            "correct-version": Referral.objects.get(pk=referral.pk).version,
        },
    )
    assert Referral.objects.get(pk=referral.pk).determination == "other"
    packet = journey.get("coordinator", f"{base}/referral/packet.pdf")
    assert packet.status_code == 200

    journey.post(
        "coordinator",
        f"{base}/youth-protection/",
        {"kind": "report", "at": _local(_ago(minutes=4)), "reference": mark("dpj reference")},
    )
    journey.post(
        "principal",
        f"{base}/youth-protection/",
        {"kind": "not_done", "at": _local(_ago(minutes=4)), "why_not": mark("yp why not")},
    )
    journey.post(
        "coordinator",
        f"{base}/parents/",
        {
            "person": str(person_a.pk),
            "guardian": mark("guardian"),
            "at": _local(_ago(minutes=3)),
            "channel": "phone",
            "summary": mark("parents summary"),
        },
    )
    journey.post(
        "coordinator",
        f"{base}/parents/",
        {
            "person": str(person_b.pk),
            "at": _local(_ago(minutes=3)),
            "channel": "not_done",
            "why_not": mark("parents why not"),
        },
    )
    journey.post(
        "professional" if _invite(journey, case) else "coordinator",
        f"{base}/support/",
        {"person": str(person_a.pk), "note": mark("support note")},
    )
    assert SupportEntry.objects.filter(case=case).exists()
    journey.post(
        "coordinator",
        f"{base}/takedowns/",
        {"where": mark("takedown where"), "sent_at": _local(_ago(minutes=2))},
    )
    journey.post(
        "coordinator",
        f"{base}/measures/",
        {"person": str(person_b.pk), "what": mark("measure what"), "with_whom": mark("with whom")},
    )
    journey.post("professional", f"{base}/notes/", {"text": mark("professional note")})
    journey.post("coordinator", f"{base}/notes/", {"text": mark("coordinator note")})
    for role in ("coordinator", "principal", "professional", "police"):
        assert journey.get(role, f"{base}/").status_code == 200
        assert journey.get(role, f"{base}/around/").status_code == 200
    for pending in case.steps.filter(state=CaseStep.State.PENDING):
        journey.post(
            "coordinator",
            f"{base}/steps/{pending.pk}/",
            {"state": CaseStep.State.DONE, "version": pending.version},
        )
    # A transfer proposed to another board's school, with a reason, refused with another.
    riverview = School.objects.get(ministry_code="881001")
    journey.post(
        "coordinator",
        f"{base}/transfer/propose/",
        {"to_school": str(riverview.pk), "reason": mark("transfer reason")},
    )
    transfer = CaseTransfer.objects.get(case=case)
    assert journey.get(RIVERVIEW, f"/transfers/{transfer.pk}/").status_code == 200
    assert journey.get(RIVERVIEW, f"{base}/").status_code == 404
    journey.post(RIVERVIEW, f"/transfers/{transfer.pk}/refuse/", {"reason": mark("refusal")})
    assert journey.get("coordinator", f"/transfers/{transfer.pk}/").status_code == 200
    case.refresh_from_db()
    journey.post(
        "coordinator", f"{base}/close/", {"outcome": mark("outcome"), "version": case.version}
    )
    return case


def _invite(journey: Journey, case: Case) -> bool:
    """The principal invites the school's psychoeducator onto the case (through the page)."""
    professional = User.objects.get(email=ROLE_EMAILS["professional"])
    journey.post("principal", f"/cases/{case.pk}/team/", {"user": str(professional.pk)})
    return True


def sensitive_fields() -> dict[str, list[EncryptedTextField]]:
    found: dict[str, list[EncryptedTextField]] = {}
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found[model._meta.label] = fields
    return found


def raw_text_columns() -> Iterator[tuple[str, str]]:
    """(table, column) of every text-like column of every model, encrypted ones included."""
    text_types = (models.CharField, models.TextField, models.JSONField)
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, text_types):
                yield model._meta.db_table, field.column


def _bodies(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_the_marker_leaks_nowhere(
    demo: None, logs: Capture, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.RATE_LIMITS_ENABLED = False
    mail.outbox.clear()
    extra_accounts_ensure()
    demo_riverview_coordinator_ensure()
    journey = Journey(django_capture_on_commit_callbacks)
    case = kit_journey(journey)
    base = f"/cases/{case.pk}"

    # 1. Every sensitive field of the kit now holds the marker (else the test proves nothing).
    fields = sensitive_fields()
    others = sorted(
        f"{label}.{f.name}"
        for label, fs in fields.items()
        for f in fs
        if not label.startswith(f"{KIT_APP}.")
    )
    print(f"\nEncrypted fields outside the kit's journey ({len(others)}): {', '.join(others)}")
    fields = {label: fs for label, fs in fields.items() if label.startswith(f"{KIT_APP}.")}
    unreached = []
    for label, model_fields in fields.items():
        model = apps.get_model(label)
        for field in model_fields:
            values = model._default_manager.values_list(field.attname, flat=True)
            if hasattr(model, "all_objects"):
                values = model.all_objects.values_list(field.attname, flat=True)
            if not any(MARK in (v or "") for v in values):
                unreached.append(f"{label}.{field.name}")
    # The grid's answers and result are structured (choices, ids, ages): no free text to mark.
    assert sorted(unreached) == [
        "interventions.Case.grid_answers",
        "interventions.Case.grid_result",
    ], unreached

    # 2. Anyone outside the team: every case URL (pages and API) answers 404, without the marker.
    ids = {
        "case_id": str(case.pk),
        "device_id": str(Device.objects.get(case=case).pk),
        "referral_id": str(Referral.objects.get(case=case).pk),
        "meeting_id": str(AwarenessMeeting.objects.filter(referral__case=case).first().pk),  # type: ignore[union-attr]
        "step_id": str(case.steps.first().pk),  # type: ignore[union-attr]
        "key": case.steps.first().key,  # type: ignore[union-attr]
        "entry_id": str(SupportEntry.objects.filter(case=case).first().pk),  # type: ignore[union-attr]
        "takedown_id": str(case.takedowns.first().pk),
        "measure_id": str(case.measures.first().pk),
        "intake_id": str(case.intake_id),
        "transfer_id": str(CaseTransfer.objects.get(case=case).pk),
    }
    case_routes = [
        r
        for r in project_routes()
        if r.name
        and r.name.split(":")[0] in ("interventions", "api")
        and {"case_id", "device_id", "referral_id", "meeting_id", "intake_id", "transfer_id"}
        & set(r.params)
        and set(r.params) <= set(ids)
    ]
    assert len(case_routes) > 40, [r.key for r in case_routes]
    intruders = [*OUTSIDERS]
    lac_vert = "coordination@lac-vert.demo"
    for role in [*intruders, lac_vert]:
        client = journey.client(role)
        for route in case_routes:
            url = reverse(route.name, kwargs={p: ids[p] for p in route.params})  # type: ignore[arg-type]
            method = (route.methods or ("GET",))[0]
            if route.name and not route.name.startswith("api:") and method == "GET":
                responses = [client.get(url), client.post(url, {"text": MARK, "reason": MARK})]
            else:
                responses = [
                    client.generic(method, url, "{}", content_type="application/json")
                    if route.key.startswith("api:")
                    else client.post(url, {"text": MARK})
                ]
            # An API write's body is checked by its schema before the handler looks at the case:
            # `{}` gets the same 422 whether the case exists or not, so it reveals nothing.
            allowed = (
                (404, 405, 422) if route.key.startswith("api:") and method != "GET" else (404, 405)
            )
            if (route.name, role) in OUTSIDER_READS:
                allowed = (200,)
            for response in responses[:1]:
                assert response.status_code in allowed, (role, url, response.status_code)
            for response in responses:
                assert MARK not in _bodies(response), (role, url)

    # 3. Everything an outsider can open without an id (home, lists, inboxes, statistics, the
    #    API's lists): never the marker. The reporter sees the status of what they filed only.
    plain_routes = [
        r for r in project_routes() if r.name and not r.params and not r.name.startswith("admin:")
    ]
    for role in [*intruders, lac_vert]:
        client = journey.client(role)
        for route in plain_routes:
            if route.methods and "GET" not in route.methods:
                continue
            response = client.get(reverse(route.name))  # type: ignore[arg-type]
            assert MARK not in _bodies(response), (role, route.key, response.status_code)

    # 4. Error pages: 404 (forged id), 403 (an action the role may not do), 400, 500.
    forged = journey.get("coordinator", "/cases/00000000-0000-0000-0000-000000000000/")
    assert forged.status_code == 404 and MARK not in _bodies(forged)
    refused = journey.client("professional").post(f"{base}/close/", {"outcome": MARK})
    assert refused.status_code == 403 and MARK not in _bodies(refused)
    bad_host = journey.client("coordinator").get(f"{base}/", HTTP_HOST="evil.example")
    assert bad_host.status_code == 400 and MARK not in _bodies(bad_host)
    from sexto.interventions.selectors import referrals as referral_selectors

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the case page broke")

    original = referral_selectors.case_referral
    referral_selectors.case_referral = broken  # type: ignore[assignment]
    try:
        crashed = journey.client("coordinator").post(f"{base}/notes/", {"text": ""})
    finally:
        referral_selectors.case_referral = original  # type: ignore[assignment]
    assert crashed.status_code == 500 and MARK not in _bodies(crashed)

    # 5. Logs (SQL included), e-mails, URLs.
    assert logs.lines, "nothing was logged: the capture is not working"
    assert any("SELECT" in line for line in logs.lines), "the SQL log was not captured"
    leaked = [line[:300] for line in logs.lines if MARK in line]
    assert not leaked, f"{len(leaked)} log lines carry the marker:\n" + "\n".join(leaked[:10])
    assert mail.outbox, "no e-mail was sent: the journey should have alerted people"
    for message in mail.outbox:
        texts = [
            message.subject,
            message.body,
            *(c for c, _t in getattr(message, "alternatives", [])),
        ]
        assert not any(MARK in str(t) for t in texts), message.subject
    assert not [u for u in journey.urls if MARK in u]

    # 6. The database holds the marker in no column in clear (encrypted columns hold tokens).
    tables = set(connection.introspection.table_names())
    scanned = 0
    with connection.cursor() as cursor:
        for table, column in raw_text_columns():
            if table not in tables:
                continue  # a model of an app whose migration is not written yet
            scanned += 1
            cursor.execute(
                f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "
                f"WHERE CAST({connection.ops.quote_name(column)} AS TEXT) LIKE %s",
                [f"%{MARK}%"],
            )
            assert cursor.fetchone()[0] == 0, f"{table}.{column} holds the marker in clear"
    print(f"Database: {scanned} text columns scanned, the marker in none in clear.")
