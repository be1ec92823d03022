"""The evaluation grid's pages: `/grid/` to try it without saving anything, and the grid on a
case (answers and result stored with the rules' version)."""

from __future__ import annotations

from uuid import UUID

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sexto.core.errors import DomainError
from sexto.core.forms import form_add_domain_error
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors, services
from sexto.interventions.forms.cases import CaseDecisionForm
from sexto.interventions.forms.grid import SECTIONS, grid_forms_build
from sexto.interventions.permissions import case_may
from sexto.interventions.views.case_page import case_page_redirect


def _require_evaluator(request: HttpRequest) -> None:
    if not rules.has_perm("grid.evaluate", request.user):
        raise Http404


@login_required
def grid_try(request: HttpRequest) -> HttpResponse:
    """The grid on its own: fill it, see the result; nothing is stored."""
    _require_evaluator(request)
    if request.method == "POST":
        forms_ = grid_forms_build(request.POST, add_person="add_person" in request.POST)
        if "add_person" not in request.POST:
            forms_.evaluate()
    else:
        forms_ = grid_forms_build()
    invalid = forms_.is_bound and forms_.result is None and "add_person" not in request.POST
    return render(
        request,
        "interventions/grid/page.html",
        {"grid": forms_, "sections": SECTIONS},
        status=422 if invalid else 200,
    )


@login_required
@require_POST
def grid_preview(request: HttpRequest) -> HttpResponse:
    """htmx: the result beside the form as it is filled (no errors shown until submitted)."""
    _require_evaluator(request)
    forms_ = grid_forms_build(request.POST)
    forms_.evaluate()
    return render(request, "interventions/grid/_result.html", {"grid": forms_, "preview": True})


@login_required
def case_grid(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The grid form on the case: answers and result stored with the rules' version."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case = access.case
    if not case_may(role=access.role, action="edit"):
        raise Http404
    answers, _result = selectors.case_grid(case)
    if request.method == "POST":
        forms_ = grid_forms_build(request.POST, add_person="add_person" in request.POST)
        decision = CaseDecisionForm(request.POST)
        if "add_person" not in request.POST and forms_.evaluate() and decision.is_valid():
            try:
                services.case_grid_save(
                    actor=signed_in_user(request),
                    case=case,
                    answers=forms_.answers or {},
                    decided_route=decision.cleaned_data["decided_route"],
                    justification=decision.cleaned_data["justification"],
                    version=decision.cleaned_data["version"],
                    request=request,
                )
            except DomainError as error:
                form_add_domain_error(decision, error)
            else:
                messages.success(request, _("The grid was saved on the case."))
                return case_page_redirect(case.pk, "#grid")
    else:
        forms_ = grid_forms_build(initial=answers)
        decision = CaseDecisionForm(
            initial={
                "version": case.version,
                "decided_route": case.decided_route,
                "justification": case.decision_justification,
            }
        )
        if answers:
            forms_.evaluate_initial(answers)
    failed = request.method == "POST" and "add_person" not in request.POST
    return render(
        request,
        "interventions/case_grid.html",
        {
            "case": case,
            "grid": forms_,
            "sections": SECTIONS,
            "decision": decision,
            "grid_action": request.path,
            # A simulation's learner has no general /grid/ preview: theirs is scoped to the case.
            "grid_preview_action": reverse("interventions:case_grid_preview", args=[case.pk])
            if case.simulation
            else "",
        },
        status=422 if failed else 200,
    )


@login_required
@require_POST
def case_grid_preview(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """htmx: the grid's live result on a simulation case's grid page. `grid.evaluate` holds for
    a learner on the simulation case they play only, so the check takes the case."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    if not case_may(role=access.role, action="edit") or not rules.has_perm(
        "grid.evaluate", request.user, access.case
    ):
        raise Http404
    forms_ = grid_forms_build(request.POST)
    forms_.evaluate()
    return render(request, "interventions/grid/_result.html", {"grid": forms_, "preview": True})
