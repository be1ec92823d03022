"""The case page's cost (issue 15): at most 22 SQL statements per read, the same number whatever
the chronology's size; the team section's reads answer the lead and the candidates without
queries of their own."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sexto.audit.selectors import audit_events_for
from sexto.audit.services import audit_record
from sexto.interventions.models import Case, ChronologyEntry
from sexto.interventions.selectors.access import case_reads, case_reads_describe
from sexto.interventions.selectors.cases import case_chronology_page
from sexto.interventions.selectors.team import case_team, professional_candidates
from sexto.interventions.services.team import lead_status
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

# Transaction control (the test's savepoints, BEGIN/COMMIT outside tests) reads and writes no
# data: the budget counts the statements that do, as bench/cases.py's "statements" column.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
# 20 until issue 18 added two reads: the menu's unread-alerts count (every page) and the schools
# a case may be transferred to (the team's transfer form).
BUDGET = 22


def _entries_add(case: Case, count: int, actor: Any) -> None:
    now = timezone.now()
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=case,
            at=now - datetime.timedelta(minutes=n + 1),
            actor=actor,
            kind="note",
            text=f"Suivi numéro {n}.",
        )
        for n in range(count)
    )


def _page_statements(client: Client, case: Case) -> tuple[list[str], int]:
    """(the data statements of one GET of the case page, every statement sent)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    sent = [q["sql"] for q in captured.captured_queries]
    return [sql for sql in sent if not sql.upper().startswith(TRANSACTION_CONTROL)], len(sent)


def test_the_case_page_reads_within_budget_whatever_the_chronology_size(people, open_case):
    small, large = open_case(), open_case()
    _entries_add(small, 10, people["coordinator"])
    _entries_add(large, 200, people["coordinator"])
    client = Client()
    sign_in(client, people["coordinator"].email)
    client.get(f"/cases/{small.pk}/")  # first read of the session: sign-in leftovers settle

    small_statements, small_sent = _page_statements(client, small)
    large_statements, large_sent = _page_statements(client, large)

    assert len(small_statements) <= BUDGET, "\n".join(small_statements)
    assert len(large_statements) == len(small_statements), "\n".join(large_statements)
    assert large_sent == small_sent


def test_the_chronology_page_comes_with_its_count(people, open_case):
    case = open_case()
    _entries_add(case, 45, people["coordinator"])
    total = ChronologyEntry.objects.filter(case=case).count()
    with CaptureQueriesContext(connection) as captured:
        page = case_chronology_page(case=case, page="2")
    assert len(captured.captured_queries) == 1
    assert page.number == 2 and page.paginator.count == total
    assert [e.pk for e in page] == [e.pk for e in ChronologyEntry.objects.filter(case=case)][20:40]
    # Past the end, or not a number: what Paginator.get_page gives.
    assert case_chronology_page(case=case, page="99").number == page.paginator.num_pages
    assert case_chronology_page(case=case, page="x").number == 1
    assert case_chronology_page(case=case, page="0").number == page.paginator.num_pages


def test_the_team_answers_the_lead_and_the_candidates_as_their_own_queries_do(people, open_case):
    case = Case.objects.select_related("school").get(pk=open_case().pk)
    team = case_team(case=case, with_candidates=True)
    assert [m.user for m in team] == [m.user for m in case_team(case=case)]
    assert team.candidates == professional_candidates(case=case)
    with CaptureQueriesContext(connection) as captured:
        assert professional_candidates(case=case, team=team) == team.candidates
        from_team = lead_status(case=case, team=team)
    assert captured.captured_queries == []
    assert from_team == lead_status(case=case)
    # A lead who left the school: the same answer, candidates included.
    case.lead = people["staff"]
    assert lead_status(case=case, team=team) == lead_status(case=case)
    assert lead_status(case=case, team=team).candidates
    case.lead = None
    assert lead_status(case=case, team=team) == lead_status(case=case)


def test_who_looked_names_its_readers_from_the_reads_query(people, open_case):
    case = open_case()
    for who in ("coordinator", "principal", "coordinator"):
        audit_record(actor=people[who], action="case.read", target=case)
    audit_record(actor="system", action="case.read", target=case)
    audit_record(actor="user:999999", action="case.read", target=case)
    events = list(case_reads(case=case))
    with CaptureQueriesContext(connection) as captured:
        described = case_reads_describe(events)
    assert captured.captured_queries == []
    # The same as naming them with a query of their own (events without the names).
    plain = list(audit_events_for(targets=[("interventions.case", str(case.pk))]))
    plain = [e for e in plain if e.action == "case.read"]
    assert described == case_reads_describe(plain)
    assert [read.who for read in described[:2]] == ["user:999999", "system"]
    assert people["principal"].get_full_name() in [read.who for read in described]


def test_the_read_and_the_match_are_written_once_together_and_shown_in_who_looked(
    people, open_case, english
):
    from sexto.audit.models import AuditEvent
    from sexto.audit.selectors import audit_chain_verify
    from sexto.interventions.services import case_person_add

    first, second = open_case(), open_case()
    for case in (first, second):
        case_person_add(
            actor=people["coordinator"], case=case, label="A", name="Zoé Lavoie", age=14
        )
    client = Client()
    sign_in(client, people["coordinator"].email)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/cases/{first.pk}/")
    html = page.content.decode()
    assert "Another open case involves this student." in html
    # One insert (and, on PostgreSQL, one lock of the chain's head; SQLite has no row locks) for
    # the page's read and the match it shows.
    table = AuditEvent._meta.db_table
    inserts = [
        q
        for q in captured.captured_queries
        if q["sql"].startswith("INSERT") and f'"{table}"' in q["sql"]
    ]
    assert len(inserts) == 1
    if connection.vendor == "postgresql":
        locks = [q for q in captured.captured_queries if "FOR UPDATE" in q["sql"]]
        assert len(locks) == 1
    events = AuditEvent.objects.filter(target_id=str(first.pk)).order_by("seq")
    read, match = list(events)[-2:]
    assert (read.action, match.action) == ("case.read", "case.people_match")
    assert match.seq == read.seq + 1 and match.prev_hash == read.hash
    assert audit_chain_verify(chain=read.chain).broken is None
    # The page's own read is already among "who looked" (the only read of this case).
    who_looked = html.split('data-testid="who-looked"', 1)[1].split("</ul>", 1)[0]
    assert people["coordinator"].get_full_name() in who_looked


def test_a_refused_read_is_still_audited_inside_the_batch(people, open_case):
    from sexto.audit.models import AuditEvent

    case = open_case()
    client = Client()
    sign_in(client, people["other_coordinator"].email)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="access.refused", target_id=str(case.pk)).exists()
