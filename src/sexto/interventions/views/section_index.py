"""The case page's section index: a sticky list of the page's sections (about 7,000 px on a
phone), each with its state, so a coordinator jumps to what needs doing (issue 18)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrPromise

from sexto.interventions.models import CaseStep

# Each section: its anchor on the page, its name, and the kit step whose state it shows (None:
# the section shows a count instead).
SECTIONS: tuple[tuple[str, StrPromise, str | None], ...] = (
    ("steps", gettext_lazy("Steps"), None),
    ("grid", gettext_lazy("Grid"), "evaluate_grid"),
    ("people", gettext_lazy("People"), None),
    ("devices", gettext_lazy("Devices"), "secure_devices"),
    ("referral", gettext_lazy("Police"), "contact_police"),
    ("youth-protection", gettext_lazy("Youth protection"), "youth_protection"),
    ("parents", gettext_lazy("Parents"), "inform_parents"),
    ("support", gettext_lazy("Support"), "support_victim"),
    ("takedowns", gettext_lazy("Takedowns"), "limit_dissemination"),
    ("measures", gettext_lazy("Measures"), "educational_follow_up"),
    ("chronology", gettext_lazy("Chronology"), None),
    ("access", gettext_lazy("Who looked"), None),
)


@dataclass(frozen=True)
class SectionLink:
    anchor: str
    label: str
    state: str  # done, todo, overdue, not_applicable, info: the index's colour
    state_text: str


def _step_state(step: CaseStep | None, now: datetime.datetime) -> tuple[str, str]:
    if step is None:
        return "info", ""
    if step.state == CaseStep.State.DONE:
        return "done", _("done")
    if step.state == CaseStep.State.NOT_APPLICABLE:
        return "not_applicable", _("not applicable")
    if step.due_at is not None and step.due_at < now:
        return "overdue", _("overdue")
    return "todo", _("to do")


def section_index_context(
    *,
    steps: list[CaseStep],
    people_count: int,
    chronology_count: int,
    may_see_reads: bool,
    now: datetime.datetime,
) -> dict[str, Any]:
    by_key = {step.key: step for step in steps}
    pending = [s for s in steps if s.state == CaseStep.State.PENDING]
    overdue = [s for s in pending if s.due_at is not None and s.due_at < now]
    links = []
    for anchor, label, step_key in SECTIONS:
        if anchor == "access" and not may_see_reads:
            continue
        if anchor == "steps":
            settled = len(steps) - len(pending)
            state = "overdue" if overdue else ("done" if not pending else "todo")
            text = _("%(settled)d of %(total)d settled") % {
                "settled": settled,
                "total": len(steps),
            }
            if overdue:
                text += " · " + ngettext("%(count)d overdue", "%(count)d overdue", len(overdue)) % {
                    "count": len(overdue)
                }
        elif anchor == "people":
            state, text = "info", str(people_count)
        elif anchor == "chronology":
            state, text = "info", str(chronology_count)
        elif anchor == "access":
            state, text = "info", ""
        else:
            state, text = _step_state(by_key.get(step_key or ""), now)
        links.append(SectionLink(anchor=anchor, label=str(label), state=state, state_text=text))
    return {"section_index": links}
