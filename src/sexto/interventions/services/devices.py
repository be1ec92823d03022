"""Devices and their chain of custody: seizure in a sealed envelope, transfers with receipts,
hand-over to the police (or acknowledgement by the officer), return to the owner.

A device leaves the chain only once: after a hand-over or a return nothing more is recorded on it.
Every move saves the device against the version its author saw, so two people recording a move
of the same device at once cannot both succeed.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sexto.core.errors import Conflict, DomainError
from sexto.directory.models import User
from sexto.interventions.models import Case, CasePerson, CaseStep, CustodyEvent, Device
from sexto.interventions.services.common import (
    audit_case,
    case_open_require,
    case_require,
    chronicle,
    save_versioned,
    texts_check,
)

# Plain columns' sizes (models.py): checked here so the API and the pages answer alike.
ENVELOPE_MAX = 40
NAME_MAX = 200


class DeviceInvalid(DomainError):
    """A field of a seizure or custody move is missing or wrong."""

    code = "device_invalid"
    status = 422


class CustodyClosed(Conflict):
    """The device was handed to the police or returned: its chain is closed."""

    code = "custody_closed"


def _moment(at: datetime.datetime, *, field: str) -> datetime.datetime:
    """An aware moment, not in the future (a few minutes of clock drift allowed)."""
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > timezone.now() + datetime.timedelta(minutes=5):
        raise DeviceInvalid(_("This moment is in the future: enter when it happened."), field=field)
    return at


def _required(value: str, *, field: str, message: str, limit: int = NAME_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise DeviceInvalid(message, field=field)
    if len(value) > limit:
        raise DeviceInvalid(
            _("Keep this under %(limit)d characters.") % {"limit": limit}, field=field
        )
    return value


def _optional(value: str, *, field: str, limit: int = NAME_MAX) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DeviceInvalid(
            _("Keep this under %(limit)d characters.") % {"limit": limit}, field=field
        )
    return value


def _chain_open(device: Device) -> None:
    if device.status == Device.Status.HANDED_TO_POLICE:
        raise CustodyClosed(
            _(
                "Envelope %(envelope)s was already handed to the police: its chain of custody is "
                "closed at the school. Ask the officer who holds it."
            )
            % {"envelope": device.envelope_number}
        )
    if device.status == Device.Status.RETURNED:
        raise CustodyClosed(
            _(
                "Envelope %(envelope)s was already returned: its chain of custody is closed. "
                "Nothing more can be recorded on it."
            )
            % {"envelope": device.envelope_number}
        )


def _after_last_link(device: Device, at: datetime.datetime, *, field: str) -> None:
    last = device.custody.order_by("-at", "-id").first()
    if last is not None and at < last.at:
        raise DeviceInvalid(
            _(
                "This moment is before the last link of the chain (%(when)s). Enter when the "
                "device actually changed hands."
            )
            % {"when": formats.date_format(timezone.localtime(last.at), "DATETIME_FORMAT")},
            field=field,
        )


def device_seize(
    *,
    actor: User,
    case: Case,
    description: str,
    envelope_number: str,
    storage_place: str,
    seized_at: datetime.datetime,
    seized_where: str = "",
    owner: CasePerson | None = None,
    owner_text: str = "",
    request: HttpRequest | None = None,
) -> Device:
    """Record a device seized and sealed in a numbered envelope (unique on the case); the first
    seizure marks the step "secure the devices" done."""
    case_require(user=actor, case=case, action="edit")
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("This case is closed: reopen it before recording a seizure."))
    description = _required(
        description,
        field="description",
        message=_("Describe the device (kind, colour, case), without looking at its content."),
        limit=2000,
    )
    envelope_number = _required(
        envelope_number,
        field="envelope_number",
        message=_("Enter the number written on the sealed envelope."),
        limit=ENVELOPE_MAX,
    )
    storage_place = _required(
        storage_place,
        field="storage_place",
        message=_("Say where the sealed envelope is stored (e.g. the principal's safe)."),
    )
    seized_where = _optional(seized_where, field="seized_where", limit=500)
    owner_text = _optional(owner_text, field="owner_text", limit=500)
    seized_at = _moment(seized_at, field="seized_at")
    if owner is not None and owner.case_id != case.pk:
        raise DeviceInvalid(_("Choose a person recorded on this case."), field="owner")
    texts_check(
        {
            "description": description,
            "envelope_number": envelope_number,
            "storage_place": storage_place,
            "seized_where": seized_where,
            "owner_text": owner_text,
        },
        DeviceInvalid,
    )
    duplicate = _(
        "Another device of this case is already in envelope %(envelope)s. Check the number on "
        "the envelope; each device gets its own envelope."
    ) % {"envelope": envelope_number}
    if Device.objects.filter(case=case, envelope_number=envelope_number).exists():
        raise DeviceInvalid(duplicate, field="envelope_number")
    try:
        with transaction.atomic():
            device = Device.objects.create(
                case=case,
                description=description,
                owner=owner,
                owner_text=owner_text,
                seized_by=actor,
                seized_at=seized_at,
                seized_where=seized_where,
                envelope_number=envelope_number,
                storage_place=storage_place,
            )
            CustodyEvent.objects.create(
                device=device,
                kind=CustodyEvent.Kind.SEIZED,
                at=seized_at,
                recorded_by=actor,
                to_name=actor.display_name,
                place=storage_place,
            )
            CaseStep.objects.filter(
                case=case, key="secure_devices", state=CaseStep.State.PENDING
            ).update(
                state=CaseStep.State.DONE,
                done_by=actor,
                done_at=timezone.now(),
                version=F("version") + 1,
            )
            chronicle(case, actor=actor, kind="device.seize", text=envelope_number)
            audit_case(
                case,
                actor=actor,
                action="device.seize",
                request=request,
                changes={"device": str(device.pk), "envelope_number": envelope_number},
            )
    except IntegrityError:
        # Someone recorded the same envelope number at the same moment.
        raise DeviceInvalid(duplicate, field="envelope_number") from None
    return device


def _move(
    *,
    actor: User,
    device: Device,
    kind: str,
    at: datetime.datetime,
    to_name: str,
    receipt_signed_by: str,
    place: str,
    note: str,
    status: str,
    version: int | None,
    request: HttpRequest | None,
    action: str = "",
) -> Device:
    """One link of the chain, saved against the device's version (a stale move is refused)."""
    case = device.case
    action = action or kind
    with transaction.atomic():
        device.status = status
        if place:
            device.storage_place = place
        save_versioned(device, version=version, fields=["status", "storage_place"])
        CustodyEvent.objects.create(
            device=device,
            kind=kind,
            at=at,
            recorded_by=actor,
            to_name=to_name,
            receipt_signed_by=receipt_signed_by,
            place=place,
            note=note,
        )
        chronicle(
            case,
            actor=actor,
            kind=f"device.{action}",
            text=f"{device.envelope_number} → {to_name}" if to_name else device.envelope_number,
        )
        audit_case(
            case,
            actor=actor,
            action=f"device.{action}",
            request=request,
            changes={"device": str(device.pk), "to_name": to_name, "status": status},
        )
    return device


