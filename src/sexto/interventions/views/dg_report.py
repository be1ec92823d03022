"""The summary report to the director general on the case page (Education Act s.96.12): the
principal downloads it and records the date it was sent."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sexto.core.errors import DomainError
from sexto.core.forms import form_add_domain_error
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.forms.dg_report import DgReportSentForm
from sexto.interventions.permissions import case_may
from sexto.interventions.services import dg_report as services
from sexto.interventions.views.case_page import (
    case_action_require,
    case_page_context,
    section_submit,
)


@login_required
@require_GET
def dg_report_download(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The content-minimal summary (PDF), audited as an export; the principal only."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    if not case_may(role=access.role, action="dg_report"):
        # A page for an action their role does not allow is not there (like the packet).
        raise Http404
    content = services.case_dg_report_export(
        actor=signed_in_user(request), case=access.case, request=request
    )
    response = HttpResponse(content, content_type="application/pdf")
    number = access.case.number or "simulation"
    response["Content-Disposition"] = f'attachment; filename="{number}-dg.pdf"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def dg_report_sent(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Record the date the summary was sent to the director general."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "dg_report")
    form = DgReportSentForm(request.POST)

    def refused(form: DgReportSentForm, error: DomainError | None) -> HttpResponse:
        if error is not None:
            form_add_domain_error(form, error)
        context = case_page_context(request, access)
        context["dg_report_form"] = form
        return render(request, "interventions/case_detail.html", context, status=422)

    return section_submit(
        request,
        access,
        form,
        lambda data: services.case_dg_report_sent(
            actor=signed_in_user(request),
            case=access.case,
            sent_on=data["sent_on"],
            request=request,
        ),
        anchor="#dg-report",
        done=_("Date sent to the director general recorded."),
        refused=refused,
    )
