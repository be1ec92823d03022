"""Access beyond the team: grants (principals, coordinators), break-glass and the audit-trail
export (privacy officers), "who looked at this case" (the team), "shared with me" (grantees)."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sexto.core.errors import DomainError, NotFoundOrForbidden
from sexto.core.forms import form_add_domain_error
from sexto.directory.permissions import privacy_officer_holders
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.forms.access import AuditExportForm, BreakGlassForm, GrantForm
from sexto.interventions.permissions import case_may
from sexto.interventions.selectors.access import (
    access_grants_mine,
    case_by_number_for_privacy_officer,
    case_for_privacy_officer,
    case_grants,
    case_visits,
)
from sexto.interventions.services import access as services
from sexto.interventions.views.sections import visit_rows

WHO_LOOKED_PER_PAGE = 25


def _grant_form_initial() -> dict[str, Any]:
    end = timezone.localtime() + datetime.timedelta(days=min(7, settings.ACCESS_GRANT_MAX_DAYS))
    return {"ends_at": end.replace(second=0, microsecond=0)}


@login_required
def case_access(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The team's page on access to the case: who looked (paginated), grants live and ended,
    and, for principals and coordinators, the form to grant access."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case = access.case
    if case.simulation or not case_may(role=access.role, action="who_looked"):
        raise Http404
    may_grant = case_may(role=access.role, action="manage_team")
    form = GrantForm(request.POST or None, initial=_grant_form_initial())
    if request.method == "POST":
        if not may_grant:
            raise Http404
        if form.is_valid():
            try:
                grant = services.case_access_grant(
                    actor=signed_in_user(request),
                    case=case,
                    email=form.cleaned_data["email"],
                    reason=form.cleaned_data["reason"],
                    ends_at=form.cleaned_data["ends_at"],
                    request=request,
                )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s may read this case until %(end)s. They were told by email.")
                    % {
                        "name": grant.grantee.display_name,
                        "end": date_format(timezone.localtime(grant.ends_at), "DATETIME_FORMAT"),
                    },
                )
                return redirect("interventions:case_access", case_id=case.pk)
    reads = Paginator(case_visits(case=case), WHO_LOOKED_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "interventions/access/page.html",
        {
            "case": case,
            "role": access.role,
            "form": form,
            "may_grant": may_grant,
            "grants": case_grants(case=case),
            "reads": reads,
            "who_looked": visit_rows(list(reads.object_list)),
            "now": timezone.now(),
            "max_days": settings.ACCESS_GRANT_MAX_DAYS,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def case_access_revoke(request: HttpRequest, case_id: UUID, grant_id: UUID) -> HttpResponse:
    """End a grant now (principals and coordinators of the case's school)."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    if not case_may(role=access.role, action="manage_team"):
        raise Http404
    try:
        grant = services.case_access_revoke(
            actor=signed_in_user(request), case=access.case, grant_id=grant_id, request=request
        )
    except NotFoundOrForbidden:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s no longer has access to this case.") % {"name": grant.grantee.display_name},
        )
    return redirect("interventions:case_access", case_id=case_id)


def _require_privacy_officer(request: HttpRequest) -> None:
    if not privacy_officer_holders(request.user):
        raise Http404


@login_required
def case_break_glass(request: HttpRequest) -> HttpResponse:
    """The privacy officer's page: open a case by break-glass (number and reason), export a
    case's audit trail, and the break-glass accesses they hold."""
    _require_privacy_officer(request)
    glass = BreakGlassForm(request.POST if "break_glass" in request.POST else None)
    export = AuditExportForm(request.POST if "export" in request.POST else None)
    if request.method == "POST" and "break_glass" in request.POST and glass.is_valid():
        try:
            case, grant = services.case_break_glass(
                actor=signed_in_user(request),
                number=glass.cleaned_data["number"],
                reason=glass.cleaned_data["reason"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(glass, error)
        else:
            if grant is not None:
                messages.warning(
                    request,
                    _(
                        "Break-glass access to case %(number)s until %(end)s, read only. "
                        "The case team was alerted."
                    )
                    % {
                        "number": case.number,
                        "end": date_format(timezone.localtime(grant.ends_at), "DATETIME_FORMAT"),
                    },
                )
            return redirect("interventions:case_detail", case_id=case.pk)
    if request.method == "POST" and "export" in request.POST and export.is_valid():
        try:
            case = case_by_number_for_privacy_officer(
                user=request.user, number=export.cleaned_data["number"]
            )
        except DomainError as error:
            form_add_domain_error(export, error)
        else:
            return redirect("interventions:case_audit_export", case_id=case.pk)
    failed = request.method == "POST" and bool(glass.errors or export.errors)
    return render(
        request,
        "interventions/access/break_glass.html",
        {
            "glass": glass,
            "export": export,
            "hours": settings.BREAK_GLASS_HOURS,
            "mine": [
                g
                for g in access_grants_mine(user=signed_in_user(request))
                if g.kind == g.Kind.BREAK_GLASS
            ][:20],
            "now": timezone.now(),
        },
        status=422 if failed else 200,
    )


@login_required
@require_POST
def case_break_glass_end(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The privacy officer ends their own break-glass now (before it expires); the team is
    alerted. Nobody else, and no live break-glass: 404."""
    try:
        case, _grant = services.case_break_glass_end(
            actor=signed_in_user(request), case_id=case_id, request=request
        )
    except NotFoundOrForbidden:
        raise Http404 from None
    messages.success(
        request,
        _("Your break-glass access to case %(number)s has ended. The case team was told.")
        % {"number": case.number},
    )
    return redirect("interventions:case_break_glass")


@login_required
@require_GET
def case_audit_export(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """A case's audit trail as CSV, for the privacy officer of the organisation holding it; the
    export is audited and carries the case number and who exported it. Anyone else: 404."""
    try:
        case = case_for_privacy_officer(user=request.user, case_id=case_id)
        content = services.case_audit_export(
            actor=signed_in_user(request), case=case, request=request
        )
    except NotFoundOrForbidden:
        raise Http404 from None
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.number}-audit.csv"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def grants_mine(request: HttpRequest) -> HttpResponse:
    """Cases shared with me: the grants and break-glass accesses I hold or held."""
    return render(
        request,
        "interventions/access/mine.html",
        {"grants": access_grants_mine(user=signed_in_user(request)), "now": timezone.now()},
    )
