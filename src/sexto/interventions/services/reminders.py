"""Reminders and escalation for every step of a case (issue 18).

Before a step is due (`STEP_REMINDER_BEFORE_HOURS`) and when it becomes overdue, the case's lead
and the school's backup coordinator are reminded; `STEP_ESCALATION_HOURS` after it became
overdue, the school's principal too. Each reminder is an in-app alert at once and an email with a
link only — held while the person is in their quiet hours, sent by the next sweep after them.
The sweep (`tasks.step_reminders`) runs every few minutes; the unique constraint on
`StepReminder` makes each reminder once per person per step per deadline, however often it runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sexto.directory.models import Membership, Role, User
from sexto.interventions.models import Case, CaseStep, Notification, StepReminder

# The alert's neutral sentence per kind (msgids, translated in the reader's language).
# One alert per case and kind in a sweep, however many of its steps it is about (a case opened
# an hour ago may have several steps due "at once"): the page lists them.
SUBJECTS = {
    StepReminder.Kind.DUE_SOON: gettext_noop("a case has steps due soon"),
    StepReminder.Kind.OVERDUE: gettext_noop("a case has overdue steps"),
    StepReminder.Kind.ESCALATED: gettext_noop("a case still has overdue steps"),
}


def _school_people(case: Case, *, backup: bool) -> list[User]:
    memberships = Membership.objects.current().filter(school_id=case.school_id)
    if backup:
        memberships = memberships.filter(role=Role.COORDINATOR, is_backup=True)
    else:
        memberships = memberships.filter(role=Role.PRINCIPAL)
    return list(
        User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).distinct()
    )


def step_reminder_recipients(*, case: Case, kind: str) -> list[User]:
    """The lead and the backup coordinator(s); for an escalation, the principal(s)."""
    if kind == StepReminder.Kind.ESCALATED:
        return _school_people(case, backup=False)
    people = _school_people(case, backup=True)
    if case.lead is not None and case.lead.is_active and case.lead not in people:
        people.insert(0, case.lead)
    return people


def _email(reminders: list[StepReminder], *, now: datetime.datetime) -> None:
    """One email for these reminders of one person about one case: a link, nothing more."""
    first = reminders[0]
    user, case = first.user, first.step.case
    link = f"{settings.PUBLIC_BASE_URL}{_step_url(first.step)}"
    with translation.override(user.preferred_language):
        subject = _(SUBJECTS[StepReminder.Kind(first.kind)])
        body = _(
            "Sexto: %(subject)s (%(reference)s).\n\nOpen it here: %(link)s\n\n"
            "This message contains no details on purpose."
        ) % {"subject": subject, "reference": case.number or "", "link": link}
        send_mail(
            subject=f"Sexto — {subject} ({case.number})",
            message=body,
            from_email=None,
            recipient_list=[user.email],
        )
    StepReminder.objects.filter(pk__in=[r.pk for r in reminders]).update(emailed_at=now)


def _step_url(step: CaseStep) -> str:
    return reverse("interventions:case_detail", args=[step.case_id]) + f"#step-{step.key}"


def _remind(steps: list[CaseStep], *, kind: str, now: datetime.datetime) -> int:
    """Remind each recipient of these steps of one case: one alert (and one email) for those of
    the steps they were not yet reminded of for this deadline."""
    case = steps[0].case
    sent = 0
    for user in step_reminder_recipients(case=case, kind=kind):
        new: list[StepReminder] = []
        for step in steps:
            assert step.due_at is not None
            try:
                with transaction.atomic():
                    new.append(
                        StepReminder.objects.create(
                            step=step, user=user, kind=kind, due_at=step.due_at, sent_at=now
                        )
                    )
            except IntegrityError:
                continue  # already reminded of this deadline
        if not new:
            continue
        Notification.objects.create(
            user=user,
            kind=f"step.{kind}",
            url=_step_url(new[0].step),
            reference=case.number or "",
            subject=SUBJECTS[StepReminder.Kind(kind)],
            created_at=now,
        )
        sent += 1
        if not user.in_quiet_hours(now):
            _email(new, now=now)
    return sent


def _kind_now(step: CaseStep, now: datetime.datetime) -> str | None:
    assert step.due_at is not None
    if now >= step.due_at + datetime.timedelta(hours=settings.STEP_ESCALATION_HOURS):
        return StepReminder.Kind.ESCALATED
    if now >= step.due_at:
        return StepReminder.Kind.OVERDUE
    if now >= step.due_at - datetime.timedelta(hours=settings.STEP_REMINDER_BEFORE_HOURS):
        return StepReminder.Kind.DUE_SOON
    return None


def steps_needing_reminders(*, now: datetime.datetime) -> Iterable[CaseStep]:
    """Pending steps of open real cases whose deadline is within the reminder window or past."""
    soon = now + datetime.timedelta(hours=settings.STEP_REMINDER_BEFORE_HOURS)
    return (
        CaseStep.objects.filter(
            state=CaseStep.State.PENDING,
            due_at__isnull=False,
            due_at__lte=soon,
            case__status=Case.Status.OPEN,
            case__simulation=False,
        )
        .select_related("case__lead", "case__school")
        .order_by("due_at")
    )


def step_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """One sweep: every reminder now due, one alert per person per case and kind (a step past the
    escalation delay also gets its overdue reminder if that one was missed), then the emails held
    by quiet hours. Returns how many alerts were sent."""
    now = now or timezone.now()
    sent = 0
    by_case_and_kind: dict[tuple[object, str], list[CaseStep]] = {}
    for step in steps_needing_reminders(now=now):
        kind = _kind_now(step, now)
        if kind == StepReminder.Kind.ESCALATED:
            by_case_and_kind.setdefault((step.case_id, StepReminder.Kind.OVERDUE), []).append(step)
        if kind is not None:
            by_case_and_kind.setdefault((step.case_id, kind), []).append(step)
    for (_case_id, kind), steps in by_case_and_kind.items():
        sent += _remind(steps, kind=kind, now=now)
    held: dict[tuple[object, object, str], list[StepReminder]] = {}
    waiting = StepReminder.objects.filter(
        emailed_at__isnull=True, step__state=CaseStep.State.PENDING
    ).select_related("user", "step__case")
    for reminder in waiting:
        if not reminder.user.in_quiet_hours(now):
            held.setdefault((reminder.user_id, reminder.step.case_id, reminder.kind), []).append(
                reminder
            )
    for reminders in held.values():
        _email(reminders, now=now)
    return sent
