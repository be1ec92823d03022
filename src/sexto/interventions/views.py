"""Pages of the intervention kit. `/grid/`: try the evaluation grid without saving anything."""

from __future__ import annotations

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from sexto.interventions.grid_forms import SECTIONS, grid_forms_build


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
