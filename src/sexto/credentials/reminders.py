"""The expiry reminder (issue 17): 60 days before a badge expires, the member gets an in-app
alert and an email that carries a link only, once per award (the audit event is the memory)."""

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
from sexto.credentials.expiry import award_valid_until
from sexto.credentials.members import award_is_revoked
from sexto.credentials.models import Award
from sexto.training.alerts import member_alert

REMIND_BEFORE = datetime.timedelta(days=60)
ACTION = "credentials.award.expiry_remind"


def _already_reminded(award: Award) -> bool:
    return AuditEvent.objects.filter(
        action=ACTION, target_type="credentials.award", target_id=str(award.pk)
    ).exists()


def expiry_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind every member whose valid, unrevoked badge expires within 60 days; returns how
    many were reminded. Idempotent: a second run the same day (or later) sends nothing."""
    now = now or timezone.now()
    url = reverse("credentials:member_badges")
    sent = 0
    candidates = Award.objects.filter(evidence__validity_months__isnull=False).select_related(
        "recipient"
    )
    for award in candidates:
        valid_until = award_valid_until(award)
        if valid_until is None or not now < valid_until <= now + REMIND_BEFORE:
            continue
        if award_is_revoked(award) or _already_reminded(award):
            continue
        with transaction.atomic():
            audit_record(
                actor=None,
                action=ACTION,
                target=award,
                changes={"valid_until": valid_until.isoformat()},
            )
            member_alert(
                user=award.recipient,
                kind="credentials.expiry",
                url=url,
                subject=gettext_noop("one of your badges expires soon"),
            )
        _email(award=award, valid_until=valid_until, link=f"{settings.PUBLIC_BASE_URL}{url}")
        sent += 1
    return sent


def _email(*, award: Award, valid_until: datetime.datetime, link: str) -> None:
    """A link only: the badge's name and date are on the page, behind sign-in."""
    recipient = award.recipient
    with translation.override(recipient.preferred_language):
        subject = _("Sexto — one of your badges expires soon")
        body = _(
            "One of your badges expires on %(date)s.\n\nOpen your badges here: %(link)s\n\n"
            "This message contains no details on purpose."
        ) % {
            # Written out in the member's language (« 3 décembre 2026 »), never ISO in a sentence.
            "date": formats.date_format(timezone.localtime(valid_until), "DATE_FORMAT"),
            "link": link,
        }
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[recipient.email])


@task()
def badge_expiry_reminders() -> int:
    """The daily job form of `expiry_reminders_send`."""
    return expiry_reminders_send()


daily_job_register("badge_expiry_reminders", badge_expiry_reminders)
