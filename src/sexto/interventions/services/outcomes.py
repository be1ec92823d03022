"""The police and DPCP outcome of a referral: which outcome its state allows, and the follow-up
steps each outcome adds to the case (services/referrals.py records and corrects it)."""

from __future__ import annotations

import datetime

from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.core.errors import Conflict, DomainError
from sexto.directory.models import User
from sexto.interventions.models import (
    Case,
    CaseStep,
    Referral,
)
from sexto.interventions.outcomes import (
    RECORDABLE,
    follow_up_due,
    follow_ups_of,
    outcomes_allowed,
)
from sexto.interventions.permissions import COORDINATOR, LEARNER, POLICE, PRINCIPAL
from sexto.interventions.services.common import (
    save_versioned,
    texts_check,
)

# Who may export the referral packet: the school's team and the police, not invited professionals.
PACKET_ROLES = frozenset({COORDINATOR, PRINCIPAL, POLICE, LEARNER})
_FUTURE_SLACK = datetime.timedelta(minutes=5)


def outcome_label(outcome: str) -> str:
    return str(Referral.Determination(outcome).label)


def outcome_check(*, outcome: str, other_text: str, note: str) -> None:
    """A known outcome; "other" says what it is."""
    if outcome not in RECORDABLE:
        raise DomainError(
            _("Choose the outcome the police and the DPCP reached."), field="determination"
        )
    if outcome == Referral.Determination.OTHER and not other_text:
        raise DomainError(
            _("Say what the other outcome is: the school follows it up from what you write."),
            field="other_text",
        )
    texts_check({"other_text": other_text, "note": note}, DomainError)


def outcome_refusal(referral: Referral, outcome: str) -> Conflict | None:
    """Why the referral's state does not allow this outcome now, or None."""
    case = referral.case
    if case.status != Case.Status.OPEN:
        return Conflict(
            _(
                "This case is closed: ask the school's coordinator to reopen it, then record the "
                "outcome."
            )
        )
    if referral.acknowledged_at is None:
        return Conflict(_("Acknowledge the referral first: an outcome follows its receipt."))
    current = referral.determination
    if outcome in outcomes_allowed(current):
        return None
    if current == Referral.Determination.MALICIOUS:
        return Conflict(
            _(
                "A criminal investigation is under way: it ends with charges laid, extrajudicial "
                'measures or sanctions, or no further action. To replace "%(value)s" by '
                "another outcome, correct it and say why."
            )
            % {"value": outcome_label(current)}
        )
    return Conflict(
        _(
            "The outcome recorded on this referral is final: %(value)s. If it is wrong, correct "
            "it and say why."
        )
        % {"value": outcome_label(current)}
    )


def follow_ups_add(*, case: Case, outcome: str, start: datetime.datetime) -> None:
    """The outcome's follow-up steps join the case's steps, after the existing ones; a follow-up
    set aside by an earlier correction is to do again."""
    definitions = follow_ups_of(outcome)
    existing = {
        step.key: step
        for step in CaseStep.objects.filter(case=case, key__in=[d.key for d in definitions])
    }
    position = case.steps.aggregate(last=Max("position"))["last"] or 0
    for definition in definitions:
        step = existing.get(definition.key)
        if step is None:
            position += 1
            CaseStep.objects.create(
                case=case,
                key=definition.key,
                position=position,
                due_at=follow_up_due(definition, start),
            )
        elif step.state == CaseStep.State.NOT_APPLICABLE:
            CaseStep.objects.filter(pk=step.pk).update(
                state=CaseStep.State.PENDING,
                due_at=follow_up_due(definition, start),
                note="",
                done_by=None,
                done_at=None,
                version=F("version") + 1,
            )


def follow_ups_set_aside(*, case: Case, replaced: str, by: str, actor: User, reason: str) -> None:
    """The replaced outcome's follow-ups still to do no longer apply (said why, never deleted)."""
    kept = {d.key for d in follow_ups_of(by)}
    keys = [d.key for d in follow_ups_of(replaced) if d.key not in kept]
    for step in CaseStep.objects.filter(case=case, key__in=keys, state=CaseStep.State.PENDING):
        step.state = CaseStep.State.NOT_APPLICABLE
        step.note = _("The police and DPCP outcome was corrected: %(reason)s") % {"reason": reason}
        step.done_by = actor
        step.done_at = timezone.now()
        save_versioned(step, version=None, fields=["state", "note", "done_by", "done_at"])


def outcome_store(
    *,
    referral: Referral,
    outcome: str,
    other_text: str,
    note: str | None,
    version: int | None,
    now: datetime.datetime,
) -> None:
    """Write the outcome on the referral and the case (in the caller's transaction)."""
    case = referral.case
    first = not referral.determination
    investigation = (Referral.Determination.MALICIOUS, *outcomes_allowed("malicious"))
    referral.determination = outcome
    referral.outcome_at = now
    if first or referral.determined_at is None:
        referral.determined_at = now
    referral.determination_other = other_text if outcome == Referral.Determination.OTHER else ""
    if note is not None:
        referral.determination_note = note
    if outcome == Referral.Determination.MALICIOUS:
        referral.investigation_opened_at = referral.investigation_opened_at or now
    elif outcome not in investigation:
        referral.investigation_opened_at = None
    save_versioned(
        referral,
        version=version,
        fields=[
            "determination",
            "determined_at",
            "outcome_at",
            "determination_other",
            "determination_note",
            "investigation_opened_at",
        ],
    )
    case.determination = outcome
    case.determined_at = referral.determined_at
    save_versioned(case, version=None, fields=["determination", "determined_at"])
