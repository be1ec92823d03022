"""Background tasks of the kit: an intake nobody triaged in time is escalated (DESIGN.md); the
DPJ duty holders who have not acted are reminded daily.

Each intake schedules its own check `INTAKE_ESCALATION_MINUTES` after it is filed; the regular
sweep (`manage.py daily_jobs`) catches any the worker missed. Escalation happens once per intake.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from sexto.core.jobs import daily_job_register
from sexto.interventions.models import Case, Intake
from sexto.interventions.selectors.around import YOUTH_PROTECTION_DUTY
from sexto.interventions.services.around import youth_protection_remind
from sexto.interventions.services.common import audit_case
from sexto.interventions.services.notifications import escalation_recipients, notify
from sexto.interventions.services.reminders import step_reminders_send

# notify() translates the subject in each recipient's language.
ESCALATION_SUBJECT = gettext_noop("a report is still waiting for triage")


def escalation_delay() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.INTAKE_ESCALATION_MINUTES)


@task()
def intake_escalate(intake_id: str) -> bool:
    """Alert the backup coordinator and the principal if this intake still awaits triage after the
    delay; once per intake. An early run (a backend that cannot defer) does nothing."""
    now = timezone.now()
    with transaction.atomic():
        # Claiming with a conditional update makes a second run (or the sweep) a no-op.
        claimed = Intake.objects.filter(
            pk=intake_id,
            status=Intake.Status.NEW,
            escalated_at__isnull=True,
            created_at__lte=now - escalation_delay(),
        ).update(escalated_at=now)
        if not claimed:
            return False
        intake = Intake.objects.select_related("school").get(pk=intake_id)
        audit_case(
            intake,
            actor=None,
            action="intake.escalate",
            changes={"minutes": settings.INTAKE_ESCALATION_MINUTES},
        )
        users = escalation_recipients(school=intake.school)
        url = reverse("interventions:intake_detail", args=[intake.pk])
        reference = intake.reference or ""
        transaction.on_commit(
            lambda: notify(
                users=users,
                kind="intake.escalated",
                url=url,
                reference=reference,
                subject=ESCALATION_SUBJECT,
            )
        )
    return True


@task()
def intakes_escalate_overdue() -> int:
    """Escalate every intake still awaiting triage after the delay; returns how many."""
    cutoff = timezone.now() - escalation_delay()
    waiting = Intake.objects.filter(
        status=Intake.Status.NEW, escalated_at__isnull=True, created_at__lte=cutoff
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(waiting) if intake_escalate.call(str(pk)))


def intake_escalation_schedule(*, intake_id: str) -> None:
    """Enqueue the intake's escalation check for when the delay has passed. A backend that cannot
    defer (the tests' immediate one) runs it at once, when it finds the intake too recent."""
    job = intake_escalate
    if job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + escalation_delay())
    job.enqueue(intake_id)


daily_job_register("intake_escalations", intakes_escalate_overdue)


@task()
def youth_protection_reminders() -> int:
    """Remind every DPJ duty holder who has not acted on an open case where the grid makes the
    duty apply: once per day per person per case (however often the jobs run). Returns how many
    reminders were sent."""
    cases = Case.objects.filter(status=Case.Status.OPEN, youth_protection__in=YOUTH_PROTECTION_DUTY)
    return sum(len(youth_protection_remind(case=case)) for case in cases)


daily_job_register("youth_protection_reminders", youth_protection_reminders)


@task()
def step_reminders() -> int:
    """Remind the lead and the backup before each step is due and when it is overdue, the
    principal after the escalation delay (services/reminders.py). Runs every few minutes
    (`manage.py step_reminders`) and with the daily jobs."""
    return step_reminders_send()


daily_job_register("step_reminders", step_reminders)
