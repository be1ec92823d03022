"""Reads of the privacy-incident register: privacy officers, their own organisation only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sexto.audit.services import audit_record
from sexto.core.errors import NotFoundOrForbidden
from sexto.directory.permissions import privacy_officer_holders
from sexto.privacy.models import PrivacyIncident, PrivacyIncidentVersion


def incident_list_for(*, user: Any, status: str | None = None) -> QuerySet[PrivacyIncident]:
    """The incidents of the user's organisations, most recently discovered first."""
    incidents = PrivacyIncident.objects.filter(
        organisation_id__in=privacy_officer_holders(user)
    ).select_related("organisation")
    if status:
        incidents = incidents.filter(status=status)
    return incidents


def incident_get_for(
    *, user: Any, incident_id: UUID, request: HttpRequest | None = None, audit: bool = True
) -> PrivacyIncident:
    """One incident of the user's register, its read audited; the same error whether it does
    not exist or belongs to another organisation."""
    incident = (
        incident_list_for(user=user).select_related("recorded_by").filter(pk=incident_id).first()
    )
    if incident is None:
        raise NotFoundOrForbidden(_("No such incident in your organisation's register."))
    if audit:
        audit_record(actor=user, action="privacy_incident.read", target=incident, request=request)
    return incident


@dataclass(frozen=True)
class VersionView:
    number: int
    saved_at: Any
    saved_by: Any
    action: str
    changed_fields: list[str]
    values: dict[str, Any]


def incident_versions(*, incident: PrivacyIncident) -> list[VersionView]:
    """Every saved version of the incident, newest first, with what each changed."""
    return [
        VersionView(
            number=v.number,
            saved_at=v.saved_at,
            saved_by=v.saved_by,
            action=v.action,
            changed_fields=list(v.changed_fields),
            values=json.loads(v.snapshot),
        )
        for v in PrivacyIncidentVersion.objects.filter(incident=incident).select_related("saved_by")
    ]
