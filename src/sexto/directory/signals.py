"""Signals the directory sends after commit, so that higher apps react without being imported
(DESIGN.md: a lower app never imports a higher one)."""

from __future__ import annotations

from django.dispatch import Signal

# A membership's end was committed. Arguments: membership (its `valid_until` is the end day).
membership_ended = Signal()
