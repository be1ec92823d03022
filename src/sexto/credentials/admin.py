"""Platform administrators (superusers) keep the list of other known issuers, and read the
endorsements issued with badges (signed documents: never edited, never deleted here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sexto.audit.services import audit_record
from sexto.credentials.known_issuers import KnownIssuer
from sexto.credentials.models import Endorsement


def _platform_admin(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_superuser", False))


@admin.register(KnownIssuer)
class KnownIssuerAdmin(admin.ModelAdmin[KnownIssuer]):
    list_display = ("name", "did", "created_at")
    search_fields = ("name", "did")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _platform_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _platform_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _platform_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _platform_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _platform_admin(request)

    def save_model(self, request: HttpRequest, obj: KnownIssuer, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action="credentials.known_issuer.change" if change else "credentials.known_issuer.add",
            target=obj,
            request=request,
            changes={"did": obj.did, "name": obj.name},
        )

    def delete_model(self, request: HttpRequest, obj: KnownIssuer) -> None:
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action="credentials.known_issuer.delete",
            target=obj,
            request=request,
            changes={"did": obj.did},
        )
        super().delete_model(request, obj)


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin[Endorsement]):
    """Read only: an endorsement is a signed credential embedded in its badge; changing a row
    would break both signatures. `manage.py endorse_awards` issues missing ones."""

    list_display = ("award", "organisation", "agreement_day", "language", "signed_at")
    list_filter = ("organisation", "language")
    list_select_related = ("award", "organisation")
    search_fields = ("award__id", "organisation__slug", "organisation__name")
    # The signing key is named in the signed document's proof (verificationMethod).
    fields = readonly_fields = (
        "award",
        "organisation",
        "agreement",
        "agreement_day",
        "language",
        "signed_at",
        "signed",
    )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _platform_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _platform_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
