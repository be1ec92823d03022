"""Reads of devices and their chain of custody, for the case page, the API and the referral
packet. Access to the case is checked by case_get_for before these are called."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from sexto.directory.types import Viewer
from sexto.interventions.models import Case, CustodyEvent, Device
from sexto.interventions.selectors.cases import CaseAccess, case_get_for


def case_devices(case: Case) -> QuerySet[Device]:
    """The case's devices in seizure order, each with its custody events (oldest first)."""
    return (
        Device.objects.filter(case=case)
        .select_related("owner", "seized_by")
        .prefetch_related(
            Prefetch(
                "custody",
                queryset=CustodyEvent.objects.select_related("recorded_by").order_by("at", "id"),
            )
        )
        .order_by("seized_at", "envelope_number")
    )


def device_of_case(*, case: Case, device_id: UUID | str) -> Device:
    """A device of this case (the caller holds the case through case_get_for); else Http404."""
    device = Device.objects.select_related("case", "owner").filter(pk=device_id, case=case).first()
    if device is None:
        raise Http404(_("No such device on this case."))
    device.case = case  # the one already checked, with its school and holder loaded
    return device


def device_get_for(
    *, user: Viewer, device_id: UUID | str, request: HttpRequest | None = None
) -> tuple[CaseAccess, Device]:
    """The device and the user's access to its case, if they are on the case's team; otherwise
    Http404 whether the device exists or not (existence never leaks)."""
    case_id = Device.objects.filter(pk=device_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404(_("No such case among those you may see."))
    access = case_get_for(user=user, case_id=case_id, request=request)
    return access, device_of_case(case=access.case, device_id=device_id)
