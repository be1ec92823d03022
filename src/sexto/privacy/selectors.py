"""Reads of privacy: the incident register and the retention records (destructions, legal
holds) — privacy officers, their own organisation(s) only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from sexto.audit.retention_models import DestructionRecord, LegalHold
from sexto.audit.services import audit_record
from sexto.core.errors import NotFoundOrForbidden
from sexto.directory.models import Organisation
from sexto.directory.permissions import privacy_officer_holders
from sexto.directory.types import Viewer
from sexto.privacy.models import PrivacyIncident, PrivacyIncidentVersion


def incident_organisations_for(*, user: Viewer) -> QuerySet[Organisation]:
    """The organisations whose register this user keeps, by name."""
    return Organisation.objects.filter(pk__in=privacy_officer_holders(user)).order_by("name")


def incident_list_for(*, user: Viewer, status: str | None = None) -> QuerySet[PrivacyIncident]:
    """The incidents of the user's organisations, most recently discovered first."""
    incidents = PrivacyIncident.objects.filter(
        organisation_id__in=privacy_officer_holders(user)
    ).select_related("organisation")
    if status:
        incidents = incidents.filter(status=status)
    return incidents


def incident_get_for(
    *, user: Viewer, incident_id: UUID, request: HttpRequest | None = None, audit: bool = True
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


def _chains_of(holder_ids: set[UUID]) -> list[str]:
    # The audit app names each file holder's chain by key (DESIGN.md).
    return [f"org:{pk}" for pk in holder_ids]


def destruction_records_for(*, holder_ids: set[UUID]) -> QuerySet[DestructionRecord]:
    """What retention destroyed in these file holders' records (no personal data in them)."""
    return DestructionRecord.objects.filter(chain__in=_chains_of(holder_ids))


def legal_holds_for(*, holder_ids: set[UUID]) -> QuerySet[LegalHold]:
    """Every legal hold on these file holders' records, those in force first."""
    return (
        LegalHold.objects.filter(chain__in=_chains_of(holder_ids))
        .select_related("placed_by", "lifted_by")
        .order_by("lifted_at", "-placed_at")
    )


def legal_hold_get_for(*, holder_ids: set[UUID], hold_id: UUID) -> LegalHold:
    """One hold on these file holders' records, or Http404 (whether absent or another's)."""
    hold = LegalHold.objects.filter(pk=hold_id, chain__in=_chains_of(holder_ids)).first()
    if hold is None:
        raise Http404
    return hold
