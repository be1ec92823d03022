"""Renewal of a badge (issue 17). From 60 days before a badge expires (and after it has), its
member may send a short refresher: a few reflective questions about what changed, reviewed by a
trainer through training's review flow like a first proof. Its approval issues a new award of the
same level (validity counted from the approval, signed as usual) that renews the old one; the old
one is not revoked: it stays valid until its own validUntil, and its verification page points to
the new one."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, PermissionRefused
from sexto.credentials.expiry import RENEWAL_WINDOW, award_in_renewal_window, award_valid_until
from sexto.credentials.links import credential_url
from sexto.credentials.models import Award
from sexto.credentials.selectors import revoked_at_of, suspended_at_of
from sexto.directory.types import Actor, Viewer
from sexto.training import selectors as training_selectors
from sexto.training import services as training_services
from sexto.training.models import ProofRound, Question, Submission


class RenewalNotOffered(PermissionRefused):
    """The badge cannot be renewed now: not yet in its window, never expires, revoked or
    suspended, already renewed."""

    code = "credentials_renewal_not_offered"


def award_renewed_by(award: Award) -> Award | None:
    """The award that renewed this one, or None."""
    try:
        return award.renewed_by
    except Award.DoesNotExist:
        return None


def credential_renewed_by(credential_id: object) -> Award | None:
    """The award that renewed the one a credential of ours names by its id
    (``{PUBLIC_BASE_URL}/credentials/<award>``), or None: any other id, or not renewed."""
    prefix = credential_url("")
    if not isinstance(credential_id, str) or not credential_id.startswith(prefix):
        return None
    try:
        award_id = UUID(credential_id.removeprefix(prefix))
    except ValueError:
        return None
    return Award.objects.filter(renews_id=award_id).first()


def award_current_for(*, user: Actor, level_id: UUID) -> Award | None:
    """The member's newest award of the level that no later award renewed (what a renewal
    renews), or None."""
    return (
        Award.objects.filter(recipient=user, level_id=level_id, renewed_by__isnull=True)
        .order_by("-issued_at")
        .first()
    )


@dataclass(frozen=True)
class RenewalState:
    """Where an award stands on renewal, for My badges and the renewal page."""

    offered: bool
    pending: Submission | None = None
    changes_requested: Submission | None = None
    renewed_by: Award | None = None
    opens_on: datetime.datetime | None = None


def renewal_state(*, award: Award, now: datetime.datetime | None = None) -> RenewalState:
    """May the member renew this award now; is a renewal waiting for review or sent back."""
    renewed_by = award_renewed_by(award)
    valid_until = award_valid_until(award)
    if (
        renewed_by is not None
        or valid_until is None
        or revoked_at_of(award) is not None
        or suspended_at_of(award) is not None
    ):
        return RenewalState(offered=False, renewed_by=renewed_by)
    current = award_current_for(user=award.recipient, level_id=award.level_id)
    if current is None or current.pk != award.pk:
        return RenewalState(offered=False)
    # The renewals sent for this award: those sent after it was issued and not approved (an
    # approved one issued the award that renewed it).
    renewals = [
        submission
        for submission in training_selectors.renewal_submissions(
            user=award.recipient, level=award.level
        )
        if submission.submitted_at >= award.issued_at
    ]
    latest = renewals[0] if renewals else None
    if latest is not None and latest.status == Submission.Status.SUBMITTED:
        return RenewalState(offered=False, pending=latest)
    in_window = award_in_renewal_window(award, now=now)
    return RenewalState(
        offered=in_window,
        changes_requested=(
            latest
            if latest is not None and latest.status == Submission.Status.CHANGES_REQUESTED
            else None
        ),
        opens_on=None if in_window else valid_until - RENEWAL_WINDOW,
    )


def award_get_for_renewal(*, user: Viewer, award_id: UUID) -> Award:
    """The member's own award, for its renewal page; Http404 for anyone else's."""
    award = (
        Award.objects.select_related("level__program", "recipient")
        .filter(pk=award_id, recipient_id=getattr(user, "pk", None))
        .first()
    )
    if award is None or not user.is_authenticated:
        raise Http404
    return award


def renewal_questions_of(award: Award) -> list[Question]:
    """The refresher's questions (the level's renewal questions, kept as data like a proof's)."""
    return training_selectors.level_questions(level=award.level, proof_round=ProofRound.RENEWAL)


def _refusal(award: Award, state: RenewalState) -> str:
    if state.renewed_by is not None:
        return _("This badge was already renewed: the new one is on your badges page.")
    if revoked_at_of(award) is not None:
        return _("A revoked badge cannot be renewed.")
    if suspended_at_of(award) is not None:
        return _("A suspended badge cannot be renewed until the issuer lifts the suspension.")
    if award_valid_until(award) is None:
        return _("This badge does not expire: there is nothing to renew.")
    if state.opens_on is not None:
        return _("You can renew this badge from %(date)s, 60 days before it expires.") % {
            "date": formats.date_format(timezone.localtime(state.opens_on).date(), "DATE_FORMAT")
        }
    return _("A newer badge of this level replaces this one: renew that one instead.")


def renewal_submit(
    *,
    user: Actor,
    award_id: UUID,
    answers: Mapping[str, str],
    evidence_consent: bool = False,
    request: HttpRequest | None = None,
    at: datetime.datetime | None = None,
) -> Submission:
    """Send the refresher that renews the member's badge, for review. Refused, with the reason,
    outside the renewal window, for a revoked or already renewed badge, while a renewal is under
    review, or when the member's territory no longer has an agreement (training's check)."""
    award = award_get_for_renewal(user=user, award_id=award_id)
    state = renewal_state(award=award, now=at)
    if state.pending is not None:
        raise Conflict(_("Your renewal is already with a reviewer: wait for their decision."))
    if not state.offered:
        raise RenewalNotOffered(_refusal(award, state))
    with transaction.atomic():
        submission = training_services.renewal_submit(
            user=user,
            level=award.level,
            answers=answers,
            evidence_consent=evidence_consent,
            request=request,
            at=at,
        )
        audit_record(
            actor=user,
            action="credentials.award.renewal_request",
            target=award,
            request=request,
            changes={"submission": str(submission.pk)},
        )
    return submission
