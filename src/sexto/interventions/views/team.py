"""The case team's actions: invite a professional of the school onto the case, name the case's
lead coordinator."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sexto.core.errors import DomainError
from sexto.core.french import name_in_sentence
from sexto.directory.models import User
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.selectors.team import professional_candidates
from sexto.interventions.services.team import (
    LeadNotEligible,
    professional_invite,
)
from sexto.interventions.services.team import case_lead_assign as lead_assign
from sexto.interventions.services.transfer import (
    TRANSFER_READ_ONLY_DAYS,
    case_transfer,
    transfer_schools,
)
from sexto.interventions.views.case_page import case_action_require, case_page_redirect


@login_required
@require_POST
def case_lead_assign(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """POST `lead` (a user id): that person leads the case from now on."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "manage_team")
    raw = request.POST.get("lead", "")
    lead = User.objects.filter(pk=int(raw), is_active=True).first() if raw.isdigit() else None
    try:
        if lead is None:
            raise LeadNotEligible(
                _("Choose the new lead among the school's coordinators and principal."),
                field="lead",
            )
        lead_assign(actor=signed_in_user(request), case=access.case, lead=lead, request=request)
    except DomainError as error:
        messages.error(request, str(error))
        anchor = "#lead"
    else:
        messages.success(request, _("%(name)s now leads this case.") % {"name": lead.display_name})
        anchor = ""
    response = redirect("interventions:case_detail", case_id=case_id)
    response["Location"] += anchor
    return response


@login_required
@require_POST
def case_professional_invite(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Put a professional of the school on the case's team."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "manage_team")
    candidates = {str(u.pk): u for u in professional_candidates(case=access.case)}
    user = candidates.get(request.POST.get("user", ""))
    if user is None:
        messages.error(request, _("Choose a professional of this school who is not on the team."))
        return case_page_redirect(case_id, "#team")
    try:
        professional_invite(
            actor=signed_in_user(request), case=access.case, user=user, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s is now on the case's team.") % {"name": user.display_name}
        )
    return case_page_redirect(case_id, "#team")


@login_required
@require_POST
def case_transfer_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """POST `to_school` (a school id of the same file holder): the case moves there."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "transfer")
    raw = request.POST.get("to_school", "")
    school = next((s for s in transfer_schools(case=access.case) if str(s.pk) == raw), None)
    try:
        if school is None:
            raise DomainError(_("Choose the school the student now attends."), field="to_school")
        case_transfer(actor=signed_in_user(request), case=access.case, to_school=school,
                      request=request)  # fmt: skip
    except DomainError as error:
        messages.error(request, str(error))
        response = redirect("interventions:case_detail", case_id=case_id)
        response["Location"] += "#transfer"
        return response
    messages.success(
        request,
        # Translators: in French, school comes with « de » and its article (« de l’École… »).
        _(
            "The case now belongs to %(school)s; its coordinators were alerted. Your school "
            "may read it for %(days)d days."
        )
        % {
            "school": name_in_sentence(school.name, preposition="de"),
            "days": TRANSFER_READ_ONLY_DAYS,
        },
    )
    return redirect("interventions:case_detail", case_id=case_id)
