"""Template helpers for the grid's result: labels for codes, reasons in the page's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from sexto.core.french import french_typography
from sexto.interventions import labels
from sexto.interventions.procedure import STEPS_BY_KEY

register = template.Library()

_TABLES = {
    "route": labels.ROUTE_LABELS,
    "nature": labels.NATURE_LABELS,
    "youth_protection": labels.YOUTH_PROTECTION_LABELS,
    "youth_protection_value": labels.YOUTH_PROTECTION_VALUES,
    "action": labels.ACTION_LABELS,
    "legal": labels.LEGAL_LABELS,
    "csam": labels.CSAM_LABELS,
    "role": labels.ROLE_LABELS,
}


@register.filter
def grid_label(code: str, table: str) -> Any:
    """`{{ result.route|grid_label:"route" }}` → the plain-language label."""
    return _TABLES[table].get(code, code)


@register.filter
def reason_text(reason: dict[str, str]) -> str:
    """The reason's sentence in the page's language; the French one in French typography (the
    pure grid writes plain ASCII punctuation, and results stored before stay as they were)."""
    language = translation.get_language() or "fr"
    return french_typography(reason["fr"]) if language.startswith("fr") else reason["en"]


@register.filter
def legal_findings(legal: dict[str, Any]) -> list[tuple[str, Any]]:
    """The legal qualifications that apply (value not no/false), in contract order."""
    return [(key, value) for key, value in legal.items() if value not in (False, "no")]


@register.filter
def step_label(key: str) -> Any:
    """The procedure step's label."""
    step = STEPS_BY_KEY.get(key)
    return step.label if step else key


@register.filter
def step_help(key: str) -> Any:
    step = STEPS_BY_KEY.get(key)
    return step.help if step else ""


@register.filter
def chronology_kind(kind: str) -> Any:
    """A chronology entry's kind in plain words."""
    return labels.chronology_label(kind)
