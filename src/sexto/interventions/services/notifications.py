"""Who is told, and how: an in-app alert plus an email that carries a link only (never case
content), and the people of a school's team each kind of alert goes to."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from sexto.directory.models import Membership, Role, School, User
from sexto.interventions.models import Notification


def school_team_users(*, school: School) -> list[User]:
    """The school's coordinators (backup included) and principal, as of today."""
    ids = (
        Membership.objects.current()
        .filter(school=school, role__in=[Role.COORDINATOR, Role.PRINCIPAL])
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def notify(*, users: Iterable[User], kind: str, url: str, reference: str, subject: str) -> None:
    """In-app notification and an email that carries a link only, never case content."""
    link = f"{settings.PUBLIC_BASE_URL}{url}"
    for user in users:
        Notification.objects.create(
            user=user, kind=kind, url=url, reference=reference, subject=str(subject)
        )
        with translation.override(user.preferred_language):
            body = _(
                "Sexto: %(subject)s (%(reference)s).\n\nOpen it here: %(link)s\n\n"
                "This message contains no details on purpose."
            ) % {"subject": _(subject), "reference": reference, "link": link}
            send_mail(
                subject=f"Sexto — {_(subject)} ({reference})",
                message=body,
                from_email=None,
                recipient_list=[user.email],
            )


def escalation_recipients(*, school: School) -> list[User]:
    """The school's backup coordinator(s) and principal(s), as of today."""
    ids = (
        Membership.objects.current()
        .filter(school=school)
        .filter(Q(role=Role.PRINCIPAL) | Q(role=Role.COORDINATOR, is_backup=True))
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))
