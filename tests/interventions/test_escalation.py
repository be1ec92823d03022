"""An intake nobody triaged in time alerts the backup coordinator and the principal, once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task_backends

from sexto.audit.models import AuditEvent
from sexto.interventions import services, tasks
from sexto.interventions.models import Intake, Notification

pytestmark = pytest.mark.django_db

ESCALATED_TO = ("backup", "principal")


def _intake(people, school, *, minutes_ago: int) -> Intake:
    intake = services.intake_create(
        reporter=people["staff"],
        school=school,
        told_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        told_by="Un élève",
        account="Une photo intime de Zoé circule.",
    )
    Intake.objects.filter(pk=intake.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return intake


def _escalated() -> set[str]:
    return {n.user.email for n in Notification.objects.filter(kind="intake.escalated")}


def test_an_old_intake_is_escalated_once_to_the_backup_and_the_principal(
    people, school, django_capture_on_commit_callbacks
):
    intake = _intake(people, school, minutes_ago=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.intake_escalate.call(str(intake.pk)) is True
    # Not the main coordinator, already alerted.
    assert _escalated() == {people[key].email for key in ESCALATED_TO}
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert f"/intakes/{intake.pk}/" in message.body
        assert "Zoé" not in message.body and "photo" not in message.body.lower()
    intake.refresh_from_db()
    assert intake.escalated_at is not None
    assert AuditEvent.objects.filter(action="intake.escalate", target_id=str(intake.pk)).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.intake_escalate.call(str(intake.pk)) is False
        assert tasks.intakes_escalate_overdue.call() == 0
    assert Notification.objects.filter(kind="intake.escalated").count() == 2


def test_a_fresh_or_triaged_intake_is_not_escalated(
    people, school, django_capture_on_commit_callbacks
):
    fresh = _intake(people, school, minutes_ago=5)
    opened = _intake(people, school, minutes_ago=90)
    services.case_open(actor=people["coordinator"], school=school, intake=opened, summary="Cas.")
    closed = _intake(people, school, minutes_ago=90)
    services.intake_close(actor=people["coordinator"], intake=closed, reason="Rien de sexuel.")
    with django_capture_on_commit_callbacks(execute=True):
        for intake in (fresh, opened, closed):
            assert tasks.intake_escalate.call(str(intake.pk)) is False
        assert tasks.intakes_escalate_overdue.call() == 0
    assert _escalated() == set()
    assert not Intake.objects.filter(escalated_at__isnull=False).exists()


def test_the_delay_is_configurable(people, school, settings, django_capture_on_commit_callbacks):
    settings.INTAKE_ESCALATION_MINUTES = 10
    intake = _intake(people, school, minutes_ago=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.intakes_escalate_overdue.call() == 1
    assert _escalated() == {people[key].email for key in ESCALATED_TO}
    intake.refresh_from_db()
    assert intake.escalated_at is not None


def test_filing_an_intake_schedules_its_check_after_the_delay(
    people, school, settings, django_capture_on_commit_callbacks
):
    # The immediate backend runs the check at once: the intake is too recent, nothing happens.
    with django_capture_on_commit_callbacks(execute=True):
        intake = _intake(people, school, minutes_ago=0)
    assert _escalated() == set()
    intake.refresh_from_db()
    assert intake.escalated_at is None

    # A backend that defers (the database one in production) runs it after the delay.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        intake = _intake(people, school, minutes_ago=0)
    results = task_backends["default"].results  # type: ignore[attr-defined]
    scheduled = [r for r in results if r.task.name == "intake_escalate"]
    assert len(scheduled) == 1 and scheduled[0].args == [str(intake.pk)]
    run_after = scheduled[0].task.run_after
    assert run_after is not None and run_after >= before + datetime.timedelta(minutes=30)


def test_daily_jobs_enqueue_the_sweep(people, school, django_capture_on_commit_callbacks):
    intake = _intake(people, school, minutes_ago=45)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("daily_jobs", stdout=out)
    assert "intake_escalations: enqueued" in out.getvalue()
    assert _escalated() == {people[key].email for key in ESCALATED_TO}
    intake.refresh_from_db()
    assert intake.escalated_at is not None
