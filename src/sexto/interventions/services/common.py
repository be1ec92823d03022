"""Helpers every service module of the kit shares: text checks, chronology, audit, access,
optimistic versioning."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.errors import DomainError, PermissionRefused
from sexto.core.validators import no_embedded_images
from sexto.directory.models import User
from sexto.interventions.access import case_may, case_team_role
from sexto.interventions.errors import IntakeInvalid, StaleRecord
from sexto.interventions.models import Case, ChronologyEntry, Intake


def texts_check(fields: dict[str, str], error_class: type[DomainError] = IntakeInvalid) -> None:
    for name, value in fields.items():
        try:
            no_embedded_images(value)
        except ValidationError as error:
            raise error_class(error.messages[0], field=name) from None


def chronicle(case: Case, *, actor: Any, kind: str, text: str = "") -> None:
    ChronologyEntry.objects.create(
        case=case, actor=actor if getattr(actor, "pk", None) else None, kind=kind, text=text
    )


def audit_case(case_or_intake: Case | Intake, **kwargs: Any) -> None:
    # Simulations write no audit events (DESIGN.md).
    if not case_or_intake.simulation:
        audit_record(target=case_or_intake, **kwargs)


def case_require(*, user: User, case: Case, action: str) -> str:
    role = case_team_role(user=user, case=case)
    if not case_may(role=role, action=action):
        raise PermissionRefused(_("Your role on this case does not allow this."))
    assert role is not None
    return role


def save_versioned(instance: Any, *, version: int | None, fields: list[str]) -> None:
    """Save only if nobody saved this record since `version` was read; never overwrite silently."""
    model = type(instance)
    current = instance.version if version is None else version
    updates = {name: getattr(instance, name) for name in fields}
    updated = model._base_manager.filter(pk=instance.pk, version=current).update(
        **updates, version=current + 1
    )
    if updated == 0:
        raise StaleRecord(
            _(
                "Someone changed this record since you opened it. Reload to see "
                "what changed, then make your change again."
            )
        )
    instance.version = current + 1
