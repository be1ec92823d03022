"""Privacy officers' retention pages: what will be destroyed when, and legal holds.

Only privacy officers, and only for their own file holder(s): everyone else gets 404. The pages
show case numbers, schools and dates — never case content.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.audit.retention import LegalHoldInvalid, legal_hold_lift, legal_hold_place
from sexto.core.errors import DomainError
from sexto.core.forms import form_add_domain_error
from sexto.directory.permissions import privacy_officer_holders
from sexto.directory.selectors import signed_in_user
from sexto.interventions.retention import (
    RULE_LABELS,
    retention_items,
    retention_target_find,
)
from sexto.privacy import selectors
from sexto.privacy.forms import LegalHoldLiftForm, LegalHoldPlaceForm


def _holders_or_404(request: HttpRequest) -> set[UUID]:
    holders = privacy_officer_holders(request.user)
    if not holders:
        raise Http404
    return holders


@login_required
def retention_report(request: HttpRequest) -> HttpResponse:
    """What retention will destroy and when (soonest first), what a hold keeps, what went."""
    holders = _holders_or_404(request)
    items = retention_items(holder_ids=holders)
    now = timezone.now()
    destroyed = [
        (record, RULE_LABELS.get(record.rule, record.rule))
        for record in selectors.destruction_records_for(holder_ids=holders)[:50]
    ]
    return render(
        request,
        "privacy/retention_report.html",
        {
            "items": items,
            "due": [i for i in items if i.due(now)],
            "held_count": sum(1 for i in items if i.held),
            "destroyed": destroyed,
            "now": now,
        },
    )


@login_required
def legal_holds(request: HttpRequest) -> HttpResponse:
    """Every hold on the officer's records, in force first."""
    holders = _holders_or_404(request)
    holds = selectors.legal_holds_for(holder_ids=holders)
    return render(request, "privacy/retention_holds.html", {"holds": holds})


@login_required
def legal_hold_new(request: HttpRequest) -> HttpResponse:
    """Place a hold on a case (by number) or an intake (by reference), with a reason."""
    holders = _holders_or_404(request)
    form = LegalHoldPlaceForm(
        request.POST or None, initial={"reference": request.GET.get("reference", "")[:32]}
    )
    if request.method == "POST" and form.is_valid():
        target = retention_target_find(reference=form.cleaned_data["reference"], holder_ids=holders)
        try:
            if target is None:
                raise LegalHoldInvalid(
                    _("No case or report of your organisation has this number."),
                    field="reference",
                )
            hold = legal_hold_place(
                actor=signed_in_user(request),
                target=(target.target_type, target.target_id),
                chain=target.chain,
                reference=target.reference,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(reference)s is held: retention will not destroy it until the hold is lifted.")
                % {"reference": hold.reference},
            )
            return redirect("privacy:legal_holds")
    return render(
        request,
        "privacy/retention_hold_form.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


@login_required
def legal_hold_release(request: HttpRequest, hold_id: UUID) -> HttpResponse:
    """Lift a hold in force, with a reason."""
    holders = _holders_or_404(request)
    hold = selectors.legal_hold_get_for(holder_ids=holders, hold_id=hold_id)
    form = LegalHoldLiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            legal_hold_lift(
                actor=signed_in_user(request),
                hold=hold,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The hold on %(reference)s is lifted: its retention period applies again.")
                % {"reference": hold.reference},
            )
            return redirect("privacy:legal_holds")
    return render(
        request,
        "privacy/retention_hold_lift.html",
        {"form": form, "hold": hold},
        status=422 if form.errors else 200,
    )
