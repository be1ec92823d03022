"""The case area's pages: intake, triage, work list, the case page and its people-around
fragment, steps, people, notes, closure and reopening."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sexto.audit.services import audit_batch
from sexto.core.errors import DomainError
from sexto.core.forms import form_add_domain_error
from sexto.directory.resources import support_resources_for
from sexto.directory.selectors import school_kit_status, signed_in_user
from sexto.interventions import selectors, services
from sexto.interventions.errors import CaseNotClosable
from sexto.interventions.forms.around import YouthProtectionForm
from sexto.interventions.forms.cases import (
    CaseOpenForm,
    CloseForm,
    IntakeCloseForm,
    IntakeForm,
    IntakePoliceDirectForm,
    NoteForm,
    PersonForm,
    ReopenForm,
)
from sexto.interventions.permissions import case_may
from sexto.interventions.selectors.around import intake_duty_case_get, youth_protection_mine
from sexto.interventions.selectors.transfer import transfers_awaiting
from sexto.interventions.services import around as around_services
from sexto.interventions.views.case_page import (
    case_action_require,
    case_page_context,
    case_page_redirect,
)
from sexto.interventions.views.sections import around_context


def _status(form: Any) -> int:
    return 422 if form.errors else 200


@login_required
def intake_new(request: HttpRequest) -> HttpResponse:
    """Any staff member reports what a student told them (two minutes, never images)."""
    schools = selectors.reporting_schools(user=request.user)
    if not schools:
        raise Http404
    form = IntakeForm(
        request.POST or None,
        schools=schools,
        reporter=request.user,
        initial={"told_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    # Said before the report is sent: where the kit cannot be used, the staff member learns it
    # now (call the police directly; their own DPJ duty holds), and may still send the report.
    kit_unusable = [
        (school, status)
        for school in schools
        if not (status := school_kit_status(school=school)).usable
    ]
    # The DPJ of each of the reporter's schools' regions, with its 24/7 number: the reminder of
    # their personal duty says whom to call.
    dpj_resources = {
        resource.key: resource
        for region in sorted({school.region for school in schools if school.region})
        for resource in support_resources_for(region=region)
        if resource.kind == "dpj"
    }
    if request.method == "POST" and form.is_valid():
        try:
            intake = services.intake_create(
                reporter=signed_in_user(request),
                school=form.cleaned_data["school"],
                told_at=form.cleaned_data["told_at"],
                told_by=form.cleaned_data["told_by"],
                account=form.cleaned_data["account"],
                students=form.cleaned_data["students"],
                circulation=form.cleaned_data["circulation"],
                heard_by=list(form.cleaned_data["heard_by"]),
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Report %(ref)s sent. The school's Sexto coordinators "
                    "and principal were alerted."
                )
                % {"ref": intake.reference},
            )
            return redirect("interventions:intakes_mine")
    return render(
        request,
        "interventions/intake_new.html",
        {"form": form, "kit_unusable": kit_unusable, "dpj_resources": list(dpj_resources.values())},
        status=_status(form),
    )


def _intakes_mine_page(
    request: HttpRequest, *, bound: tuple[Any, YouthProtectionForm] | None = None
) -> HttpResponse:
    """The "my reports" page: each report's reference and status and, where a case was opened
    from it, the person's own DPJ duty with its form (never the case's content). `bound` puts a
    refused form back as typed, under its intake."""
    duties = youth_protection_mine(user=request.user)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    rows = []
    for intake in selectors.intakes_known_to(user=request.user):
        duty = duties.get(intake.pk)
        form = None
        if duty is not None:
            form = (
                bound[1]
                if bound is not None and bound[0] == intake.pk
                else YouthProtectionForm(initial={"at": now}, prefix=f"yp-{intake.pk}")
            )
        rows.append((intake, duty, form))
    return render(
        request,
        "interventions/intakes_mine.html",
        {"rows": rows, "user_id": request.user.pk},
        status=422 if bound is not None else 200,
    )


@login_required
def intakes_mine(request: HttpRequest) -> HttpResponse:
    return _intakes_mine_page(request)


@login_required
@require_POST
def intake_youth_protection_record(request: HttpRequest, intake_id: UUID) -> HttpResponse:
    """A duty holder off the case's team (the reporter, staff who heard the facts) records their
    own DPJ report from their "my reports" page, without reading the case."""
    case = intake_duty_case_get(user=request.user, intake_id=intake_id)
    form = YouthProtectionForm(request.POST, prefix=f"yp-{intake_id}")
    if form.is_valid():
        try:
            around_services.youth_protection_record(
                actor=signed_in_user(request),
                case=case,
                kind=form.cleaned_data["kind"],
                at=form.cleaned_data["at"],
                reference=form.cleaned_data["reference"],
                why_not=form.cleaned_data["why_not"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Your youth protection entry is recorded."))
            response = redirect("interventions:intakes_mine")
            response["Location"] += f"#intake-{intake_id}"
            return response
    return _intakes_mine_page(request, bound=(intake_id, form))


@login_required
def intake_detail(request: HttpRequest, intake_id: UUID) -> HttpResponse:
    """Triage: open a case from the intake, or close it with a reason; where the kit cannot be
    used, record that the police were called directly."""
    intake = selectors.intake_get_for_triage(
        user=request.user, intake_id=intake_id, request=request
    )
    kit = school_kit_status(school=intake.school)
    open_form = CaseOpenForm(
        request.POST if "open" in request.POST else None, initial={"summary": intake.account}
    )
    close_form = IntakeCloseForm(request.POST if "close" in request.POST else None)
    police_form = IntakePoliceDirectForm(
        request.POST if "police_direct" in request.POST else None,
        serving_force=intake.school.territory.police_force,
    )
    if request.method == "POST" and "police_direct" in request.POST and police_form.is_valid():
        try:
            services.intake_police_direct_record(
                actor=signed_in_user(request),
                intake=intake,
                called_at=police_form.cleaned_data["called_at"],
                police_force=police_form.cleaned_data["police_force"],
                police_force_other=police_form.cleaned_data["police_force_other"],
                police_file_number=police_form.cleaned_data["police_file_number"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(police_form, error)
        else:
            messages.success(
                request,
                _("Report %(ref)s: the police called directly is recorded.")
                % {"ref": intake.reference},
            )
            return redirect("interventions:intake_detail", intake_id=intake.pk)
    if request.method == "POST" and "open" in request.POST and open_form.is_valid():
        try:
            case = services.case_open(
                actor=signed_in_user(request),
                school=intake.school,
                intake=intake,
                summary=open_form.cleaned_data["summary"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(open_form, error)
        else:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return redirect("interventions:case_detail", case_id=case.pk)
    if request.method == "POST" and "close" in request.POST and close_form.is_valid():
        try:
            services.intake_close(
                actor=signed_in_user(request),
                intake=intake,
                reason=close_form.cleaned_data["reason"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(close_form, error)
        else:
            messages.success(
                request, _("Report %(ref)s closed without a case.") % {"ref": intake.reference}
            )
            return redirect("interventions:worklist")
    return render(
        request,
        "interventions/intake_detail.html",
        {
            "intake": intake,
            "open_form": open_form,
            "close_form": close_form,
            "police_form": police_form,
            "kit": kit,
        },
        status=422 if open_form.errors or close_form.errors or police_form.errors else 200,
    )


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    # Simulations never appear in work lists: playing one does not open this page.
    memberships = request.user.case_memberships.filter(case__simulation=False)  # type: ignore[union-attr]
    if not selectors.user_may_triage(request.user) and not memberships.exists():
        raise Http404
    query = request.GET.get("q", "").strip()[:30]
    return render(
        request,
        "interventions/worklist.html",
        {
            "work": selectors.worklist_for(user=signed_in_user(request), query=query),
            "query": query,
            # Cases other boards propose to the user's schools (issue 18): decide first.
            "transfers_awaiting": transfers_awaiting(user=request.user),
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    # The read (or the refusal) and the matches shown are audited together, in one write.
    with audit_batch(request):
        access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
        context = case_page_context(request, access, around_later=True)
    return render(request, "interventions/case_detail.html", context)


@login_required
def case_around(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The people-around section alone: the fragment for htmx, or a page without JavaScript."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    context: dict[str, Any] = {
        "case": access.case,
        "role": access.role,
        "people": list(access.case.people.all()),
        "may_edit": case_may(role=access.role, action="edit"),
        **around_context(request, access),
    }
    template = "interventions/case/_around.html"
    if not getattr(request, "htmx", False):
        template = "interventions/case_around_page.html"
    return render(request, template, context)


@login_required
@require_POST
def case_step(request: HttpRequest, case_id: UUID, step_id: int) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "edit")
    step = get_object_or_404(access.case.steps, pk=step_id)
    try:
        version = int(request.POST.get("version", step.version))
        services.case_step_update(
            actor=signed_in_user(request),
            step=step,
            state=request.POST.get("state", ""),
            note=request.POST.get("note", ""),
            version=version,
            request=request,
        )
    except (DomainError, ValueError) as error:
        messages.error(request, str(error))
    return case_page_redirect(case_id, f"#step-{step.key}")


@login_required
@require_POST
def case_person_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "edit")
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            person = services.case_person_add(
                actor=signed_in_user(request),
                case=access.case,
                label=form.cleaned_data["label"],
                name=form.cleaned_data["name"],
                age=form.cleaned_data["age"],
                grade=form.cleaned_data["grade"],
                roles=form.cleaned_data["roles"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            others = selectors.case_people_elsewhere(
                access=access, people=[person], user=request.user, request=request
            )
            if others.get(person.pk):
                messages.warning(
                    request,
                    _(
                        "Another open case involves this student. Check "
                        "with the coordinators before going further."
                    ),
                )
            return case_page_redirect(case_id, "#people")
    context = case_page_context(request, access)
    context["person_form"] = form
    return render(request, "interventions/case_detail.html", context, status=422)


@login_required
@require_POST
def case_close(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "refer_close")
    form = CloseForm(request.POST)
    blockers = None
    if form.is_valid():
        try:
            services.case_close(
                actor=signed_in_user(request),
                case=access.case,
                outcome=form.cleaned_data["outcome"],
                version=form.cleaned_data["version"],
                request=request,
            )
        except CaseNotClosable as refused:
            form_add_domain_error(form, refused)
            blockers = refused.blockers
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The case is closed."))
            return case_page_redirect(case_id)
    context = case_page_context(request, access)
    context["close_form"] = form
    if blockers is not None:
        # The list as the refusal saw it, with the outcome as typed.
        context["closure_blockers"] = blockers
    return render(request, "interventions/case_detail.html", context, status=422)


@login_required
@require_POST
def case_reopen(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "refer_close")
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.case_reopen(
                actor=signed_in_user(request),
                case=access.case,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The case is reopened."))
    else:
        messages.error(request, _("Say why the case is reopened."))
    return case_page_redirect(case_id)


@login_required
@require_POST
def case_note_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Add a note to the chronology (coordinators, principal, invited professionals)."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "note")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.case_note_add(
                actor=signed_in_user(request),
                case=access.case,
                text=form.cleaned_data["text"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The note was added to the chronology."))
            return case_page_redirect(case_id, "#chronology")
    context = case_page_context(request, access)
    context["note_form"] = form
    return render(request, "interventions/case_detail.html", context, status=422)