def custody_transfer(
    *,
    actor: User,
    device: Device,
    to_name: str,
    receipt_signed_by: str,
    at: datetime.datetime,
    place: str = "",
    note: str = "",
    version: int | None,
    request: HttpRequest | None = None,
) -> Device:
    """Record that the sealed device changed hands (to whom, when, receipt signed by whom).
    Refused once the device was handed to the police or returned."""
    case_require(user=actor, case=device.case, action="edit")
    case_open_require(device.case)
    _chain_open(device)
    to_name = _required(
        to_name, field="to_name", message=_("Enter the name of the person who received it.")
    )
    receipt_signed_by = _required(
        receipt_signed_by,
        field="receipt_signed_by",
        message=_(
            "Enter who signed the receipt: a transfer without a signed receipt breaks "
            "the chain of custody."
        ),
    )
    place = _optional(place, field="place")
    note = _optional(note, field="note", limit=2000)
    texts_check(
        {"to_name": to_name, "receipt_signed_by": receipt_signed_by, "place": place, "note": note},
        DeviceInvalid,
    )
    at = _moment(at, field="at")
    _after_last_link(device, at, field="at")
    return _move(
        actor=actor,
        device=device,
        kind=CustodyEvent.Kind.TRANSFERRED,
        at=at,
        to_name=to_name,
        receipt_signed_by=receipt_signed_by,
        place=place,
        note=note,
        status=Device.Status.IN_CUSTODY,
        version=version,
        request=request,
    )


