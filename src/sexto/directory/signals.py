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
# Everything that signed a person in must end now (password or second factor changed, a role
# ended). Sent inside the revoking transaction, not after commit, so that higher apps (the API's
# tokens) are revoked atomically with the event or not at all. Arguments: user, reason (e.g.
# "password_change", the suffix of the audit actions), actor, request (or None).
user_access_revoked = Signal()
