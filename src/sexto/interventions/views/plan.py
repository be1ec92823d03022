"""The plan's actions on the case page: "call the police now" before the grid, and the police's
go-ahead to tell a suspect's parents (police_immediately route)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sexto.core.errors import DomainError
from sexto.core.forms import form_add_domain_error
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.forms.plan import PoliceGoAheadForm
from sexto.interventions.services import plan
from sexto.interventions.views.case_page import (
    case_action_require,
    case_page_context,
    case_page_redirect,
)


@login_required
@require_POST
def police_called_now(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """One click: the police were called now, for a disclosure that cannot wait for the grid."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "edit")
    try:
        step = plan.police_contact_now(
            actor=signed_in_user(request), case=access.case, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
        return case_page_redirect(case_id, "#steps")
    messages.success(
        request,
        _(
            "The call to the police was recorded at %(time)s. Fill in the grid, then the "
            "referral, as soon as you can."
        )
        % {"time": formats.time_format(timezone.localtime(step.done_at), "TIME_FORMAT")},
    )
    return case_page_redirect(case_id, "#step-contact_police")


@login_required
@require_POST
def police_go_ahead(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Record the police's go-ahead to tell the parents of a young person who may be a suspect."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "edit")
    form = PoliceGoAheadForm(request.POST)
    if form.is_valid():
        try:
            plan.police_go_ahead_record(
                actor=signed_in_user(request),
                case=access.case,
                given_by=form.cleaned_data["given_by"],
                at=form.cleaned_data["at"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("The police's go-ahead was recorded: the parents can now be told.")
            )
            return case_page_redirect(case_id, "#step-contact_police")
    context = case_page_context(request, access)
    context["go_ahead_form"] = form
    return render(request, "interventions/case_detail.html", context, status=422)