def device_hand_to_police(
    *,
    actor: User,
    device: Device,
    officer_name: str,
    receipt_signed_by: str,
    at: datetime.datetime,
    version: int | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Device:
    """Record the hand-over of the sealed device to a police officer, with the signed receipt;
    the chain of custody is then closed at the school."""
    case_require(user=actor, case=device.case, action="edit")
    case_open_require(device.case)
    _chain_open(device)
    officer_name = _required(
        officer_name,
        field="officer_name",
        message=_("Enter the name (and badge number) of the officer who received it."),
    )
    receipt_signed_by = _required(
        receipt_signed_by,
        field="receipt_signed_by",
        message=_("Enter who signed the police receipt."),
    )
    note = _optional(note, field="note", limit=2000)
    texts_check(
        {"officer_name": officer_name, "receipt_signed_by": receipt_signed_by, "note": note},
        DeviceInvalid,
    )
    at = _moment(at, field="at")
    _after_last_link(device, at, field="at")
    return _move(
        actor=actor,
        device=device,
        kind=CustodyEvent.Kind.HANDED_TO_POLICE,
        at=at,
        to_name=officer_name,
        receipt_signed_by=receipt_signed_by,
        place="",
        note=note,
        status=Device.Status.HANDED_TO_POLICE,
        version=version,
        request=request,
    )


def device_return(
    *,
    actor: User,
    device: Device,
    to_name: str,
    at: datetime.datetime,
    version: int | None,
    receipt_signed_by: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> Device:
    """Record the device returned (to its owner or their parent) from the school's custody; the
    chain is then closed. A device held by the police is returned by them."""
    case_require(user=actor, case=device.case, action="edit")
    case_open_require(device.case)
    _chain_open(device)
    to_name = _required(
        to_name, field="to_name", message=_("Enter the name of the person it was returned to.")
    )
    receipt_signed_by = _optional(receipt_signed_by, field="receipt_signed_by")
    note = _optional(note, field="note", limit=2000)
    texts_check(
        {"to_name": to_name, "receipt_signed_by": receipt_signed_by, "note": note},
        DeviceInvalid,
    )
    at = _moment(at, field="at")
    _after_last_link(device, at, field="at")
    return _move(
        actor=actor,
        device=device,
        kind=CustodyEvent.Kind.RETURNED,
        at=at,
        to_name=to_name,
        receipt_signed_by=receipt_signed_by,
        place="",
        note=note,
        status=Device.Status.RETURNED,
        version=version,
        request=request,
    )


def device_police_acknowledge(
    *, actor: User, device: Device, version: int | None = None, request: HttpRequest | None = None
) -> Device:
    """The police liaison acknowledges receiving the sealed device: the hand-over is recorded in
    their name, now. Refused if a hand-over or a return is already recorded."""
    case_require(user=actor, case=device.case, action="police")
    if device.status == Device.Status.HANDED_TO_POLICE:
        last = (
            device.custody.filter(kind=CustodyEvent.Kind.HANDED_TO_POLICE)
            .order_by("-at", "-id")
            .first()
        )
        raise CustodyClosed(
            _(
                "The hand-over of envelope %(envelope)s to %(officer)s is already recorded. "
                "If you did not receive it, call the school's Sexto coordinator."
            )
            % {"envelope": device.envelope_number, "officer": last.to_name if last else "—"}
        )
    case_open_require(device.case)
    _chain_open(device)
    name = actor.display_name
    return _move(
        actor=actor,
        device=device,
        kind=CustodyEvent.Kind.HANDED_TO_POLICE,
        at=timezone.now(),
        to_name=name,
        receipt_signed_by=name,
        place="",
        note="",
        status=Device.Status.HANDED_TO_POLICE,
        version=version,
        request=request,
        action="acknowledged",
    )
