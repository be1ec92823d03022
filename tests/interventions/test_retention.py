"""Retention: what expired is destroyed with everything under it, a destruction record without
personal data stays, a legal hold blocks destruction, simulations are never touched."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.audit.retention import legal_hold_lift, legal_hold_place
from sexto.audit.retention_models import DestructionRecord, LegalHold
from sexto.core.jobs import daily_jobs
from sexto.directory.models import School, User
from sexto.interventions import models as kit
from sexto.interventions.demo import demo_cases_seed
from sexto.interventions.models import Case, Intake
from sexto.interventions.retention import retention_apply, retention_items

pytestmark = pytest.mark.django_db

# What the demo's cases say about people: none of it may survive in a destruction record.
DEMO_NAMES = ["Zoé Lavoie", "Noah Gagné", "Maya Roy", "Jérémy Dubé", "Victor P.", "Olivier M."]
UNDER_A_CASE = [
    kit.CaseMember,
    kit.CaseStep,
    kit.CasePerson,
    kit.ChronologyEntry,
    kit.Device,
    kit.CustodyEvent,
    kit.Referral,
    kit.AwarenessMeeting,
    kit.YouthProtectionReport,
    kit.ParentNotification,
    kit.SupportEntry,
    kit.TakedownRequest,
    kit.EducationalMeasure,
]


@pytest.fixture
def people(demo_people: dict[str, User]) -> dict[str, User]:
    """The demo's people: these tests destroy the demo's cases."""
    return demo_people


@pytest.fixture
def school(demo: None) -> School:
    return School.objects.get(ministry_code="751001")


@pytest.fixture
def seeded(demo: None) -> list[Case]:
    return demo_cases_seed(lambda line: None)


def _close_long_ago(*, years: float, intake_years: float | None = None) -> None:
    """Close every case `years` ago, and the intake closed without a case `intake_years` ago
    (the same by default)."""
    now = timezone.now()
    Case.objects.update(
        status=Case.Status.CLOSED, closed_at=now - datetime.timedelta(days=365.25 * years)
    )
    ago = years if intake_years is None else intake_years
    Intake.objects.filter(status=Intake.Status.CLOSED).update(
        triaged_at=now - datetime.timedelta(days=365.25 * ago)
    )


def test_report_lists_what_will_be_destroyed_when(
    seeded: list[Case], capsys: pytest.CaptureFixture[str]
) -> None:
    closed_case = next(c for c in seeded if c.status == Case.Status.CLOSED)
    six_years_ago = timezone.now() - datetime.timedelta(days=6 * 365)
    Case.objects.filter(pk=closed_case.pk).update(closed_at=six_years_ago)

    call_command("retention_report")

    out = capsys.readouterr().out
    line = next(li for li in out.splitlines() if li.startswith(closed_case.number))
    assert "due now" in line and "closed_case" in line
    # The intake closed without a case a day ago goes in a year.
    intake = Intake.objects.get(status=Intake.Status.CLOSED)
    in_a_year = timezone.localdate(intake.triaged_at.replace(year=intake.triaged_at.year + 1))
    intake_line = next(li for li in out.splitlines() if li.startswith(intake.reference))
    assert f"destroyed on {in_a_year.isoformat()}" in intake_line
    assert "2 records under retention: 1 due now, 0 under legal hold." in out
    # Numbers and dates only: no narrative, no name.
    for name in DEMO_NAMES:
        assert name not in out


def test_daily_job_destroys_expired_cases_with_everything_under_them(seeded: list[Case]) -> None:
    _close_long_ago(years=5.1)
    numbers = set(Case.objects.values_list("number", flat=True))
    assert all(
        model.objects.exists() for model in [kit.Device, kit.AwarenessMeeting, kit.CasePerson]
    )

    daily_jobs()["retention"].enqueue()  # the tests' immediate backend runs it at once

    assert not Case.all_objects.exists()
    for model in UNDER_A_CASE:
        assert not model.objects.exists(), model
    # Every intake that became a case, and the one closed without a case, went too; the one
    # still awaiting triage stays.
    assert list(Intake.objects.values_list("status", flat=True)) == [Intake.Status.NEW]
    records = DestructionRecord.objects.all()
    assert {r.reference for r in records if r.target_type == "interventions.case"} == numbers
    assert {r.rule for r in records} == {"closed_case", "intake_without_case"}
    case_record = next(r for r in records if r.rows.get("interventions.Device"))
    assert case_record.rows["interventions.CasePerson"] == 2
    assert case_record.retention_years == 5
    dump = json.dumps(list(records.values()), default=str)
    for name in DEMO_NAMES:
        assert name not in dump
    assert AuditEvent.objects.filter(action="retention.destroy").count() == len(records)
    call_command("audit_verify")


def test_nothing_is_destroyed_before_its_time(seeded: list[Case]) -> None:
    _close_long_ago(years=4.9, intake_years=0.9)
    assert retention_apply().destroyed == []
    assert Case.objects.count() == len(seeded)


@override_settings(RETENTION_YEARS={"closed_case": 2, "intake_without_case": 1})
def test_the_period_is_configurable(seeded: list[Case]) -> None:
    _close_long_ago(years=2.1)
    assert len(retention_apply().destroyed) == len(seeded) + 1


def test_open_cases_are_never_destroyed(seeded: list[Case]) -> None:
    _close_long_ago(years=9)
    reopened = seeded[0]
    Case.objects.filter(pk=reopened.pk).update(status=Case.Status.OPEN, closed_at=None)
    retention_apply()
    assert list(Case.objects.values_list("pk", flat=True)) == [reopened.pk]


def test_a_legal_hold_blocks_destruction_until_lifted(seeded: list[Case], people) -> None:
    _close_long_ago(years=6)
    held = seeded[1]
    hold = legal_hold_place(
        actor=people["privacy"],
        target=("interventions.case", str(held.pk)),
        chain=held.audit_chain,
        reference=held.number,
        reason="Demande d'accès en cours (dossier CAI 1234)",
    )
    run = retention_apply()
    assert run.held == 1
    assert list(Case.objects.values_list("pk", flat=True)) == [held.pk]
    item = next(i for i in retention_items() if i.target_id == str(held.pk))
    assert item.held

    legal_hold_lift(actor=people["privacy"], hold=hold, reason="Demande traitée")
    retention_apply()
    assert not Case.objects.exists()
    # The lifted hold (its reason may name people) goes with the case; its events stay.
    assert not LegalHold.objects.filter(target_id=str(held.pk)).exists()
    assert (
        AuditEvent.objects.filter(action__in=["legal_hold.place", "legal_hold.lift"]).count() == 2
    )


def test_simulations_are_never_touched(people, school) -> None:
    from sexto.interventions.services import case_open

    simulation = case_open(
        actor=people["learner"], school=school, summary="Cas de pratique", simulation=True
    )
    Case.all_objects.filter(pk=simulation.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=3650)
    )
    assert retention_items() == []
    retention_apply()
    assert Case.all_objects.filter(pk=simulation.pk).exists()
