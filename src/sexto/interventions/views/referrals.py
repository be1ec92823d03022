"""Pages of the police referral on the case: refer, acknowledge, the police and DPCP outcome, SEXTO
awareness meetings, and the bilingual referral packet (PDF)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sexto.core.errors import DomainError, PermissionRefused
from sexto.core.forms import form_add_domain_error
from sexto.core.french import name_in_sentence
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.forms.referrals import (
    AcknowledgeForm,
    CorrectionForm,
    DeterminationForm,
    HeldForm,
    MeetingForm,
    NotHeldForm,
    ReferralForm,
)
from sexto.interventions.models import AwarenessMeeting, Referral
from sexto.interventions.services import referrals as services
from sexto.interventions.views.case_page import (
    case_action_require,
    case_page_context,
    section_submit,
)


def _failed(
    request: HttpRequest, access: selectors.CaseAccess, name: str, **extra: Any
) -> Callable[[forms.Form, DomainError | None], HttpResponse]:
    """The case page again, with this form's errors and what was typed (422)."""

    def refused(form: forms.Form, error: DomainError | None) -> HttpResponse:
        if error is not None:
            form_add_domain_error(form, error)
        context = case_page_context(request, access)
        context.update({"referral_form_name": name, "referral_form": form, **extra})
        return render(request, "interventions/case_detail.html", context, status=422)

    return refused


def _referral_of(access: selectors.CaseAccess, referral_id: UUID) -> Referral:
    referral = get_object_or_404(Referral, pk=referral_id, case=access.case)
    referral.case = access.case
    return referral


@login_required
@require_POST
def referral_create(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "refer_close")
    return section_submit(
        request,
        access,
        ReferralForm(request.POST),
        lambda data: services.referral_create(
            actor=signed_in_user(request),
            case=access.case,
            police_contacted_at=data["police_contacted_at"],
            request=request,
        ),
        anchor="#referral",
        done=lambda referral: (
            # Translators: in French, force comes with « à » and its article (« au Service… »).
            _("Case referred to %(force)s. Its liaisons were alerted.")
            % {"force": name_in_sentence(referral.police_force.name, preposition="à")}
        ),
        refused=_failed(request, access, "create"),
    )


@login_required
@require_POST
def referral_acknowledge(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "police")
    referral = _referral_of(access, referral_id)
    return section_submit(
        request,
        access,
        AcknowledgeForm(request.POST),
        lambda data: services.referral_acknowledge(
            actor=signed_in_user(request),
            referral=referral,
            police_file_number=data["police_file_number"],
            request=request,
        ),
        anchor="#referral",
        done=_("Referral acknowledged."),
        refused=_failed(request, access, "acknowledge"),
    )


@login_required
@require_POST
def determination_record(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "police")
    referral = _referral_of(access, referral_id)
    return section_submit(
        request,
        access,
        DeterminationForm(request.POST),
        lambda data: services.determination_record(
            actor=signed_in_user(request),
            referral=referral,
            determination=data["determination"],
            other_text=data["other_text"],
            note=data["note"],
            version=data["version"],
            request=request,
        ),
        anchor="#referral",
        done=_(
            "The police and DPCP outcome is recorded, with its follow-up steps; the school's "
            "team was alerted."
        ),
        refused=_failed(request, access, "determination"),
    )


@login_required
@require_POST
def determination_correct(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "police")
    referral = _referral_of(access, referral_id)
    return section_submit(
        request,
        access,
        CorrectionForm(request.POST, prefix="correct"),
        lambda data: services.determination_correct(
            actor=signed_in_user(request),
            referral=referral,
            determination=data["determination"],
            other_text=data["other_text"],
            reason=data["reason"],
            version=data["version"],
            request=request,
        ),
        anchor="#referral",
        done=_("The outcome is corrected; the school's team was alerted."),
        refused=_failed(request, access, "correct"),
    )


@login_required
@require_POST
def meeting_schedule(request: HttpRequest, case_id: UUID, referral_id: UUID) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "meetings")
    referral = _referral_of(access, referral_id)
    return section_submit(
        request,
        access,
        MeetingForm(request.POST, people=list(access.case.people.all())),
        lambda data: services.meeting_schedule(
            actor=signed_in_user(request),
            referral=referral,
            person=data["person"],
            scheduled_at=data["scheduled_at"],
            with_guardian=data["with_guardian"],
            request=request,
        ),
        anchor="#referral",
        done=_("Awareness meeting scheduled."),
        refused=_failed(request, access, "meeting"),
    )


@login_required
@require_POST
def meeting_held(request: HttpRequest, case_id: UUID, meeting_id: int) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "meetings")
    meeting = get_object_or_404(
        AwarenessMeeting.objects.select_related("referral", "person"),
        pk=meeting_id,
        referral__case=access.case,
    )
    meeting.referral.case = access.case
    return section_submit(
        request,
        access,
        HeldForm(request.POST, auto_id=f"%s-{meeting.pk}"),
        lambda data: services.meeting_held(
            actor=signed_in_user(request),
            meeting=meeting,
            held_at=data["held_at"],
            version=data["version"],
            request=request,
        ),
        anchor="#referral",
        done=_("Awareness meeting recorded as held."),
        refused=_failed(request, access, "held", referral_meeting_id=meeting.pk),
    )


@login_required
@require_POST
def meeting_not_held(request: HttpRequest, case_id: UUID, meeting_id: int) -> HttpResponse:
    """Record that an awareness meeting did not take place, and why."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "meetings")
    meeting = get_object_or_404(
        AwarenessMeeting.objects.select_related("referral", "person"),
        pk=meeting_id,
        referral__case=access.case,
    )
    meeting.referral.case = access.case
    return section_submit(
        request,
        access,
        NotHeldForm(request.POST, auto_id=f"%s-{meeting.pk}"),
        lambda data: services.meeting_not_held(
            actor=signed_in_user(request),
            meeting=meeting,
            reason=data["reason"],
            version=data["version"],
            request=request,
        ),
        anchor=f"#meeting-{meeting.pk}",
        done=_("The meeting is recorded as not held, with why."),
        refused=_failed(request, access, "not_held", referral_meeting_id=meeting.pk),
    )


@login_required
@require_GET
def referral_packet(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The bilingual referral packet (PDF), audited as an export."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    try:
        content = services.referral_packet_export(
            actor=signed_in_user(request), case=access.case, role=access.role, request=request
        )
    except PermissionRefused:
        raise Http404 from None
    number = access.case.number or "simulation"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{number}-renvoi-referral.pdf"'
    patch_cache_control(response, private=True, no_store=True)
    return response
