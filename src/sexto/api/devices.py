"""API: the kit's devices and their chain of custody (same services and permissions as the
pages). Outsiders get 404 whether the case or device exists or not; writes need the "write"
scope; refusals are problem details with the service's own message."""

from __future__ import annotations

import datetime
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from sexto.api.auth import scope_require
from sexto.api.problems import problems
from sexto.core.validators import FreeText
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.models import CustodyEvent, Device
from sexto.interventions.selectors.devices import case_devices, device_get_for
from sexto.interventions.services import devices as device_services

router = Router(tags=["devices"])


class CustodyEventOut(Schema):
    kind: str = Field(description="seized, transferred, handed_to_police or returned")
    at: datetime.datetime
    to_name: str = Field(description="Who holds the device after this link.")
    receipt_signed_by: str
    place: str
    note: str
    recorded_by: str


class DeviceOut(Schema):
    id: UUID
    case_id: UUID
    envelope_number: str
    description: str
    owner_id: int | None
    owner_label: str | None
    owner_text: str
    seized_by: str
    seized_at: datetime.datetime
    seized_where: str
    storage_place: str
    status: str = Field(description="in_custody, handed_to_police or returned")
    version: int = Field(description="Send it back with the next move of this device.")
    custody: list[CustodyEventOut]


class DeviceSeizeIn(Schema):
    description: FreeText = Field(min_length=1, max_length=2000)
    envelope_number: FreeText = Field(min_length=1, max_length=40)
    storage_place: FreeText = Field(min_length=1, max_length=200)
    seized_at: datetime.datetime
    seized_where: FreeText = Field("", max_length=500)
    owner_id: int | None = Field(None, description="A person recorded on this case.")
    owner_text: FreeText = Field("", max_length=500)


class CustodyTransferIn(Schema):
    to_name: FreeText = Field(min_length=1, max_length=200)
    receipt_signed_by: FreeText = Field(min_length=1, max_length=200)
    at: datetime.datetime
    place: FreeText = Field("", max_length=200, description="Where it is stored now, if it moved.")
    note: FreeText = Field("", max_length=2000)
    version: int


class DeviceHandOverIn(Schema):
    officer_name: FreeText = Field(min_length=1, max_length=200)
    receipt_signed_by: FreeText = Field(min_length=1, max_length=200)
    at: datetime.datetime
    note: FreeText = Field("", max_length=2000)
    version: int


class DeviceReturnIn(Schema):
    to_name: FreeText = Field(min_length=1, max_length=200)
    receipt_signed_by: FreeText = Field("", max_length=200)
    at: datetime.datetime
    note: FreeText = Field("", max_length=2000)
    version: int


class DeviceAcknowledgeIn(Schema):
    version: int | None = None


def _event_out(event: CustodyEvent) -> CustodyEventOut:
    return CustodyEventOut(
        kind=event.kind,
        at=event.at,
        to_name=event.to_name,
        receipt_signed_by=event.receipt_signed_by,
        place=event.place,
        note=event.note,
        recorded_by=event.recorded_by.display_name,
    )


def _device_out(device: Device) -> DeviceOut:
    return DeviceOut(
        id=device.pk,
        case_id=device.case_id,
        envelope_number=device.envelope_number,
        description=device.description,
        owner_id=device.owner_id,
        owner_label=device.owner.label if device.owner else None,
        owner_text=device.owner_text,
        seized_by=device.seized_by.display_name,
        seized_at=device.seized_at,
        seized_where=device.seized_where,
        storage_place=device.storage_place,
        status=device.status,
        version=device.version,
        custody=[_event_out(e) for e in device.custody.all()],
    )


def _fresh(device: Device) -> DeviceOut:
    return _device_out(case_devices(device.case).get(pk=device.pk))


ERRORS = problems(401, 403, 404, 409, 422)


