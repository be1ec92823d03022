"""A case transfer to another file holder's school: proposed from the case page, decided by the
receiving school on the "transfer proposed" page (which never shows the case's content)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sexto.core.errors import DomainError
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.forms.transfer import TransferRefuseForm
from sexto.interventions.labels import ROUTE_LABELS
from sexto.interventions.selectors.transfer import (
    RECEIVING,
    SENDING,
    TransferAccess,
    transfer_get_for,
)
from sexto.interventions.services.transfer import (
    TRANSFER_READ_ONLY_DAYS,
    case_transfer_accept,
    case_transfer_propose,
    case_transfer_refuse,
    case_transfer_withdraw,
    transfer_schools_elsewhere,
)
from sexto.interventions.views.case_page import case_action_require, case_page_redirect


@login_required
@require_POST
def case_transfer_propose_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """POST `to_school` (a school of another file holder) and `reason`: the proposal is sent."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "transfer")
    raw = request.POST.get("to_school", "")
    school = next(
        (s for s in transfer_schools_elsewhere(case=access.case) if str(s.pk) == raw), None
    )
    try:
        if school is None:
            raise DomainError(_("Choose the school the student now attends."), field="to_school")
        transfer = case_transfer_propose(
            actor=signed_in_user(request),
            case=access.case,
            to_school=school,
            reason=request.POST.get("reason", ""),
            request=request,
        )
    except DomainError as error:
        messages.error(request, str(error))
        # The reason typed is offered again in the form (kept for this one page view).
        request.session["transfer_reason"] = request.POST.get("reason", "")[:2000]
        return case_page_redirect(case_id, "#transfer-elsewhere")
    messages.success(
        request,
        _(
            "Transfer proposed to %(school)s: its coordinators were alerted. The case stays "
            "with your school until they accept it."
        )
        % {"school": school.name},
    )
    return redirect("interventions:transfer_detail", transfer_id=transfer.pk)


def _page(request: HttpRequest, access: TransferAccess, **extra: Any) -> HttpResponse:
    transfer = access.transfer
    route = transfer.case.effective_route
    context = {
        "access": access,
        "transfer": transfer,
        "route": ROUTE_LABELS.get(route, "") if route else "",
        "refuse_form": extra.pop("refuse_form", None) or TransferRefuseForm(),
        "days": TRANSFER_READ_ONLY_DAYS,
        **extra,
    }
    return render(request, "interventions/transfer_detail.html", context)


def _side_require(access: TransferAccess, side: str) -> None:
    """403 for someone who sees the transfer but is not the side that does this (they know of
    it already: 403 reveals nothing)."""
    if access.side != side:
        raise PermissionDenied(_("Only the other school may do this with this transfer."))


@login_required
def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """What the receiving school needs to decide; where the sending school follows its proposal."""
    access = transfer_get_for(user=request.user, transfer_id=transfer_id, request=request)
    return _page(request, access)


@login_required
@require_POST
def transfer_accept(request: HttpRequest, transfer_id: int) -> HttpResponse:
    access = transfer_get_for(user=request.user, transfer_id=transfer_id, request=request)
    _side_require(access, RECEIVING)
    try:
        transfer = case_transfer_accept(
            actor=signed_in_user(request), transfer=access.transfer, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("interventions:transfer_detail", transfer_id=transfer_id)
    messages.success(
        request,
        _(
            "The case now belongs to %(school)s; its coordinators are its team. Its number: "
            "%(number)s."
        )
        % {"school": transfer.to_school.name, "number": transfer.case.number},
    )
    return redirect("interventions:case_detail", case_id=transfer.case_id)


@login_required
@require_POST
def transfer_refuse(request: HttpRequest, transfer_id: int) -> HttpResponse:
    access = transfer_get_for(user=request.user, transfer_id=transfer_id, request=request)
    _side_require(access, RECEIVING)
    form = TransferRefuseForm(request.POST)
    if form.is_valid():
        try:
            case_transfer_refuse(
                actor=signed_in_user(request),
                transfer=access.transfer,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, str(error))
        else:
            messages.success(request, _("Transfer refused: the sending school was alerted."))
            return redirect("interventions:transfer_detail", transfer_id=transfer_id)
    return _page(request, access, refuse_form=form)


@login_required
@require_POST
def transfer_withdraw(request: HttpRequest, transfer_id: int) -> HttpResponse:
    access = transfer_get_for(user=request.user, transfer_id=transfer_id, request=request)
    _side_require(access, SENDING)
    try:
        case_transfer_withdraw(
            actor=signed_in_user(request), transfer=access.transfer, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Transfer withdrawn: the receiving school was told."))
    return redirect("interventions:transfer_detail", transfer_id=transfer_id)
