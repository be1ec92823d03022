"""A student's history at their file holder, from a case's people (selectors/history.py)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sexto.interventions import selectors
from sexto.interventions.selectors.history import student_history


@login_required
def student_history_page(request: HttpRequest, case_id: UUID, person_id: int) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    person, rows = student_history(
        access=access, person_id=person_id, user=request.user, request=request
    )
    return render(
        request,
        "interventions/case/history.html",
        {"case": access.case, "person": person, "rows": rows},
    )