@router.get(
    "/cases/{case_id}/devices",
    response={200: list[DeviceOut], **ERRORS},
    summary="The case's devices with their chain of custody",
)
def devices_list(request: HttpRequest, case_id: UUID) -> list[DeviceOut]:
    scope_require(request, "read")
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    return [_device_out(d) for d in case_devices(access.case)]


@router.post(
    "/cases/{case_id}/devices",
    response={201: DeviceOut, **ERRORS},
    summary="Record a device seized and sealed in a numbered envelope",
)
def device_seize(request: HttpRequest, case_id: UUID, payload: DeviceSeizeIn) -> Status[DeviceOut]:
    scope_require(request, "write")
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    owner = None
    if payload.owner_id is not None:
        owner = access.case.people.filter(pk=payload.owner_id).first()
        if owner is None:
            raise device_services.DeviceInvalid(
                _("Choose a person recorded on this case."), field="owner_id"
            )
    device = device_services.device_seize(
        actor=signed_in_user(request),
        case=access.case,
        description=payload.description,
        envelope_number=payload.envelope_number,
        storage_place=payload.storage_place,
        seized_at=payload.seized_at,
        seized_where=payload.seized_where,
        owner=owner,
        owner_text=payload.owner_text,
        request=request,
    )
    return Status(201, _fresh(device))


@router.post(
    "/devices/{device_id}/transfer",
    response={200: DeviceOut, **ERRORS},
    summary="Record a transfer of the sealed device, with the signed receipt",
)
def device_transfer(request: HttpRequest, device_id: UUID, payload: CustodyTransferIn) -> DeviceOut:
    scope_require(request, "write")
    _access, device = device_get_for(user=request.user, device_id=device_id, request=request)
    device_services.custody_transfer(
        actor=signed_in_user(request),
        device=device,
        to_name=payload.to_name,
        receipt_signed_by=payload.receipt_signed_by,
        at=payload.at,
        place=payload.place,
        note=payload.note,
        version=payload.version,
        request=request,
    )
    return _fresh(device)


@router.post(
    "/devices/{device_id}/hand-over",
    response={200: DeviceOut, **ERRORS},
    summary="Record the hand-over of the sealed device to a police officer",
)
def device_hand_over(request: HttpRequest, device_id: UUID, payload: DeviceHandOverIn) -> DeviceOut:
    scope_require(request, "write")
    _access, device = device_get_for(user=request.user, device_id=device_id, request=request)
    device_services.device_hand_to_police(
        actor=signed_in_user(request),
        device=device,
        officer_name=payload.officer_name,
        receipt_signed_by=payload.receipt_signed_by,
        at=payload.at,
        note=payload.note,
        version=payload.version,
        request=request,
    )
    return _fresh(device)


@router.post(
    "/devices/{device_id}/return",
    response={200: DeviceOut, **ERRORS},
    summary="Record the device returned to its owner (or their parent)",
)
def device_return(request: HttpRequest, device_id: UUID, payload: DeviceReturnIn) -> DeviceOut:
    scope_require(request, "write")
    _access, device = device_get_for(user=request.user, device_id=device_id, request=request)
    device_services.device_return(
        actor=signed_in_user(request),
        device=device,
        to_name=payload.to_name,
        receipt_signed_by=payload.receipt_signed_by,
        at=payload.at,
        note=payload.note,
        version=payload.version,
        request=request,
    )
    return _fresh(device)


@router.post(
    "/devices/{device_id}/acknowledge",
    response={200: DeviceOut, **ERRORS},
    summary="Police liaison: acknowledge receiving the sealed device",
)
def device_acknowledge(
    request: HttpRequest, device_id: UUID, payload: DeviceAcknowledgeIn | None = None
) -> DeviceOut:
    scope_require(request, "write")
    _access, device = device_get_for(user=request.user, device_id=device_id, request=request)
    device_services.device_police_acknowledge(
        actor=signed_in_user(request),
        device=device,
        version=payload.version if payload is not None else None,
        request=request,
    )
    return _fresh(device)
