"""The kit's pages: intake, triage, work list, case page with its steps, grid and people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sexto.audit.services import audit_batch
from sexto.core.errors import DomainError
from sexto.core.forms import form_add_domain_error
from sexto.directory.selectors import school_kit_status, signed_in_user
from sexto.interventions import referral_selectors, selectors, services
from sexto.interventions.access import case_may
from sexto.interventions.forms import (
    CaseDecisionForm,
    CaseOpenForm,
    CloseForm,
    IntakeCloseForm,
    IntakeForm,
    NoteForm,
    PersonForm,
    ReopenForm,
)
from sexto.interventions.grid_forms import SECTIONS, grid_forms_build
from sexto.interventions.procedure import STEPS_BY_KEY


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
        initial={"told_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
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
    return render(request, "interventions/intake_new.html", {"form": form}, status=_status(form))


@login_required
def intakes_mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "interventions/intakes_mine.html",
        {"intakes": selectors.intakes_reported_by(user=request.user)},
    )


@login_required
def intake_detail(request: HttpRequest, intake_id: UUID) -> HttpResponse:
    """Triage: open a case from the intake, or close it with a reason."""
    intake = selectors.intake_get_for_triage(
        user=request.user, intake_id=intake_id, request=request
    )
    open_form = CaseOpenForm(
        request.POST if "open" in request.POST else None, initial={"summary": intake.account}
    )
    close_form = IntakeCloseForm(request.POST if "close" in request.POST else None)
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
                request, _("Intake %(ref)s closed without a case.") % {"ref": intake.reference}
            )
            return redirect("interventions:worklist")
    return render(
        request,
        "interventions/intake_detail.html",
        {
            "intake": intake,
            "open_form": open_form,
            "close_form": close_form,
            "kit": school_kit_status(school=intake.school),
        },
        status=422 if open_form.errors or close_form.errors else 200,
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
            "work": selectors.worklist_for(user=request.user, query=query),
            "query": query,
        },
    )


def case_page_context(
    request: HttpRequest, access: selectors.CaseAccess, *, around_later: bool = False
) -> dict[str, Any]:
    """Everything the case page shows. With `around_later`, the people-around section (the
    heaviest, at the bottom) is left to a second request that htmx makes once the page is shown;
    re-rendering after a refused form always includes it."""
    case = access.case
    answers, result = selectors.case_grid(case)
    steps = list(selectors.case_steps(case))
    people = list(case.people.all())
    chronology = selectors.case_chronology_page(case=case, page=request.GET.get("page"))
    context: dict[str, Any] = {
        "case": case,
        "role": access.role,
        "steps": steps,
        "people": people,
        "step_labels": STEPS_BY_KEY,
        "grid_result": result,
        "grid_answers": answers,
        "chronology": chronology,
        "now": timezone.now(),
        "may_edit": case_may(role=access.role, action="edit"),
        "may_close": case_may(role=access.role, action="refer_close"),
        "others": selectors.case_people_elsewhere(
            access=access, people=people, user=request.user, request=request
        ),
        "person_form": PersonForm(),
        "close_form": CloseForm(initial={"version": case.version}),
        "reopen_form": ReopenForm(),
        "note_form": NoteForm(),
        "may_note": case_may(role=access.role, action="note"),
    }
    may_manage_team = case_may(role=access.role, action="manage_team")
    context["team"] = selectors.case_team(case=case, with_candidates=may_manage_team)
    if may_manage_team:
        context["professional_candidates"] = selectors.professional_candidates(
            case=case, team=context["team"]
        )
    # Each area of the case page adds its own context (imported here: they import this module).
    from sexto.interventions.around_views import around_context
    from sexto.interventions.device_views import devices_context
    from sexto.interventions.grant_views import access_context

    if around_later:
        context["around_url"] = reverse("interventions:case_around", args=[case.pk])
    else:
        context.update(around_context(request, access))
    context.update(devices_context(request, access))
    context.update(access_context(request, access))
    referral = referral_selectors.case_referral(case)
    context["referral"] = referral  # the section shows this one (its force and people loaded)
    context["referral_delays"] = referral_selectors.case_delays(case, referral) if referral else []
    return context


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
    from sexto.interventions.around_views import around_context

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


def case_action_require(access: selectors.CaseAccess, action: str) -> None:
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
    access: selectors.CaseAccess,
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
def case_grid(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The grid form on the case: answers and result stored with the rules' version."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case = access.case
    if not case_may(role=access.role, action="edit"):
        raise Http404
    answers, _result = selectors.case_grid(case)
    if request.method == "POST":
        forms_ = grid_forms_build(request.POST, add_person="add_person" in request.POST)
        decision = CaseDecisionForm(request.POST)
        if "add_person" not in request.POST and forms_.evaluate() and decision.is_valid():
            try:
                services.case_grid_save(
                    actor=signed_in_user(request),
                    case=case,
                    answers=forms_.answers or {},
                    decided_route=decision.cleaned_data["decided_route"],
                    justification=decision.cleaned_data["justification"],
                    version=decision.cleaned_data["version"],
                    request=request,
                )
            except DomainError as error:
                form_add_domain_error(decision, error)
            else:
                messages.success(request, _("The grid was saved on the case."))
                return case_page_redirect(case.pk, "#grid")
    else:
        forms_ = grid_forms_build(initial=answers)
        decision = CaseDecisionForm(
            initial={
                "version": case.version,
                "decided_route": case.decided_route,
                "justification": case.decision_justification,
            }
        )
        if answers:
            forms_.evaluate_initial(answers)
    failed = request.method == "POST" and "add_person" not in request.POST
    return render(
        request,
        "interventions/case_grid.html",
        {
            "case": case,
            "grid": forms_,
            "sections": SECTIONS,
            "decision": decision,
            "grid_action": request.path,
            # A simulation's learner has no general /grid/ preview: theirs is scoped to the case.
            "grid_preview_action": reverse("interventions:case_grid_preview", args=[case.pk])
            if case.simulation
            else "",
        },
        status=422 if failed else 200,
    )


@login_required
@require_POST
def case_grid_preview(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """htmx: the grid's live result on a simulation case's grid page. `grid.evaluate` holds for
    a learner on the simulation case they play only, so the check takes the case."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    if not case_may(role=access.role, action="edit") or not rules.has_perm(
        "grid.evaluate", request.user, access.case
    ):
        raise Http404
    forms_ = grid_forms_build(request.POST)
    forms_.evaluate()
    return render(request, "interventions/grid/_result.html", {"grid": forms_, "preview": True})


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
    if form.is_valid():
        try:
            services.case_close(
                actor=signed_in_user(request),
                case=access.case,
                outcome=form.cleaned_data["outcome"],
                version=form.cleaned_data["version"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The case is closed."))
            return case_page_redirect(case_id)
    context = case_page_context(request, access)
    context["close_form"] = form
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
def case_professional_invite(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Put a professional of the school on the case's team."""
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    case_action_require(access, "manage_team")
    candidates = {str(u.pk): u for u in selectors.professional_candidates(case=access.case)}
    user = candidates.get(request.POST.get("user", ""))
    if user is None:
        messages.error(request, _("Choose a professional of this school who is not on the team."))
        return case_page_redirect(case_id, "#team")
    try:
        services.professional_invite(
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
