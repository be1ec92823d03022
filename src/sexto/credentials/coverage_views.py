"""The training-coverage page (service-centre admins for their schools, trainers for all)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sexto.credentials.coverage import COVERAGE_BADGE, coverage_for


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    rows = coverage_for(user=request.user)
    return render(
        request,
        "credentials/coverage.html",
        {
            "rows": rows,
            "uncovered": [row for row in rows if not row.covered],
            "badge": COVERAGE_BADGE,
        },
    )
