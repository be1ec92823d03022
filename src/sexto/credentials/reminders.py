"""The expiry reminders (issue 17): 60 days before a badge expires, and again when it has expired
if it was not renewed, the member gets an in-app alert and an email that carry a link to renew
only, each once per award (the audit event is the memory). One daily job sends both."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from sexto.audit.models import AuditEvent
from sexto.audit.services import audit_record
from sexto.core.jobs import daily_job_register
from sexto.credentials.expiry import RENEWAL_WINDOW, award_valid_until
from sexto.credentials.members import award_is_revoked
from sexto.credentials.models import Award
from sexto.training.alerts import member_alert

REMIND_BEFORE = RENEWAL_WINDOW
# The second reminder goes at expiry; a badge that expired longer ago than this (an imported
# one, a job that did not run) gets none: its member is not told years late.
REMIND_EXPIRED_WITHIN = datetime.timedelta(days=30)
ACTION = "credentials.award.expiry_remind"
ACTION_EXPIRED = "credentials.award.expired_remind"


def _already_reminded(award: Award, action: str = ACTION) -> bool:
    return AuditEvent.objects.filter(
        action=action, target_type="credentials.award", target_id=str(award.pk)
    ).exists()


def _which_reminder(award: Award, now: datetime.datetime) -> tuple[str, datetime.datetime] | None:
    """(audit action, valid until) of the reminder due for the award now, or None."""
    valid_until = award_valid_until(award)
    if valid_until is None:
        return None
    if now < valid_until <= now + REMIND_BEFORE:
        return ACTION, valid_until
    if now - REMIND_EXPIRED_WITHIN < valid_until <= now:
        return ACTION_EXPIRED, valid_until
    return None


def expiry_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind every member whose valid, unrevoked, not renewed badge expires within 60 days, and
    once more when it has expired; each reminder links to the badge's renewal page. Returns how
    many were sent. Idempotent: each reminder goes once per award (the audit event is the
    memory), whatever the number of runs."""
    now = now or timezone.now()
    sent = 0
    candidates = Award.objects.filter(
        evidence__validity_months__isnull=False, renewed_by__isnull=True
    ).select_related("recipient")
    for award in candidates:
        due = _which_reminder(award, now)
        if due is None:
            continue
        action, valid_until = due
        if award_is_revoked(award) or _already_reminded(award, action):
            continue
        url = reverse("credentials:member_renew", kwargs={"award_id": award.pk})
        expired = action == ACTION_EXPIRED
        with transaction.atomic():
            audit_record(
                actor=None,
                action=action,
                target=award,
                changes={"valid_until": valid_until.isoformat()},
            )
            member_alert(
                user=award.recipient,
                kind="credentials.expired" if expired else "credentials.expiry",
                url=url,
                subject=(
                    gettext_noop("one of your badges has expired: you can renew it")
                    if expired
                    else gettext_noop("one of your badges expires soon: you can renew it")
                ),
            )
        _email(
            award=award,
            valid_until=valid_until,
            link=f"{settings.PUBLIC_BASE_URL}{url}",
            expired=expired,
        )
        sent += 1
    return sent


def _email(
    *, award: Award, valid_until: datetime.datetime, link: str, expired: bool = False
) -> None:
    """A link only: the badge's name is on the page, behind sign-in. The date is written out
    in the member's language (« 3 janvier 2027 »)."""
    recipient = award.recipient
    with translation.override(recipient.preferred_language):
        date = formats.date_format(timezone.localtime(valid_until).date(), "DATE_FORMAT")
        if expired:
            subject = _("Sexto — one of your badges has expired")
            body = _(
                "One of your badges expired on %(date)s. You can still renew it with a short "
                "refresher.\n\nRenew it here: %(link)s\n\n"
                "This message contains no details on purpose."
            ) % {"date": date, "link": link}
        else:
            subject = _("Sexto — one of your badges expires soon")
            body = _(
                "One of your badges expires on %(date)s. You can renew it now with a short "
                "refresher.\n\nRenew it here: %(link)s\n\n"
                "This message contains no details on purpose."
            ) % {"date": date, "link": link}
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[recipient.email])


@task()
def badge_expiry_reminders() -> int:
    """The daily job form of `expiry_reminders_send`."""
    return expiry_reminders_send()


daily_job_register("badge_expiry_reminders", badge_expiry_reminders)
