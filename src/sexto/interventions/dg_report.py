"""The summary report the principal sends the director general (Education Act s.96.12): one
page, content-minimal by construction. It is built only from plain columns and labels (case
number, school, dates, route and nature labels, step states, the referral outcome label); no
name, no narrative, no note and no grid answer is ever read here, so none can reach it.

Rendered by WeasyPrint like the referral packet, with no external resource."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from sexto.core.pdf import pdf_from_html
from sexto.directory.models import User
from sexto.interventions.labels import NATURE_LABELS, ROUTE_LABELS, YOUTH_PROTECTION_LABELS
from sexto.interventions.models import Case, CaseStep, Intake, Referral
from sexto.interventions.procedure import STEPS_BY_KEY


@dataclass(frozen=True)
class SummaryStep:
    label: Any
    state: Any
    done_on: Any


def dg_report_context(*, case: Case, exported_by: User) -> dict[str, Any]:
    """What the summary shows; every value is a label, a date or the case number."""
    route = case.decided_route or case.route
    steps = [
        SummaryStep(
            label=STEPS_BY_KEY[step.key].label if step.key in STEPS_BY_KEY else step.key,
            state=step.get_state_display(),
            done_on=step.done_at,
        )
        for step in CaseStep.objects.filter(case=case).order_by("position")
    ]
    referral = (
        Referral.objects.filter(case=case)
        .only("id", "case_id", "police_force", "referred_at", "determination", "determined_at")
        .select_related("police_force")
        .order_by("-referred_at")
        .first()
    )
    intake_reported_at = None
    if case.intake_id is not None:
        intake_reported_at = (
            Intake.objects.filter(pk=case.intake_id).values_list("created_at", flat=True).first()
        )
    return {
        "number": case.number,
        "school": case.school.name,
        "organisation": case.holder.name,
        "status": case.get_status_display(),
        "reported_at": intake_reported_at,
        "opened_at": case.opened_at,
        "evaluated_at": case.grid_evaluated_at,
        "police_contacted_at": case.police_contacted_at,
        "closed_at": case.closed_at,
        "route": ROUTE_LABELS.get(route, "") if route else "",
        "nature": NATURE_LABELS.get(case.nature, "") if case.nature else "",
        "youth_protection": YOUTH_PROTECTION_LABELS.get(case.youth_protection, "")
        if case.youth_protection
        else "",
        "steps": steps,
        "referral": referral,
        "referral_outcome": referral.get_determination_display() if referral else "",
        "sent_on": case.dg_report_sent_on,
        "exported_by": exported_by,
        "exported_at": timezone.now(),
    }


def dg_report_html(*, case: Case, exported_by: User) -> str:
    """The summary as one HTML document, in the reader's language."""
    return render_to_string(
        "interventions/dg_report.html", dg_report_context(case=case, exported_by=exported_by)
    )


def dg_report_render(*, case: Case, exported_by: User) -> bytes:
    """The summary as PDF bytes."""
    return pdf_from_html(dg_report_html(case=case, exported_by=exported_by), document="summary")
