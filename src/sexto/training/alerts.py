"""The member's in-app alert, for the layers above training (credentials never import
interventions directly: DESIGN.md's layers)."""

from __future__ import annotations

from sexto.directory.types import Actor
from sexto.interventions.services.alerts import in_app_alert


def member_alert(*, user: Actor, kind: str, url: str, subject: str, reference: str = "") -> None:
    """An alert on the member's Alerts page: a neutral msgid (gettext_noop) and a link."""
    in_app_alert(user=user, kind=kind, url=url, subject=subject, reference=reference)
