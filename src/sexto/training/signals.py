"""Signals training sends; higher apps listen (DESIGN.md: training never imports credentials)."""

from django.dispatch import Signal

# Sent after commit when a reviewer approves a submission. Arguments: submission, learner, level,
# reviewer, approved_at (aware datetime) and evidence (a JSON-able snapshot of what was approved).
level_approved = Signal()
