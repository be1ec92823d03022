"""The bilingual referral packet (PDF) handed to the police with the devices: summary, grid
answers and result with reasons, custody log, contacts. French first, then English.

Rendered by WeasyPrint from one template with no external resource: nothing is fetched."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sexto.core.pdf import pdf_from_html
from sexto.directory.models import User
from sexto.interventions import selectors
from sexto.interventions.forms.grid import GridIncidentForm
from sexto.interventions.labels import (
    AUDIENCE_LABELS,
    CONSENT_LABELS,
    DEPICTION_LABELS,
    INDICATOR_LABELS,
    MEDIUM_LABELS,
    PRODUCER_LABELS,
    PURPOSE_LABELS,
    ROLE_LABELS,
    STAGE_LABELS,
)
from sexto.interventions.models import Case, CaseStep
from sexto.interventions.outcomes import OUTCOME_STEP_KEYS
from sexto.interventions.procedure import STEPS_BY_KEY
from sexto.interventions.selectors import devices as device_selectors
from sexto.interventions.selectors import referrals as referral_selectors

LANGUAGES = ("fr", "en")
YES = _("Yes")
NO = _("No")


def _question(name: str) -> Any:
    return GridIncidentForm.base_fields[name].label


def _yes_no(value: Any) -> Any:
    return YES if value else NO


def _purpose(value: bool | None) -> Any:
    key = "unknown" if value is None else ("yes" if value else "no")
    return PURPOSE_LABELS[key]


def grid_sections(answers: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stored grid answers as labelled rows (labels stay lazy: each language pass renders
    them in its own language)."""
    if not answers:
        return None
    content = answers.get("content", {})
    production = answers.get("production", {})
    distribution = answers.get("distribution", {})
    indicators = answers.get("indicators", {})
    people = [
        {
            "label": person.get("id", ""),
            "age": person.get("age"),
            "adult": person.get("adult", False),
            "roles": [ROLE_LABELS.get(role, role) for role in person.get("roles", [])],
            "capacity_concern": person.get("capacity_concern", False),
        }
        for person in answers.get("people", [])
    ]
    return {
        "people": people,
        "content": [
            (_question("medium"), MEDIUM_LABELS.get(content.get("medium", ""), "—")),
            (_question("depiction"), DEPICTION_LABELS.get(content.get("depiction", ""), "—")),
            (_question("sexual_purpose"), _purpose(content.get("sexual_purpose"))),
            (
                _question("violent_or_atypical"),
                _yes_no(content.get("violent_or_atypical", False)),
            ),
        ],
        "production": [
            (_question("production_by"), PRODUCER_LABELS[production.get("by", "unknown")]),
            (
                _question("production_consent"),
                CONSENT_LABELS[production.get("consent", "unknown")],
            ),
            (_question("coerced"), _yes_no(production.get("coerced", False))),
        ],
        "distribution": [
            (_question("stage"), STAGE_LABELS[distribution.get("stage", "none")]),
            (
                _question("redistribution_consent"),
                CONSENT_LABELS[distribution.get("redistribution_consent", "unknown")],
            ),
            (_question("audience"), AUDIENCE_LABELS[distribution.get("audience", "none")]),
            (_question("posted_online"), _yes_no(distribution.get("posted_online", False))),
        ],
        "indicators": [
            (label, _yes_no(indicators.get(name, False)))
            for name, (label, _help) in INDICATOR_LABELS.items()
        ],
    }


def packet_context(*, case: Case, exported_by: User) -> dict[str, Any]:
    answers, result = selectors.case_grid(case)
    referral = referral_selectors.case_referral(case)
    return {
        "case": case,
        "languages": LANGUAGES,
        "exported_by": exported_by,
        "exported_at": timezone.now(),
        "people": [
            {
                "label": person.label,
                "name": person.name,
                "age": person.age,
                "grade": person.grade,
                "roles": [ROLE_LABELS.get(role, role) for role in person.roles],
            }
            for person in case.people.all()
        ],
        "grid": grid_sections(answers),
        "grid_result": result,
        "referral": referral,
        "delays": referral_selectors.case_delays(case, referral),
        # The outcome's follow-up steps (labels lazy: each language pass renders its own).
        "follow_ups": [
            {"label": STEPS_BY_KEY[step.key].label, "step": step}
            for step in CaseStep.objects.filter(case=case, key__in=OUTCOME_STEP_KEYS)
        ],
        "devices": list(device_selectors.case_devices(case)),
        "contacts": referral_selectors.school_contacts(case),
    }


def packet_html(*, case: Case, exported_by: User) -> str:
    """The packet as one HTML document: the French part, then the English part."""
    return render_to_string(
        "interventions/packet.html", packet_context(case=case, exported_by=exported_by)
    )


def packet_render(*, case: Case, exported_by: User) -> bytes:
    """The referral packet as PDF bytes (fonts: DejaVu; no network, no base URL)."""
    html = packet_html(case=case, exported_by=exported_by)
    return pdf_from_html(html, document="packet")
