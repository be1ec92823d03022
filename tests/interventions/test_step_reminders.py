"""Reminders and escalation for every step (issue 18): the lead and the backup before a step is
due and when it is overdue, the principal after the escalation delay, once each, emails held
during a person's quiet hours; the work list by urgency."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from sexto.interventions.models import Case, CaseStep, Notification, StepReminder
from sexto.interventions.selectors import worklist_for
from sexto.interventions.services.reminders import step_reminders_send

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def _only_step_due(case: Case, key: str, due_at: datetime.datetime) -> CaseStep:
    """Every other step settled, so the test hears about this one alone."""
    CaseStep.objects.filter(case=case).exclude(key=key).update(state=CaseStep.State.DONE)
    CaseStep.objects.filter(case=case, key=key).update(due_at=due_at)
    return CaseStep.objects.get(case=case, key=key)


def _alerted(user, kind: str) -> int:
    return Notification.objects.filter(user=user, kind=f"step.{kind}").count()


@override_settings(STEP_REMINDER_BEFORE_HOURS=2, STEP_ESCALATION_HOURS=24)
def test_lead_and_backup_before_due_then_overdue_then_the_principal(case, people):
    now = timezone.now()
    step = _only_step_due(case, "secure_devices", now + HOUR)
    lead, backup, principal = people["coordinator"], people["backup"], people["principal"]
    assert case.lead == lead

    assert step_reminders_send(now=now - 2 * HOUR) == 0  # not yet in the window
    assert step_reminders_send(now=now) == 2
    assert _alerted(lead, "due_soon") == _alerted(backup, "due_soon") == 1
    assert _alerted(principal, "due_soon") == 0
    assert step_reminders_send(now=now + HOUR / 2) == 0  # once, however often the sweep runs
    assert {m.to[0] for m in mail.outbox} == {lead.email, backup.email}
    assert all(f"/cases/{case.pk}/#step-secure_devices" in m.body for m in mail.outbox)
    assert all("Sexto" in m.subject and case.number in m.subject for m in mail.outbox)

    assert step_reminders_send(now=now + 2 * HOUR) == 2
    assert _alerted(lead, "overdue") == _alerted(backup, "overdue") == 1
    assert step_reminders_send(now=now + 26 * HOUR) == 1
    assert _alerted(principal, "escalated") == 1
    assert step_reminders_send(now=now + 30 * HOUR) == 0

    # Done: nobody hears about it again; re-planned to a new deadline: a new round.
    CaseStep.objects.filter(pk=step.pk).update(due_at=now + 40 * HOUR)
    assert step_reminders_send(now=now + 39 * HOUR) == 2
    CaseStep.objects.filter(pk=step.pk).update(state=CaseStep.State.DONE)
    assert step_reminders_send(now=now + 90 * HOUR) == 0


def test_quiet_hours_hold_the_email_not_the_alert(case, people):
    lead = people["coordinator"]
    moment = timezone.make_aware(datetime.datetime(2026, 12, 3, 23, 30))
    lead.quiet_from, lead.quiet_until = datetime.time(22, 0), datetime.time(7, 0)
    lead.save(update_fields=["quiet_from", "quiet_until"])
    _only_step_due(case, "inform_parents", moment - HOUR)
    step_reminders_send(now=moment)
    assert _alerted(lead, "overdue") == 1
    assert lead.email not in [m.to[0] for m in mail.outbox]
    step_reminders_send(now=moment + 2 * HOUR)  # 1:30, still quiet
    assert lead.email not in [m.to[0] for m in mail.outbox]
    step_reminders_send(now=moment + 8 * HOUR)  # 7:30
    assert [m.to[0] for m in mail.outbox].count(lead.email) == 1
    assert StepReminder.objects.get(user=lead, kind="overdue").emailed_at is not None


def test_closed_cases_and_simulations_are_left_alone(case, people):
    _only_step_due(case, "secure_devices", timezone.now() - HOUR)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    assert step_reminders_send() == 0
    Case.objects.filter(pk=case.pk).update(status=Case.Status.OPEN, simulation=True)
    assert step_reminders_send() == 0


def test_the_work_list_goes_by_urgency_and_marks_what_is_overdue(open_case, people):
    now = timezone.now()
    calm, late, police = open_case(), open_case(), open_case()
    for case, route in ((calm, "school_follow_up"), (late, "school_follow_up"), (police, "")):
        Case.objects.filter(pk=case.pk).update(route=route)
    Case.objects.filter(pk=police.pk).update(route="sexto_procedure")
    CaseStep.objects.filter(case__in=[calm, late, police]).update(due_at=now + 48 * HOUR)
    CaseStep.objects.filter(case=late, key="inform_parents").update(due_at=now - HOUR)
    work = worklist_for(user=people["coordinator"])
    order = [c.pk for c in work.cases if c.pk in {calm.pk, late.pk, police.pk}]
    assert order == [police.pk, late.pk, calm.pk]
    marked = {c.pk: c.overdue for c in work.cases}
    assert marked[late.pk] and not marked[calm.pk]


def test_a_person_sets_quiet_hours_both_or_neither(people, client, english):
    from tests.helpers import sign_in

    user = people["coordinator"]
    sign_in(client, user.email)
    base = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "handle": user.handle,
        "preferred_language": "en",
    }
    refused = client.post("/account/", {**base, "quiet_from": "22:00"})
    assert refused.status_code == 422
    assert "Give both the start and the end" in refused.content.decode()
    assert client.post("/account/", {**base, "quiet_from": "22:00", "quiet_until": "07:00"})[
        "Location"
    ]
    user.refresh_from_db()
    assert (user.quiet_from, user.quiet_until) == (datetime.time(22, 0), datetime.time(7, 0))
