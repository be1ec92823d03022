"""Helpers every service module of the kit shares: text checks, chronology, audit, access,
optimistic versioning."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.core.fields import EncryptedTextField
from sexto.core.validators import no_embedded_images
from sexto.directory.models import User
from sexto.directory.permissions import user_has_two_factor
from sexto.directory.types import Actor
from sexto.interventions.errors import IntakeInvalid, StaleRecord, TwoFactorMissing
from sexto.interventions.models import Case, ChronologyEntry, Intake
from sexto.interventions.permissions import case_may, case_team_role


def texts_check(fields: dict[str, str], error_class: type[DomainError] = IntakeInvalid) -> None:
    for name, value in fields.items():
        try:
            no_embedded_images(value)
        except ValidationError as error:
            raise error_class(error.messages[0], field=name) from None


def chronicle(case: Case, *, actor: Actor | None, kind: str, text: str = "") -> None:
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


def case_open_require(case: Case) -> None:
    """Refuse any write to a closed case (DESIGN.md, step 9): closure cannot be undone by editing
    afterwards; reopening (audited, with why) comes first."""
    if case.status != Case.Status.OPEN:
        raise Conflict(_("This case is closed. Reopen it before adding to it."))


def case_reader_two_factor_require(*, user: User, case: Case, field: str | None = None) -> None:
    """Refuse to put someone without TOTP on a real case's team (DESIGN.md: everyone on a case
    team signs in with a second factor); simulations are exempt. A grant is not refused: its
    holder's access waits until they set TOTP up (case_get_for and the two-factor middleware)."""
    if case.simulation or user_has_two_factor(user):
        return
    raise TwoFactorMissing(
        _(
            "%(name)s has not set up two-factor sign-in. Everyone on a case team signs in "
            "with a second factor, because case files name students. Ask them to add an "
            "authenticator app to their account, then invite them again."
        )
        % {"name": user.display_name},
        field=field,
    )


def save_versioned(instance: Any, *, version: int | None, fields: list[str]) -> None:
    """Save only if nobody saved this record since `version` was read; never overwrite silently."""
    model = type(instance)
    current = instance.version if version is None else version
    updates = {name: getattr(instance, name) for name in fields}
    updated = model._base_manager.filter(pk=instance.pk, version=current).update(
        **updates, version=current + 1
    )
    if updated == 0:
        message = _(
            "Someone changed this record since you opened it. Reload to see "
            "what changed, then make your change again."
        )
        changed = _stale_differences(instance, fields=fields)
        if changed:
            message += " " + _("Now: %(changes)s.") % {"changes": "; ".join(changed)}
        raise StaleRecord(message)
    instance.version = current + 1


# Labels of versioned fields that have no verbose name of their own on the model.
FIELD_LABELS = {
    "state": gettext_lazy("State"),
    "status": gettext_lazy("Status"),
    "note": gettext_lazy("Note"),
    "done_by": gettext_lazy("Done by"),
    "done_at": gettext_lazy("Done on"),
    "held_at": gettext_lazy("Held on"),
    "determination": gettext_lazy("Determination"),
    "storage_place": gettext_lazy("Stored in"),
    "outcome": gettext_lazy("Outcome"),
    "closed_at": gettext_lazy("Closed on"),
    "route": gettext_lazy("Route"),
    "decided_route": gettext_lazy("Route decided"),
}


def _stale_differences(instance: Any, *, fields: list[str]) -> list[str]:
    """What the other person saved, field by field, as it now stands (encrypted texts are named,
    not shown: the message may be logged)."""
    model = type(instance)
    stored = model._base_manager.filter(pk=instance.pk).first()
    if stored is None:
        return [str(_("the record was deleted"))]
    differences = []
    for name in fields:
        now, mine = getattr(stored, name), getattr(instance, name)
        if now == mine:
            continue
        field = model._meta.get_field(name)
        explicit = getattr(field, "_verbose_name", None)
        label_source = explicit if explicit is not None else FIELD_LABELS.get(name)
        if label_source is None:
            continue  # an internal column: the first sentence already says to reload
        label = capfirst(str(label_source))
        if isinstance(field, EncryptedTextField):
            differences.append(str(_("%(field)s was changed") % {"field": label}))
            continue
        display = getattr(stored, f"get_{name}_display", None)
        if display is not None:
            value: Any = display()
        elif isinstance(now, datetime.datetime):
            value = formats.localize(timezone.localtime(now))
        else:
            value = now if now not in (None, "") else "—"
        differences.append(f"{label}: {value}")
    return differences
