"""Training pages: programs, a level with its modules, the proof, reviews and the cohort report."""

from __future__ import annotations

import csv
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sexto.core.errors import DomainError
from sexto.core.forms import form_add_domain_error
from sexto.core.spreadsheet import csv_cell
from sexto.directory.selectors import signed_in_user
from sexto.training import selectors, services
from sexto.training.errors import ModulesUnread
from sexto.training.forms import ProofForm, ReviewForm
from sexto.training.models import Level, Submission


def _level_url(level: Level) -> str:
    return reverse("training:level_detail", args=[level.program.slug, level.slug])


def _simulations_url(level: Level) -> str | None:
    # The simulations' pages belong to their own module; link to them once they exist.
    if level.proof_kind != Level.ProofKind.SIMULATION:
        return None
    try:
        return reverse("training:simulation_list", args=[level.program.slug, level.slug])
    except NoReverseMatch:
        return None


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    """Every published program and its levels, with this learner's state on each."""
    programs = list(selectors.program_list_for(user=signed_in_user(request)))
    counts = {program.pk: selectors.levels_open_count(program) for program in programs}
    states = {
        level.pk: selectors.level_progress(user=signed_in_user(request), level=level)
        for program in programs
        for level in program.levels.all()
    }
    return render(
        request,
        "training/program_list.html",
        {"programs": programs, "states": states, "counts": counts},
    )


@login_required
def level_detail(request: HttpRequest, program_slug: str, level_slug: str) -> HttpResponse:
    """The level: description, who may submit (said before starting), modules, progress, proof."""
    level = selectors.level_get_for(
        user=signed_in_user(request), program_slug=program_slug, level_slug=level_slug
    )
    return render(
        request,
        "training/level_detail.html",
        {
            "level": level,
            "progress": selectors.level_progress(user=signed_in_user(request), level=level),
            "simulations_url": _simulations_url(level),
        },
    )


@login_required
@require_POST
def level_start(request: HttpRequest, program_slug: str, level_slug: str) -> HttpResponse:
    """Enrol and open the module to resume (the first one at the start)."""
    level = selectors.level_get_open_for(
        user=signed_in_user(request), program_slug=program_slug, level_slug=level_slug
    )
    services.enrolment_ensure(user=signed_in_user(request), level=level)
    progress = selectors.level_progress(user=signed_in_user(request), level=level)
    if progress.resume is not None:
        return redirect(
            "training:module_detail", program_slug, level_slug, progress.resume.position
        )
    return redirect(_level_url(level))


@login_required
def module_detail(
    request: HttpRequest, program_slug: str, level_slug: str, position: int
) -> HttpResponse:
    level = selectors.level_get_open_for(
        user=signed_in_user(request), program_slug=program_slug, level_slug=level_slug
    )
    module = selectors.module_get(level=level, position=position)
    progress = selectors.level_progress(user=signed_in_user(request), level=level)
    modules = [m for m, _read in progress.modules]
    index = modules.index(module)
    return render(
        request,
        "training/module_detail.html",
        {
            "level": level,
            "module": module,
            "progress": progress,
            "is_read": dict((m.pk, read) for m, read in progress.modules)[module.pk],
            "previous": modules[index - 1] if index > 0 else None,
            "next": modules[index + 1] if index + 1 < len(modules) else None,
            "number": index + 1,
        },
    )


@login_required
@require_POST
def module_read(
    request: HttpRequest, program_slug: str, level_slug: str, position: int
) -> HttpResponse:
    """Mark the module read, then go on to the next one (or back to the level)."""
    level = selectors.level_get_open_for(
        user=signed_in_user(request), program_slug=program_slug, level_slug=level_slug
    )
    module = selectors.module_get(level=level, position=position)
    services.module_mark_read(user=signed_in_user(request), module=module)
    following = level.modules.filter(position__gt=module.position).order_by("position").first()
    if following is not None:
        return redirect("training:module_detail", program_slug, level_slug, following.position)
    messages.success(request, _("All modules read. You can now write your proof."))
    return redirect(_level_url(level))


def _proof_form(request: HttpRequest, level: Level, progress: Any, data: Any = None) -> ProofForm:
    initial = progress.enrolment.draft_answers if progress.enrolment else {}
    editable = progress.may_submit
    return ProofForm(
        data,
        level=level,
        questions=progress.questions,
        initial=initial,
        autosave_url=(
            reverse("training:proof_autosave", args=[level.program.slug, level.slug])
            if editable
            else ""
        ),
    )


