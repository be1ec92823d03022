"""The summary report to the director general (Education Act s.96.12): the principal exports it
(audited as an export) and records the date it was sent (chronicled and audited)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.core.errors import DomainError
from sexto.directory.models import User
from sexto.interventions.dg_report import dg_report_render
from sexto.interventions.models import Case
from sexto.interventions.services.common import audit_case, case_require, chronicle


def case_dg_report_export(*, actor: User, case: Case, request: HttpRequest | None = None) -> bytes:
    """The content-minimal summary as a PDF, for the school's principal only; audited as an
    export."""
    case_require(user=actor, case=case, action="dg_report")
    content = dg_report_render(case=case, exported_by=actor)
    audit_case(
        case,
        actor=actor,
        action="case.export",
        request=request,
        changes={"kind": "dg_report", "bytes": len(content)},
    )
    return content


def case_dg_report_sent(
    *, actor: User, case: Case, sent_on: datetime.date, request: HttpRequest | None = None
) -> Case:
    """Record the date the principal sent the summary to the director general."""
    case_require(user=actor, case=case, action="dg_report")
    if sent_on > timezone.localdate():
        raise DomainError(_("The date sent cannot be in the future."), field="sent_on")
    if sent_on < timezone.localtime(case.opened_at).date():
        raise DomainError(_("The date sent cannot be before the case was opened."), field="sent_on")
    with transaction.atomic():
        # Only this column: the rest of the case may be changing in another request.
        Case.objects.filter(pk=case.pk).update(dg_report_sent_on=sent_on)
        case.dg_report_sent_on = sent_on
        chronicle(
            case,
            actor=actor,
            kind="case.dg_report_sent",
            text=sent_on.isoformat(),  # written out in the reader's language when read
        )
        audit_case(
            case,
            actor=actor,
            action="case.dg_report_sent",
            request=request,
            changes={"sent_on": sent_on.isoformat()},
        )
    return case
