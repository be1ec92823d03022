"""The case page's "people around" section: POST-only views that call one service each, then
go back to the section's anchor, or show the case page again with the errors (422).

The section's lists and forms on the case page come from `views/sections.py`'s `around_context`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sexto.core.errors import DomainError, PermissionRefused
from sexto.core.forms import form_add_domain_error
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.forms.around import (
    MeasureDoneForm,
    MeasureForm,
    ParentNotificationForm,
    SupportEntryForm,
    SupportHeldForm,
    TakedownForm,
    TakedownStatusForm,
    YouthProtectionForm,
)
from sexto.interventions.services import around as services
from sexto.interventions.views.case_page import (
    case_action_require,
    case_page_context,
    section_submit,
)


def _submit(
    request: HttpRequest,
    access: selectors.CaseAccess,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    *,
    anchor: str,
    done: str,
    context_key: str,
    action: str = "edit",
    row: Any = None,
) -> HttpResponse:
    """Validate, call the service, and go back to the section; else the page again, 422.
    Someone whose role does not allow the action gets 403 (they can see the case)."""
    case_action_require(access, action)

    def refused(form: forms.Form, error: DomainError | None) -> HttpResponse:
        if isinstance(error, PermissionRefused):
            raise PermissionDenied(str(error))
        if error is not None:
            form_add_domain_error(form, error)
        bound = {context_key: (row, form) if row is not None else form}
        context = case_page_context(request, access, around_bound=bound)
        return render(request, "interventions/case_detail.html", context, status=422)

    return section_submit(request, access, form, call, anchor=anchor, done=done, refused=refused)


def _access(request: HttpRequest, case_id: UUID) -> selectors.CaseAccess:
    return selectors.case_get_for(user=request.user, case_id=case_id, request=request)


@login_required
@require_POST
def youth_protection_record(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The signed-in person records their own report or consultation, or why not."""
    access = _access(request, case_id)
    return _submit(
        request,
        access,
        YouthProtectionForm(request.POST),
        lambda data: services.youth_protection_record(
            actor=signed_in_user(request),
            case=access.case,
            kind=data["kind"],
            at=data["at"],
            reference=data["reference"],
            why_not=data["why_not"],
            request=request,
        ),
        anchor="#youth-protection",
        done=_("Your youth protection entry is recorded."),
        context_key="yp_form",
        action="youth_protection",
    )


@login_required
@require_POST
def parent_notification_record(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    return _submit(
        request,
        access,
        ParentNotificationForm(request.POST, case=access.case),
        lambda data: services.parent_notification_record(
            actor=signed_in_user(request),
            case=access.case,
            person=data["person"],
            guardian=data["guardian"],
            at=data["at"],
            channel=data["channel"],
            summary=data["summary"],
            why_not=data["why_not"],
            request=request,
        ),
        anchor="#parents",
        done=_("The parents' log is updated."),
        context_key="parent_form",
    )


@login_required
@require_POST
def support_entry_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    return _submit(
        request,
        access,
        SupportEntryForm(request.POST, case=access.case),
        lambda data: services.support_entry_add(
            actor=signed_in_user(request),
            case=access.case,
            person=data["person"],
            planned_for=data["planned_for"],
            held_at=data["held_at"],
            resources=data["resources"],
            note=data["note"],
            request=request,
        ),
        anchor="#support",
        done=_("The support plan is updated."),
        context_key="support_form",
        action="support",
    )


@login_required
@require_POST
def support_entry_held(request: HttpRequest, case_id: UUID, entry_id: int) -> HttpResponse:
    access = _access(request, case_id)
    entry = get_object_or_404(access.case.support, pk=entry_id)
    return _submit(
        request,
        access,
        SupportHeldForm(request.POST, prefix=f"held-{entry.pk}"),
        lambda data: services.support_entry_held(
            actor=signed_in_user(request),
            entry=entry,
            held_at=data["held_at"],
            note=data["note"],
            version=data["version"],
            request=request,
        ),
        anchor="#support",
        done=_("The follow-up is recorded as held."),
        context_key="held",
        action="support",
        row=entry.pk,
    )


@login_required
@require_POST
def takedown_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    return _submit(
        request,
        access,
        TakedownForm(request.POST),
        lambda data: services.takedown_request_add(
            actor=signed_in_user(request),
            case=access.case,
            where=data["where"],
            sent_at=data["sent_at"],
            reference=data["reference"],
            request=request,
        ),
        anchor="#takedowns",
        done=_("The takedown request is logged."),
        context_key="takedown_form",
    )


@login_required
@require_POST
def takedown_status(request: HttpRequest, case_id: UUID, takedown_id: int) -> HttpResponse:
    access = _access(request, case_id)
    takedown = get_object_or_404(access.case.takedowns, pk=takedown_id)
    return _submit(
        request,
        access,
        TakedownStatusForm(request.POST, prefix=f"takedown-{takedown.pk}"),
        lambda data: services.takedown_status_update(
            actor=signed_in_user(request),
            takedown=takedown,
            status=data["status"],
            version=data["version"],
            request=request,
        ),
        anchor="#takedowns",
        done=_("The takedown request's status is updated."),
        context_key="takedown_status",
        row=takedown.pk,
    )


@login_required
@require_POST
def measure_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    return _submit(
        request,
        access,
        MeasureForm(request.POST, case=access.case),
        lambda data: services.educational_measure_add(
            actor=signed_in_user(request),
            case=access.case,
            person=data["person"],
            what=data["what"],
            with_whom=data["with_whom"],
            planned_for=data["planned_for"],
            request=request,
        ),
        anchor="#measures",
        done=_("The educational measure is added."),
        context_key="measure_form",
    )


@login_required
@require_POST
def measure_done(request: HttpRequest, case_id: UUID, measure_id: int) -> HttpResponse:
    access = _access(request, case_id)
    measure = get_object_or_404(access.case.measures, pk=measure_id)
    return _submit(
        request,
        access,
        MeasureDoneForm(request.POST, prefix=f"done-{measure.pk}"),
        lambda data: services.educational_measure_done(
            actor=signed_in_user(request),
            measure=measure,
            done_at=data["done_at"],
            version=data["version"],
            request=request,
        ),
        anchor="#measures",
        done=_("The measure is recorded as done."),
        context_key="measure_done",
        row=measure.pk,
    )
