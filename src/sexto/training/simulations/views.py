"""The simulations' pages: the level's cases, an attempt's panel (situation, people, scripted
interview, link to the real case page, finish) and its score with every difference explained."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sexto.core.errors import DomainError
from sexto.directory.selectors import signed_in_user
from sexto.interventions import labels as grid_labels
from sexto.interventions.forms.grid import FIELD_PATHS, GridIncidentForm, GridPersonForm
from sexto.training.models import Level
from sexto.training.simulations import selectors, services
from sexto.training.simulations.scenarios import SCENARIOS_BY_KEY, scenarios_for_level
from sexto.training.simulations.scoring import ACTION_BASIS, steps_for_actions


def _level_title(program_slug: str, level_slug: str) -> str:
    """The level's title from the program, when the program has it (the slug otherwise)."""
    level = Level.objects.filter(program__slug=program_slug, slug=level_slug).first()
    return str(level.title) if level is not None else level_slug.capitalize()


@login_required
def simulation_list(request: HttpRequest, program_slug: str, level_slug: str) -> HttpResponse:
    """The level's fictional cases with this learner's attempts and best scores."""
    if not scenarios_for_level(program_slug=program_slug, level_slug=level_slug):
        raise Http404(_("This level has no simulations."))
    progress = selectors.simulation_progress(
        user=signed_in_user(request), level=(program_slug, level_slug)
    )
    refusal = selectors.simulation_start_refusal(
        user=signed_in_user(request), program_slug=program_slug, level_slug=level_slug
    )
    return render(
        request,
        "training/simulation_list.html",
        {
            "program_slug": program_slug,
            "level_slug": level_slug,
            "level_title": _level_title(program_slug, level_slug),
            "progress": progress,
            "pass_mark": services.simulation_pass_mark(),
            "all_passed": bool(progress) and all(item.passed for item in progress),
            "start_refused": str(refusal) if refusal is not None else "",
        },
    )


@login_required
@require_POST
def simulation_start(
    request: HttpRequest, program_slug: str, level_slug: str, scenario: str
) -> HttpResponse:
    """Start a new attempt: a fresh simulation case, then its panel."""
    try:
        attempt = services.simulation_start(
            user=signed_in_user(request),
            program_slug=program_slug,
            level_slug=level_slug,
            scenario_key=scenario,
            request=request,
        )
    except DomainError as error:
        if error.status == 404:
            raise Http404(str(error)) from None
        messages.error(request, str(error))
        return redirect("training:simulation_list", program_slug, level_slug)
    return redirect("training:simulation_attempt", attempt.pk)


@login_required
def simulation_attempt(request: HttpRequest, attempt_id: UUID) -> HttpResponse:
    """The attempt's panel; once finished, its score and explanations."""
    attempt = selectors.attempt_get_for(user=signed_in_user(request), attempt_id=attempt_id)
    return render(request, "training/simulation_attempt.html", _attempt_context(attempt))


@login_required
@require_POST
def simulation_finish(request: HttpRequest, attempt_id: UUID) -> HttpResponse:
    """Score the attempt from what the learner did on the case."""
    attempt = selectors.attempt_get_for(user=signed_in_user(request), attempt_id=attempt_id)
    try:
        services.simulation_finish(user=signed_in_user(request), attempt=attempt)
    except DomainError as error:
        context = _attempt_context(attempt)
        context["finish_error"] = str(error)
        return render(request, "training/simulation_attempt.html", context, status=422)
    return redirect("training:simulation_attempt", attempt.pk)


@login_required
def simulation_for_case(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """From a simulation case's page back to its panel (the kit links here by URL name)."""
    attempt = selectors.attempt_for_case(user=signed_in_user(request), case_id=case_id)
    return redirect("training:simulation_attempt", attempt.pk)


# --- presenting the report ------------------------------------------------------------------

_YES_NO = {True: gettext_lazy("Yes"), False: gettext_lazy("No")}
_VALUE_LABELS: dict[str, dict[Any, Any]] = {
    "medium": grid_labels.MEDIUM_LABELS,
    "depiction": grid_labels.DEPICTION_LABELS,
    "by": grid_labels.PRODUCER_LABELS,
    "consent": grid_labels.CONSENT_LABELS,
    "redistribution_consent": grid_labels.CONSENT_LABELS,
    "stage": grid_labels.STAGE_LABELS,
    "audience": grid_labels.AUDIENCE_LABELS,
}


def _field_label(path: str, field: str) -> Any:
    if path.startswith("people["):
        return GridPersonForm.base_fields[field].label
    if path.startswith("indicators."):
        return grid_labels.INDICATOR_LABELS[field][0]
    form_field = FIELD_PATHS[path]
    return GridIncidentForm.base_fields[form_field].label


def _value_label(field: str, value: Any) -> Any:
    if field == "roles":
        return ", ".join(str(grid_labels.ROLE_LABELS.get(r, r)) for r in value) or "—"
    if field == "age":
        return value if value is not None else _("Not known")
    if field == "sexual_purpose":
        key = {True: "yes", False: "no"}.get(value, "unknown")
        return grid_labels.PURPOSE_LABELS[key]
    if field in _VALUE_LABELS:
        return _VALUE_LABELS[field].get(value, value)
    if isinstance(value, bool):
        return _YES_NO[value]
    return value


def grid_difference_rows(differences: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each differing grid field in words: which field, expected value, the learner's value."""
    rows = []
    for diff in differences:
        person = diff["person"]
        if diff["kind"] == "missing":
            rows.append(
                {
                    "path": diff["path"],
                    "label": _("Person %(id)s") % {"id": person},
                    "note": _("Missing from your grid: this person is part of the case."),
                }
            )
            continue
        if diff["kind"] == "extra":
            rows.append(
                {
                    "path": diff["path"],
                    "label": _("Person %(id)s") % {"id": person},
                    "note": _(
                        "Not part of this case: use the labels of the people on the case (A, B, …)."
                    ),
                }
            )
            continue
        label = _field_label(diff["path"], diff["field"])
        if person:
            label = _("Person %(id)s — %(field)s") % {"id": person, "field": label}
        rows.append(
            {
                "path": diff["path"],
                "label": label,
                "expected": _value_label(diff["field"], diff["expected"]),
                "given": _value_label(diff["field"], diff["given"]),
            }
        )
    return rows


def _attempt_context(attempt: Any) -> dict[str, Any]:
    scenario = SCENARIOS_BY_KEY[attempt.scenario]
    context: dict[str, Any] = {
        "attempt": attempt,
        "scenario": scenario,
        "pass_mark": services.simulation_pass_mark(),
    }
    report = attempt.report
    if report:
        actions = report["actions"]
        expected_reasons = {r["rule"]: r for r in report["reasons"]["expected"]}
        given_reasons = {r["rule"]: r for r in report["reasons"]["given"]}
        context.update(
            {
                "report": report,
                "grid_rows": grid_difference_rows(report["grid"]["differences"]),
                "action_rows": [
                    {
                        "action": action,
                        "missing": action in actions["missing"],
                        "basis": ACTION_BASIS[action],
                        **actions["explanations"][action],
                    }
                    for action in actions["missing"] + actions["extra"]
                ],
                "reason_rows": [
                    {
                        "rule": rule,
                        "expected": expected_reasons.get(rule),
                        "given": given_reasons.get(rule),
                    }
                    for rule in report["reasons"]["differing"]
                ],
                "expected_steps": steps_for_actions(actions["expected"]),
            }
        )
    return context
