"""The devices section's actions (POST only): seize, transfer, hand over to the police, return,
and the police liaison's acknowledgement. Success goes back to the case page's #devices; a
refusal re-renders the case page with the form as typed and the reason (422, or 403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sexto.core.errors import DomainError, PermissionRefused
from sexto.core.forms import form_add_domain_error
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.errors import StaleRecord
from sexto.interventions.forms.devices import (
    CustodyTransferForm,
    DeviceAcknowledgeForm,
    DeviceHandOverForm,
    DeviceReturnForm,
    DeviceSeizeForm,
)
from sexto.interventions.models import Device
from sexto.interventions.selectors.devices import device_of_case
from sexto.interventions.services import devices as device_services
from sexto.interventions.views.case_page import (
    case_action_require,
    case_page_context,
    section_submit,
)


def _refused(
    request: HttpRequest,
    access: selectors.CaseAccess,
    *,
    action: str,
    form: forms.Form,
    error: DomainError | None = None,
    device: Device | None = None,
) -> HttpResponse:
    """The case page again, the failed form kept as typed with the reason beside it."""
    status = 422
    if error is not None:
        form_add_domain_error(form, error)
        if isinstance(error, PermissionRefused):
            status = 403
        if isinstance(error, StaleRecord) and device is not None:
            # Offer the current version, so the move can be sent again once the page was read.
            data = request.POST.copy()
            data["version"] = str(
                Device.objects.filter(pk=device.pk).values_list("version", flat=True).first()
            )
            form.data = data
    context = case_page_context(request, access)
    context["device_failed"] = {
        "action": action,
        "device_id": device.pk if device is not None else None,
        "form": form,
    }
    return render(request, "interventions/case_detail.html", context, status=status)


@login_required
@require_POST
def device_seize(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "edit")
    return section_submit(
        request,
        access,
        DeviceSeizeForm(
            request.POST, people=list(access.case.people.all()), auto_id="device-seize-%s"
        ),
        lambda data: device_services.device_seize(
            actor=signed_in_user(request),
            case=access.case,
            description=data["description"],
            envelope_number=data["envelope_number"],
            storage_place=data["storage_place"],
            seized_at=data["seized_at"],
            seized_where=data["seized_where"],
            owner=data["owner"],
            owner_text=data["owner_text"],
            request=request,
        ),
        anchor="#devices",
        done=lambda device: (
            _("Device in envelope %(envelope)s recorded. Keep the envelope sealed.")
            % {"envelope": device.envelope_number}
        ),
        refused=lambda form, error: _refused(
            request, access, action="seize", form=form, error=error
        ),
    )


def _device_action(
    request: HttpRequest,
    case_id: UUID,
    device_id: UUID,
    *,
    action: str,
    form_class: type[forms.Form],
    call: Callable[[Any, Device, dict[str, Any]], Device],
    success: str,
) -> HttpResponse:
    """Parse the form, call the one service, then back to #devices or the page with the reason."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "police" if action == "acknowledge" else "edit")
    device = device_of_case(case=access.case, device_id=device_id)
    return section_submit(
        request,
        access,
        form_class(request.POST, auto_id=f"device-{action}-%s"),
        lambda data: call(signed_in_user(request), device, data),
        anchor="#devices",
        done=success % {"envelope": device.envelope_number},
        refused=lambda form, error: _refused(
            request, access, action=action, form=form, error=error, device=device
        ),
    )


@login_required
@require_POST
def device_transfer(request: HttpRequest, case_id: UUID, device_id: UUID) -> HttpResponse:
    return _device_action(
        request,
        case_id,
        device_id,
        action="transfer",
        form_class=CustodyTransferForm,
        call=lambda actor, device, data: device_services.custody_transfer(
            actor=actor,
            device=device,
            to_name=data["to_name"],
            receipt_signed_by=data["receipt_signed_by"],
            at=data["at"],
            place=data["place"],
            note=data["note"],
            version=data["version"],
            request=request,
        ),
        success=_("Transfer of envelope %(envelope)s recorded."),
    )


@login_required
@require_POST
def device_hand_over(request: HttpRequest, case_id: UUID, device_id: UUID) -> HttpResponse:
    return _device_action(
        request,
        case_id,
        device_id,
        action="hand_over",
        form_class=DeviceHandOverForm,
        call=lambda actor, device, data: device_services.device_hand_to_police(
            actor=actor,
            device=device,
            officer_name=data["officer_name"],
            receipt_signed_by=data["receipt_signed_by"],
            at=data["at"],
            note=data["note"],
            version=data["version"],
            request=request,
        ),
        success=_("Hand-over of envelope %(envelope)s to the police recorded."),
    )


@login_required
@require_POST
def device_return(request: HttpRequest, case_id: UUID, device_id: UUID) -> HttpResponse:
    return _device_action(
        request,
        case_id,
        device_id,
        action="return",
        form_class=DeviceReturnForm,
        call=lambda actor, device, data: device_services.device_return(
            actor=actor,
            device=device,
            to_name=data["to_name"],
            receipt_signed_by=data["receipt_signed_by"],
            at=data["at"],
            note=data["note"],
            version=data["version"],
            request=request,
        ),
        success=_("Return of envelope %(envelope)s recorded."),
    )


@login_required
@require_POST
def device_acknowledge(request: HttpRequest, case_id: UUID, device_id: UUID) -> HttpResponse:
    return _device_action(
        request,
        case_id,
        device_id,
        action="acknowledge",
        form_class=DeviceAcknowledgeForm,
        call=lambda actor, device, data: device_services.device_police_acknowledge(
            actor=actor, device=device, version=data["version"], request=request
        ),
        success=_("You acknowledged receiving envelope %(envelope)s."),
    )
