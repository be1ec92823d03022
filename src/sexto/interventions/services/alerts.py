"""Alerts about things outside a case (role changes), delivered like the kit's own: an in-app
alert on the Alerts page and an email that carries a neutral sentence and a link, nothing more."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from sexto.directory.models import User
from sexto.directory.signals import RoleAlert
from sexto.interventions.models import Notification


def role_alerts_deliver(*, alerts: Iterable[RoleAlert]) -> None:
    """One in-app alert per person, and an email unless another email already told them."""
    for alert in alerts:
        Notification.objects.create(
            user=alert.user, kind=alert.kind[:40], url=alert.url, subject=alert.subject
        )
        if not alert.email:
            continue
        with translation.override(alert.user.preferred_language):
            subject = _(alert.subject)
            body = _(
                "Sexto: %(subject)s.\n\nOpen it here: %(link)s\n\n"
                "This message contains no details on purpose."
            ) % {"subject": subject, "link": f"{settings.PUBLIC_BASE_URL}{alert.url}"}
            send_mail(
                subject=f"Sexto — {subject}",
                message=body,
                from_email=None,
                recipient_list=[alert.user.email],
            )


def in_app_alert(*, user: User, kind: str, url: str, subject: str, reference: str = "") -> None:
    """An alert on the person's Alerts page only (the caller sent its own email): a neutral
    sentence as a msgid (gettext_noop, translated when shown) and a link."""
    Notification.objects.create(
        user=user, kind=kind[:40], url=url, subject=subject, reference=reference[:20]
    )
