"""The dashboard page (stats.dashboard): counts for the viewer's schools, links where they may."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sexto.directory.selectors import signed_in_user
from sexto.stats.dashboard import AGE_LABELS, FIGURES, dashboard_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    board = dashboard_for(user=signed_in_user(request))
    by_age = board.open_by_age
    return render(
        request,
        "stats/dashboard.html",
        {
            "board": board,
            "ages": [(band, label, by_age[band]) for band, label in AGE_LABELS],
            "totals": [(name, label, board.total(name)) for name, label in FIGURES],
        },
    )
