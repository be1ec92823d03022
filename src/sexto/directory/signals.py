"""Signals the directory sends after commit, so that higher apps react without being imported
(DESIGN.md: a lower app never imports a higher one)."""

from __future__ import annotations

from django.dispatch import Signal

# A membership's end was committed. Arguments: membership (its `valid_until` is the end day).
membership_ended = Signal()

# Everything that signed a person in must end now (password or second factor changed, a role
# ended). Sent inside the revoking transaction, not after commit, so that higher apps (the API's
# tokens) are revoked atomically with the event or not at all. Arguments: user, reason (e.g.
# "password_change", the suffix of the audit actions), actor, request (or None).
user_access_revoked = Signal()
