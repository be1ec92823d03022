"""Reads of a case transfer across file holders: the "transfer proposed" page, which shows the
receiving school only what it needs to decide, never the case's content."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.directory.models import Role
from sexto.directory.permissions import roles_of
from sexto.directory.types import Viewer
from sexto.interventions.models import CaseTransfer

RECEIVING = "receiving"  # a coordinator or principal of the receiving school: decides
RECEIVING_LEAD = "receiving_lead"  # the receiving holder's Sexto lead: reads, does not decide
SENDING = "sending"  # the sending school (coordinator or principal) or the proposer


@dataclass(frozen=True)
class TransferAccess:
    transfer: CaseTransfer
    side: str

    @property
    def may_decide(self) -> bool:
        return self.side == RECEIVING and self.transfer.status == CaseTransfer.Status.PENDING

    @property
    def may_withdraw(self) -> bool:
        return self.side == SENDING and self.transfer.status == CaseTransfer.Status.PENDING


def _side(user: Viewer, transfer: CaseTransfer) -> str | None:
    holdings = roles_of(user)
    if any(
        h.school_id == transfer.to_school_id and h.role in {Role.COORDINATOR, Role.PRINCIPAL}
        for h in holdings
    ):
        return RECEIVING
    if any(
        h.organisation_id == transfer.to_school.organisation_id and h.role == Role.SEXTO_LEAD
        for h in holdings
    ):
        return RECEIVING_LEAD
    if transfer.transferred_by_id == user.pk or any(
        h.school_id == transfer.from_school_id and h.role in {Role.COORDINATOR, Role.PRINCIPAL}
        for h in holdings
    ):
        return SENDING
    return None


def transfer_get_for(
    *, user: Viewer, transfer_id: int, request: HttpRequest | None = None
) -> TransferAccess:
    """A transfer between file holders and the viewer's side of it; Http404 for anyone else
    (existence never leaks). Each read is audited, on the chain of the viewer's side."""
    transfer = (
        CaseTransfer.objects.select_related(
            "case__school",
            "from_school__organisation",
            "to_school__organisation",
            "transferred_by",
            "decided_by",
        )
        .filter(pk=transfer_id)
        .first()
    )
    side = _side(user, transfer) if transfer is not None and user.is_authenticated else None
    if transfer is None or side is None or not transfer.across_holders:
        if transfer is not None and user.is_authenticated:
            audit_record(
                actor=user,
                action="case.transfer.refused_read",
                target=transfer.case,
                request=request,
                chain=f"org:{transfer.to_school.organisation_id}",
            )
        raise Http404(_("No such transfer among those you may see."))
    holder = transfer.from_school if side == SENDING else transfer.to_school
    audit_record(
        actor=user,
        action="case.transfer.read",
        target=transfer.case,
        request=request,
        chain=f"org:{holder.organisation_id}",
    )
    return TransferAccess(transfer=transfer, side=side)


def transfers_awaiting(*, user: Viewer) -> list[CaseTransfer]:
    """Transfers awaiting a decision of one of the user's schools (coordinator or principal)."""
    schools = [
        h.school_id
        for h in roles_of(user)
        if h.school_id and h.role in {Role.COORDINATOR, Role.PRINCIPAL}
    ]
    if not schools:
        return []
    return list(
        CaseTransfer.objects.filter(status=CaseTransfer.Status.PENDING, to_school_id__in=schools)
        .select_related("case", "from_school", "to_school")
        .order_by("proposed_at")
    )
