"""Signals the directory sends after commit, so that higher apps react without being imported
(DESIGN.md: a lower app never imports a higher one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from sexto.directory.models import User

# A membership's end was committed. Arguments: membership (its `valid_until` is the end day).
membership_ended = Signal()


@dataclass(frozen=True)
class RoleAlert:
    """One person to alert about a role change: a neutral sentence (a msgid, translated in the
    recipient's language) and a link; never anything of a case."""

    user: User
    kind: str
    url: str
    subject: str
    email: bool = True


# A role change was committed (grant, confirmation, refusal, end). Arguments: alerts (a list of
# RoleAlert). The kit's alerts (in-app and email) deliver them.
role_alerts = Signal()
