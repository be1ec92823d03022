"""The chronology's entry texts in the reader's language.

An entry's kind is a stable code; where its text names something the product defines (a step,
the grid's route and nature, an outcome, a channel, a status, a date), the entry stores the code
and it is named here, when the page is read, in the reader's language (issue 18: raw codes on
French pages, French values on English pages). Entries written before stored the label in the
writer's language: those are shown as they were written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from sexto.interventions.labels import NATURE_LABELS, ROUTE_LABELS
from sexto.interventions.models import ParentNotification, Referral, TakedownRequest
from sexto.interventions.procedure import STEPS_BY_KEY

# What separates a name the user typed from the code after it ("Élève A — phone").
PART_SEPARATOR = " — "
_GRID = re.compile(r"^(?P<route>\w+) / (?P<nature>\w+)(?: → (?P<decided>\w+))?$")
_CORRECTION = re.compile(r"^(?P<before>\w+) → (?P<after>\w+): (?P<reason>.*)$", re.DOTALL)


def _choice_label(choices: type[models.TextChoices], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _last_part_label(choices: type[models.TextChoices]) -> Callable[[str], str]:
    def named(text: str) -> str:
        head, separator, last = text.rpartition(PART_SEPARATOR)
        return f"{head}{separator}{_choice_label(choices, last)}"

    return named


def _grid_text(text: str) -> str:
    match = _GRID.match(text)
    if not match:
        return text
    route, nature, decided = match["route"], match["nature"], match["decided"]
    named = f"{ROUTE_LABELS.get(route, route)} / {NATURE_LABELS.get(nature, nature)}"
    return f"{named} → {ROUTE_LABELS.get(decided, decided)}" if decided else named


def _step_text(text: str) -> str:
    step = STEPS_BY_KEY.get(text)
    return str(step.label) if step else text


def _correction_text(text: str) -> str:
    match = _CORRECTION.match(text)
    if not match or match["before"] not in Referral.Determination.values:
        return text
    before = _choice_label(Referral.Determination, match["before"])
    after = _choice_label(Referral.Determination, match["after"])
    return _("%(before)s → %(after)s: %(reason)s") % {
        "before": before,
        "after": after,
        "reason": match["reason"],
    }


def _date_text(text: str) -> str:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return text
    return formats.date_format(day, "DATE_FORMAT")


_BY_KIND: dict[str, Callable[[str], str]] = {
    "case.grid": _grid_text,
    "step.done": _step_text,
    "step.not_applicable": _step_text,
    "step.pending": _step_text,
    "referral.determination.corrected": _correction_text,
    "parents.informed": _last_part_label(ParentNotification.Channel),
    "parents.not_informed": _last_part_label(ParentNotification.Channel),
    "takedown.status": _last_part_label(TakedownRequest.Status),
    "case.dg_report_sent": _date_text,
}


def chronology_text(*, kind: str, text: str) -> str:
    """The entry's text as the reader reads it."""
    if kind.startswith("youth_protection."):
        return ""  # the kind says it all; older entries repeated it in the writer's language
    named = _BY_KIND.get(kind)
    return named(text) if named else text
