"""The renewal page of a member's badge (issue 17): the short refresher, sent for review."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sexto.core.errors import DomainError
from sexto.core.forms import form_add_domain_error
from sexto.credentials import renewal
from sexto.credentials.attestation import award_badge_name
from sexto.credentials.expiry import award_valid_until
from sexto.directory.selectors import signed_in_user
from sexto.training.forms import ProofForm


@login_required
@require_http_methods(["GET", "POST"])
def member_renew(request: HttpRequest, award_id: UUID) -> HttpResponse:
    """The refresher's questions; on sending, the renewal goes to a trainer's review queue."""
    user = signed_in_user(request)
    award = renewal.award_get_for_renewal(user=user, award_id=award_id)
    state = renewal.renewal_state(award=award)
    questions = renewal.renewal_questions_of(award)
    form = ProofForm(
        request.POST if request.method == "POST" else None,
        level=award.level,
        questions=questions,
        initial={
            item["field_name"]: item["answer"]
            for item in _answers_sent_back(state.changes_requested)
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            renewal.renewal_submit(
                user=user,
                award_id=award.pk,
                answers=form.cleaned_data,
                evidence_consent=bool(form.cleaned_data.get("evidence_consent")),
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
            state = renewal.renewal_state(award=award)
        else:
            messages.success(
                request, _("Sent for review. You will receive an email when it is decided.")
            )
            return redirect("credentials:member_badges")
    if form.errors:
        status = 422
    return render(
        request,
        "credentials/renewal.html",
        {
            "award": award,
            "badge_name": award_badge_name(award, (translation.get_language() or "fr")[:2]),
            "valid_until": award_valid_until(award),
            "state": state,
            "form": form,
            "has_questions": bool(questions),
        },
        status=status,
    )


def _answers_sent_back(submission: object) -> list[dict[str, str]]:
    """The answers of a renewal sent back for changes, to start from (field name, answer)."""
    answers = getattr(submission, "answers", None) or []
    return [
        {"field_name": f"renewal_answer_{item['position']}", "answer": str(item["answer"])}
        for item in answers
        if isinstance(item, dict) and "position" in item
    ]
