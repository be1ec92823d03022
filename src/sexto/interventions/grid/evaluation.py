"""Evaluation entry points: validate, apply the rules, assemble the JSON result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .reasons import reasons_list
from .rules import actions_list, facts_compute
from .types import RULES_VERSION, SCHEMA, GridResult, Incident
from .validation import normalise


def evaluate_normalised(incident: Incident) -> GridResult:
    """The grid's result for an incident already normalised (see ``normalise``)."""
    facts = facts_compute(incident)
    return {
        "schema": SCHEMA,
        "rules_version": RULES_VERSION,
        "legal": {
            "child_sexual_abuse_material": facts.l1,
            "intimate_image_without_consent": facts.l2,
            "extortion": facts.l3,
            "luring": bool(facts.l4),
            "voyeurism": facts.l5,
        },
        "nature": facts.nature,
        "route": facts.route,
        "youth_protection": facts.youth_protection,
        "actions": actions_list(facts),
        "reasons": reasons_list(facts),
    }


def evaluate(incident: Mapping[str, Any]) -> GridResult:
    """Validate ``incident`` and apply the grid; raises ``IncidentInvalid`` listing all problems.

    Any JSON value is accepted at run time (not only a mapping) and reported, never crashed on.
    """
    return evaluate_normalised(normalise(incident))