@login_required
def proof(request: HttpRequest, program_slug: str, level_slug: str) -> HttpResponse:
    """The proof: answers saved as a draft (button, or htmx as they type), then submitted."""
    level = selectors.level_get_open_for(
        user=signed_in_user(request), program_slug=program_slug, level_slug=level_slug
    )
    progress = selectors.level_progress(user=signed_in_user(request), level=level)
    form = _proof_form(request, level, progress, request.POST if request.method == "POST" else None)
    status = 200
    unread_refused = False
    if request.method == "POST" and form.is_valid():
        user = signed_in_user(request)
        try:
            if "submit" in request.POST:
                services.submission_submit(
                    user=user,
                    level=level,
                    answers=form.cleaned_data if progress.questions else None,
                    evidence_consent=bool(form.cleaned_data.get("evidence_consent")),
                    request=request,
                )
                messages.success(
                    request, _("Sent for review. You will receive an email when it is decided.")
                )
                return redirect(_level_url(level))
            services.draft_save(user=user, level=level, answers=form.cleaned_data)
            messages.success(request, _("Draft saved."))
            return redirect("training:proof", program_slug, level_slug)
        except ModulesUnread:
            # Listed above the form, each module a link (the answers stay as typed: a draft).
            unread_refused = True
            status = 422
            progress = selectors.level_progress(user=signed_in_user(request), level=level)
        except DomainError as error:
            form_add_domain_error(form, error)
            status = 422
            progress = selectors.level_progress(user=signed_in_user(request), level=level)
    return render(
        request,
        "training/proof.html",
        {
            "level": level,
            "progress": progress,
            "form": form,
            "simulations_url": _simulations_url(level),
            "unread_refused": unread_refused,
        },
        status=status,
    )


@login_required
@require_POST
def proof_autosave(request: HttpRequest, program_slug: str, level_slug: str) -> HttpResponse:
    """htmx: keep the draft as the learner types; answers a one-line status."""
    level = selectors.level_get_open_for(
        user=signed_in_user(request), program_slug=program_slug, level_slug=level_slug
    )
    answers = {
        q.field_name: request.POST.get(q.field_name, "")
        for q in selectors.level_questions(level=level)
    }
    try:
        enrolment = services.draft_save(user=signed_in_user(request), level=level, answers=answers)
    except DomainError as error:
        return render(request, "training/_autosave.html", {"error": str(error.message)})
    return render(request, "training/_autosave.html", {"saved_at": enrolment.draft_saved_at})


# --- review ------------------------------------------------------------------------------------


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/review_queue.html",
        {
            "queue": selectors.review_queue_for(user=signed_in_user(request)),
            "recent": selectors.reviews_recent_for(user=signed_in_user(request)),
        },
    )


@login_required
def review_detail(request: HttpRequest, submission_id: UUID) -> HttpResponse:
    """Read a submission (and the earlier ones), then approve or ask for changes."""
    submission = selectors.submission_get_for_review(
        user=signed_in_user(request), submission_id=submission_id
    )
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_review(
                reviewer=signed_in_user(request),
                submission=submission,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Decision recorded; %(name)s was emailed a link.")
                % {"name": submission.enrolment.user.display_name},
            )
            return redirect("training:review_queue")
    if form.errors:
        status = 422
    return render(
        request,
        "training/review_detail.html",
        {
            "submission": submission,
            "history": selectors.submission_history(submission=submission),
            "form": form,
            "decidable": submission.status == Submission.Status.SUBMITTED,
        },
        status=status,
    )


# --- cohort report -----------------------------------------------------------------------------

STATE_LABELS = {
    "enrolled": gettext_lazy("Enrolled, not started"),
    "in_progress": gettext_lazy("In progress"),
    "submitted": gettext_lazy("Awaiting review"),
    "changes_requested": gettext_lazy("Changes requested"),
    "approved": gettext_lazy("Approved"),
}


def _state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@login_required
def cohort(request: HttpRequest) -> HttpResponse:
    """Trainers: per organisation, how many learners are enrolled, in progress, submitted,
    approved on a level."""
    levels = list(selectors.cohort_levels_for(user=signed_in_user(request)))
    chosen = request.GET.get("level", "")
    level = next((lv for lv in levels if str(lv.pk) == chosen), None)
    if level is None:
        level = next((lv for lv in levels if lv.proof_kind != Level.ProofKind.NONE), None)
    rows = selectors.cohort_rows(user=signed_in_user(request), level=level) if level else []
    return render(
        request,
        "training/cohort.html",
        {
            "levels": levels,
            "level": level,
            "rows": [(row, _state_label(row.state)) for row in rows],
            "by_organisation": selectors.cohort_by_organisation(rows),
        },
    )


@login_required
def cohort_csv(request: HttpRequest, level_id: UUID) -> HttpResponse:
    """The cohort of a level as CSV, one learner a line; the export is audited."""
    levels = selectors.cohort_levels_for(user=signed_in_user(request))
    level = get_object_or_404(levels, pk=level_id)
    user = signed_in_user(request)
    rows = selectors.cohort_rows(user=user, level=level)
    services.cohort_export_record(actor=user, level=level, rows=len(rows), request=request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="cohort-{level.program.slug}-{level.slug}-{stamp}.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 accents correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Organisation"),
            _("School"),
            _("Learner"),
            _("Email"),
            _("Enrolled at"),
            _("Modules read"),
            _("State"),
            _("Submitted at"),
            _("Approved at"),
        ]
    )

    def moment(value: Any) -> str:
        return date_format(timezone.localtime(value), "Y-m-d H:i") if value else ""

    for row in rows:
        writer.writerow(
            [
                csv_cell(cell)
                for cell in (
                    row.organisation,
                    row.school,
                    row.name,
                    row.email,
                    moment(row.enrolled_at),
                    f"{row.modules_read}/{row.modules_total}",
                    _state_label(row.state),
                    moment(row.submitted_at),
                    moment(row.approved_at),
                )
            ]
        )
    return response
