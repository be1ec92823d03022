"""The plan follows the route: re-planning the case's steps when the grid is saved, the police's
go-ahead that holds back telling a suspect's parents, and "call the police now" before the grid.

Each write is permission-checked, in one transaction, chronicled and audited (real cases)."""

from __future__ import annotations

import datetime
import json

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.core.errors import Conflict, DomainError
from sexto.directory.models import User
from sexto.interventions.models import Case, CasePerson, CaseStep
from sexto.interventions.procedure import POLICE_IMMEDIATELY, is_possible_suspect, plan_for
from sexto.interventions.services.common import (
    audit_case,
    case_require,
    chronicle,
    save_versioned,
    texts_check,
)

# A clock a few minutes ahead is not "the future".
_CLOCK_SLACK = datetime.timedelta(minutes=5)
GO_AHEAD_FROM_MAX = 200


def case_clock_start(case: Case) -> datetime.datetime:
    """When the school was told (the intake's time), or when the case was opened directly."""
    if case.intake_id and case.intake is not None:
        return case.intake.told_at
    return case.opened_at


def case_plan_apply(*, actor: User, case: Case, request: HttpRequest | None = None) -> list[str]:
    """Re-plan the case's steps from its route (the decided one wins over the grid's). Steps
    already done or not applicable keep their state, who and when; steps still to do get the
    plan's deadline and proposal. Every step takes the plan's order. Call it inside the
    transaction that saved the grid. Returns the keys of the steps whose plan changed."""
    route = case.effective_route
    plan = {
        planned.key: planned
        for planned in plan_for(
            route=route,
            clock_start=case_clock_start(case),
            evaluated_at=case.grid_evaluated_at,
            youth_protection=case.youth_protection,
        )
    }
    changed: list[str] = []
    for step in CaseStep.objects.select_for_update().filter(case=case):
        planned = plan.get(step.key)
        if planned is None:
            continue  # a step outside the kit's procedure (e.g. an outcome's follow-up) stays
        updates: dict[str, object] = {}
        if step.position != planned.position:
            updates["position"] = planned.position
        if step.state != CaseStep.State.DONE and step.plan_note != planned.plan_note:
            # Said even on a step marked not applicable: a route that now calls for it shows.
            updates["plan_note"] = planned.plan_note
        if step.state == CaseStep.State.PENDING:
            if step.due_at != planned.due_at:
                updates["due_at"] = planned.due_at
            if step.proposal != planned.proposal:
                updates["proposal"] = planned.proposal
        if not updates:
            continue
        CaseStep.objects.filter(pk=step.pk).update(**updates, version=F("version") + 1)
        if set(updates) - {"position"}:
            changed.append(step.key)
    chronicle(case, actor=actor, kind=f"case.plan.{route}")
    audit_case(
        case,
        actor=actor,
        action="case.plan",
        request=request,
        changes={"route": route, "steps": sorted(changed)},
    )
    return changed


def police_go_ahead_record(
    *,
    actor: User,
    case: Case,
    given_by: str,
    at: datetime.datetime,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Record that the police agreed that the parents of the young people who may be suspects
    can now be told (who gave the go-ahead, when)."""
    case_require(user=actor, case=case, action="edit")
    if case.status != Case.Status.OPEN:
        raise Conflict(_("This case is closed. Reopen it before adding to it."))
    given_by = given_by.strip()
    if not given_by:
        raise DomainError(
            _("Say which police officer gave the go-ahead (name, rank or badge number)."),
            field="given_by",
        )
    if len(given_by) > GO_AHEAD_FROM_MAX:
        raise DomainError(
            _("Keep the officer's name under %(max)d characters.") % {"max": GO_AHEAD_FROM_MAX},
            field="given_by",
        )
    if at > timezone.now() + _CLOCK_SLACK:
        raise DomainError(
            _("This moment is in the future: when did the police give their go-ahead?"),
            field="at",
        )
    texts_check({"given_by": given_by}, DomainError)
    with transaction.atomic():
        case.police_go_ahead_at = at
        case.police_go_ahead_from = given_by
        case.police_go_ahead_by = actor
        save_versioned(
            case,
            version=version,
            fields=["police_go_ahead_at", "police_go_ahead_from", "police_go_ahead_by"],
        )
        chronicle(case, actor=actor, kind="police.go_ahead", text=given_by)
        audit_case(
            case, actor=actor, action="case.police_go_ahead", request=request, changes={"at": at}
        )
    return case


def _grid_roles(case: Case) -> dict[str, list[str]]:
    """The roles the grid gave each person, by the person's id (a case person's label)."""
    if not case.grid_answers:
        return {}
    people = json.loads(case.grid_answers).get("people", [])
    return {str(p.get("id", "")): list(p.get("roles", [])) for p in people}


def parents_notice_hold_check(*, case: Case, person: CasePerson | None) -> None:
    """Refuse to tell the parents of a young person who may be a suspect, on the
    police_immediately route, until the police's go-ahead is recorded: telling them could warn
    the suspect. Their roles come from the case's people and the grid (by label)."""
    if person is None or case.effective_route != POLICE_IMMEDIATELY:
        return
    if case.police_go_ahead_at is not None:
        return
    roles = list(person.roles) + _grid_roles(case).get(person.label, [])
    if not is_possible_suspect(roles):
        return
    raise Conflict(
        _(
            "Wait for the police's go-ahead: %(label)s may be a suspect, and telling their "
            "parents now could warn them. Once the police agree, record their go-ahead on the "
            "police step, then record this."
        )
        % {"label": person.label},
        field="person",
    )


def police_contact_now(
    *,
    actor: User,
    case: Case,
    at: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> CaseStep:
    """Record, in one click, that the police were called now (an obviously urgent disclosure,
    before the grid is saved): the police step is done, with the time. The referral itself is
    made later, from its own form."""
    case_require(user=actor, case=case, action="edit")
    if case.status != Case.Status.OPEN:
        raise Conflict(_("This case is closed. Reopen it before adding to it."))
    step = CaseStep.objects.filter(case=case, key="contact_police").first()
    if step is None or step.state != CaseStep.State.PENDING:
        raise Conflict(
            _("The police step is already settled: see it in the steps of the kit."),
            field="contact_police",
        )
    moment = at or timezone.now()
    if moment > timezone.now() + _CLOCK_SLACK:
        raise DomainError(
            _("This moment is in the future: when were the police called?"), field="at"
        )
    with transaction.atomic():
        step.state = CaseStep.State.DONE
        step.done_by = actor
        step.done_at = moment
        step.note = _("Police called at once, before the grid was filled in.")
        save_versioned(step, version=None, fields=["state", "done_by", "done_at", "note"])
        if case.police_contacted_at is None:
            case.police_contacted_at = moment
            save_versioned(case, version=None, fields=["police_contacted_at"])
        chronicle(case, actor=actor, kind="police.called_now")
        audit_case(
            case,
            actor=actor,
            action="case.police_called_now",
            request=request,
            changes={"at": moment},
        )
    return step
