"""Transferring a case when the student changes school (issue 18).

Within the file holder (same school service centre or board): the coordinator or principal of
the case's school hands it to another school of the same holder at once. The receiving school's
coordinators become the team (the first of them the lead) and are alerted; the old school's team
reads the case, read only, for `TRANSFER_READ_ONLY_DAYS`. The case keeps its number; the
chronology and the audit say who transferred it from where to where and when.

Across file holders (another board) the receiving board must accept: that needs the case's
number to stay unique at the receiving holder, a decision the product has not made yet — such a
transfer is refused with a message saying what to do instead.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sexto.core.errors import DomainError
from sexto.directory.models import Membership, Role, School, User
from sexto.interventions.models import Case, CaseTransfer
from sexto.interventions.services.common import (
    audit_case,
    case_open_require,
    case_require,
    chronicle,
)
from sexto.interventions.services.notifications import notify

TRANSFER_READ_ONLY_DAYS = 30
TRANSFER_SUBJECT = gettext_noop("a case was transferred to your school")


def transfer_schools(*, case: Case) -> list[School]:
    """The schools this case may be transferred to: the other schools of its file holder."""
    return list(
        School.objects.filter(organisation_id=case.holder_id)
        .exclude(pk=case.school_id)
        .order_by("name")
    )


def _receiving_coordinators(school: School) -> list[User]:
    ids = (
        Membership.objects.current()
        .filter(school=school, role=Role.COORDINATOR)
        .order_by("is_backup")
        .values_list("user_id", flat=True)
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=list(ids), is_active=True)}
    return [users[pk] for pk in ids if pk in users]


def case_transfer(
    *, actor: User, case: Case, to_school: School, request: HttpRequest | None = None
) -> CaseTransfer:
    """Hand the case to another school of its file holder (see the module's docstring)."""
    case_require(user=actor, case=case, action="transfer")
    case_open_require(case)
    if to_school.pk == case.school_id:
        raise DomainError(_("The case is already at this school."), field="to_school")
    if to_school.organisation_id != case.holder_id:
        raise DomainError(
            _(
                "This school belongs to another school board: a transfer between boards is not "
                "available yet. Close the case here with a note, and tell the other board's "
                "coordinator through your usual channels."
            ),
            field="to_school",
        )
    receivers = _receiving_coordinators(to_school)
    if not receivers:
        raise DomainError(
            _("%(school)s has no Sexto coordinator yet: ask its principal to appoint one first.")
            % {"school": to_school.name},
            field="to_school",
        )
    now = timezone.now()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        transfer = CaseTransfer.objects.create(
            case=locked,
            from_school_id=locked.school_id,
            to_school=to_school,
            transferred_by=actor,
            transferred_at=now,
            read_only_until=now + datetime.timedelta(days=TRANSFER_READ_ONLY_DAYS),
        )
        from_name = locked.school.name
        locked.school = to_school
        locked.lead = receivers[0]
        locked.version += 1
        locked.save(update_fields=["school", "lead", "version"])
        chronicle(locked, actor=actor, kind="case.transfer", text=f"{from_name} → {to_school.name}")
        audit_case(
            locked,
            actor=actor,
            action="case.transfer",
            request=request,
            changes={"from_school": str(transfer.from_school_id), "to_school": str(to_school.pk)},
        )
        url = reverse("interventions:case_detail", args=[locked.pk])
        reference = locked.number or ""
        transaction.on_commit(
            lambda: notify(
                users=receivers,
                kind="case.transfer",
                url=url,
                reference=reference,
                subject=TRANSFER_SUBJECT,
            )
        )
    case.refresh_from_db()
    return transfer
