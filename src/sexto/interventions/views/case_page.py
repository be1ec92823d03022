"""The case page's assembly: its context, section by section, and what every section's POST
view shares (the role check, the way back to the page, one submit).

Section views (views/around.py, views/devices.py, views/referrals.py, ...) import this module; it
imports the sections' context builders (views/sections.py) and selectors, never a view module.
The case comes in once, as the `CaseAccess` from `case_get_for` (fetched, role checked, read
audited), and each section's builder is handed that same access."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.core.errors import DomainError
from sexto.interventions.forms.cases import CloseForm, NoteForm, PersonForm, ReopenForm
from sexto.interventions.forms.dg_report import DgReportSentForm
from sexto.interventions.permissions import case_may
from sexto.interventions.selectors.around import support_resources
from sexto.interventions.selectors.cases import (
    CaseAccess,
    case_chronology_page,
    case_grid,
    case_people_elsewhere,
    case_steps,
)
from sexto.interventions.views.section_index import section_index_context
from sexto.interventions.views.sections import (
    access_context,
    around_context,
    chronology_context,
    closure_context,
    devices_context,
    plan_context,
    referrals_context,
    steps_context,
    team_context,
)


def case_page_context(
    request: HttpRequest,
    access: CaseAccess,
    *,
    around_later: bool = False,
    around_bound: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the case page shows. With `around_later`, the people-around section (the
    heaviest, at the bottom) is left to a second request that htmx makes once the page is shown;
    re-rendering after a refused form always includes it, with `around_bound` (see
    `around_context`) putting the refused form back as typed."""
    case = access.case
    answers, result = case_grid(case)
    steps = list(case_steps(case))
    people = list(case.people.all())
    chronology = case_chronology_page(case=case, page=request.GET.get("page"))
    now = timezone.now()
    context: dict[str, Any] = {
        "case": case,
        "role": access.role,
        "people": people,
        "grid_result": result,
        "grid_answers": answers,
        "now": now,
        "may_edit": case_may(role=access.role, action="edit"),
        "may_close": case_may(role=access.role, action="refer_close"),
        "others": case_people_elsewhere(
            access=access, people=people, user=request.user, request=request
        ),
        "person_form": PersonForm(),
        "close_form": CloseForm(initial={"version": case.version, "outcome": case.outcome}),
        "reopen_form": ReopenForm(),
        "note_form": NoteForm(),
        "may_note": case_may(role=access.role, action="note"),
        # The small "Resources" panel: the region's DPJ first, the police's non-emergency line.
        "quick_resources": support_resources(case=case),
        "may_dg_report": case_may(role=access.role, action="dg_report"),
        "dg_report_form": DgReportSentForm(initial={"sent_on": timezone.localdate()}),
    }
    context.update(steps_context(access, steps, now))
    context.update(plan_context(access, steps, now))
    context.update(closure_context(access, steps, people))
    context.update(chronology_context(chronology))
    context.update(team_context(access, transfer_reason=request.session.pop("transfer_reason", "")))
    if around_later and around_bound is None:
        context["around_url"] = reverse("interventions:case_around", args=[case.pk])
    else:
        context.update(around_context(request, access, **(around_bound or {})))
    context.update(devices_context(access))
    context.update(access_context(request, access))
    context.update(referrals_context(access))
    context.update(
        section_index_context(
            steps=steps,
            people_count=len(people),
            chronology_count=chronology.paginator.count,
            may_see_reads=bool(context.get("may_see_reads")),
            now=now,
        )
    )
    return context


def case_action_require(access: CaseAccess, action: str) -> None:
    """Refuse (403) a team member whose role does not allow this action, before the form is read:
    what they sent does not matter. They can see the case, so 403 reveals nothing; anyone off the
    team already got 404 from case_get_for."""
    if not case_may(role=access.role, action=action):
        raise PermissionDenied(_("Your role on this case does not allow this."))


def case_page_redirect(case_id: UUID, anchor: str = "") -> HttpResponse:
    response = redirect("interventions:case_detail", case_id=case_id)
    response["Location"] += anchor
    return response


def section_submit(
    request: HttpRequest,
    access: CaseAccess,
    form: Any,
    call: Callable[[dict[str, Any]], Any],
    *,
    anchor: str,
    done: str | Callable[[Any], str],
    refused: Callable[[Any, DomainError | None], HttpResponse],
) -> HttpResponse:
    """One POST of a case page's section: validate, call the one service, say `done` (or
    `done(result)`) and go back to the section; otherwise `refused(form, error)` shows the page
    again with the form as typed. The caller has already checked the role may act."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as error:
            return refused(form, error)
        messages.success(request, done(result) if callable(done) else done)
        return case_page_redirect(access.case.pk, anchor)
    return refused(form, None)
