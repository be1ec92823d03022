"""Every write of the kit: validated, in one transaction, audited (real cases), chronicled."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from sexto.core.counters import counter_next
from sexto.core.crypto import blind_index
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.directory.models import Membership, Organisation, School, User
from sexto.directory.permissions import schools_where
from sexto.directory.selectors import school_kit_status

# The module, not its names: tasks imports services.notifications, whose package loads this
# module, so whichever of the two is imported first, the other finds it in sys.modules.
from sexto.interventions import grid, tasks
from sexto.interventions.errors import (
    AgreementMissing,
    CaseNotClosable,
    IntakeInvalid,
)
from sexto.interventions.models import (
    Case,
    CaseMember,
    CasePerson,
    CaseStep,
    ChronologyEntry,
    Intake,
)
from sexto.interventions.procedure import plan_for
from sexto.interventions.selectors.cases import TRIAGE_ROLES
from sexto.interventions.selectors.closure import case_closure_blockers
from sexto.interventions.services.around import youth_protection_duty_start
from sexto.interventions.services.common import (
    audit_case,
    case_open_require,
    case_require,
    chronicle,
    save_versioned,
    texts_check,
)
from sexto.interventions.services.notifications import notify, school_team_users
from sexto.interventions.services.plan import case_plan_apply
from sexto.interventions.services.transfer import case_transfers_pending_withdraw

# An intake's reference: « déclaration » (FR), never « signalement », which in Quebec schools
# means a report to the DPJ. Intakes filed before keep their SIG- reference: both prefixes are
# found by every lookup (an exact or partial match on the reference), and they never collide
# since the prefix is part of the reference. The DEC counter starts at 1 for each holder.
INTAKE_PREFIX = "DEC"
INTAKE_PREFIX_BEFORE = "SIG"

# Alerts store their subject's msgid and translate it when shown: those already sent keep the
# old wording, which stays in the catalogue (with the new French) through these markers.
INTAKE_SUBJECTS_BEFORE = (
    gettext_noop("a new intake report awaits triage"),
    gettext_noop("an intake report is still waiting for triage"),
)


def number_next(*, holder_id: Any, kind: str, year: int) -> str:
    """The next number of the year for this holder (``SX-2026-00042``), from the shared gap-free
    counter: call it inside the transaction that stores the number."""
    return f"{kind}-{year}-{counter_next(scope_id=holder_id, kind=kind, year=year):05d}"


def intake_create(
    *,
    reporter: User,
    school: School,
    told_at: datetime.datetime,
    told_by: str,
    account: str,
    students: str = "",
    circulation: str = "",
    heard_by: Sequence[User] = (),
    request: HttpRequest | None = None,
) -> Intake:
    """File an intake report; the school's coordinators and principal are alerted at once.
    `heard_by`: other staff of the school who also heard the facts (each a DPJ duty holder)."""
    texts_check(
        {"told_by": told_by, "account": account, "students": students, "circulation": circulation}
    )
    if told_at > timezone.now() + datetime.timedelta(minutes=5):
        raise IntakeInvalid(_("This moment is in the future: when were you told?"), field="told_at")
    heard = intake_heard_by_check(school=school, reporter=reporter, users=heard_by)
    with transaction.atomic():
        intake = Intake.objects.create(
            school=school,
            reported_by=reporter,
            told_at=told_at,
            told_by=told_by,
            account=account,
            students=students,
            circulation=circulation,
            reference=number_next(
                holder_id=school.organisation_id,
                kind=INTAKE_PREFIX,
                year=timezone.localdate().year,
            ),
        )
        if heard:
            intake.heard_by.set(heard)
        audit_case(
            intake,
            actor=reporter,
            action="intake.create",
            request=request,
            changes={"heard_by": sorted(str(user.pk) for user in heard)} if heard else None,
        )
        team = school_team_users(school=school)
        url = reverse("interventions:intake_detail", args=[intake.pk])
        reference = intake.reference or ""
        transaction.on_commit(
            lambda: notify(
                users=team,
                kind="intake.new",
                url=url,
                reference=reference,
                subject=gettext_noop("a new report awaits triage"),
            )
        )
        # Not triaged within INTAKE_ESCALATION_MINUTES: the backup and the principal are alerted.
        intake_id = str(intake.pk)
        transaction.on_commit(lambda: tasks.intake_escalation_schedule(intake_id=intake_id))
    return intake


def intake_heard_by_check(*, school: School, reporter: User, users: Sequence[User]) -> list[User]:
    """The staff named as having also heard the facts: active members of the intake's school only
    (the reporter is a duty holder already and is left out); else IntakeInvalid on `heard_by`."""
    chosen = {user.pk: user for user in users if user.pk != reporter.pk}
    if not chosen:
        return []
    members = set(
        Membership.objects.current()
        .filter(school=school, user_id__in=list(chosen), user__is_active=True)
        .values_list("user_id", flat=True)
    )
    if set(chosen) - members:
        raise IntakeInvalid(
            _(
                "Choose only current staff members of this school among those who also heard "
                "the facts."
            ),
            field="heard_by",
        )
    return list(chosen.values())


def intake_close(
    *, actor: User, intake: Intake, reason: str, request: HttpRequest | None = None
) -> Intake:
    """Close an intake without a case (e.g. nothing sexual was described), with the reason."""
    if intake.status != Intake.Status.NEW:
        raise Conflict(_("This report was already triaged."))
    if not reason.strip():
        raise IntakeInvalid(_("Say why no case is opened."), field="reason")
    texts_check({"reason": reason})
    with transaction.atomic():
        intake.status = Intake.Status.CLOSED
        intake.closed_reason = reason
        intake.triaged_at = timezone.now()
        intake.triaged_by = actor
        intake.save(update_fields=["status", "closed_reason", "triaged_at", "triaged_by"])
        audit_case(intake, actor=actor, action="intake.close", request=request)
    return intake


def intake_police_direct_record(
    *,
    actor: User,
    intake: Intake,
    called_at: datetime.datetime | None,
    police_force: Organisation | None,
    police_force_other: str = "",
    police_file_number: str,
    request: HttpRequest | None = None,
) -> Intake:
    """Where the school's territory has no police–DPCP agreement in force (the kit cannot be
    used), record that the police were called directly — when, which force (the one serving the
    territory, or another named in words), their file number — instead of closing the intake
    without a case. Only the school's coordinators and principal; nothing is saved on bad input."""
    if intake.school_id not in schools_where(actor, TRIAGE_ROLES):
        raise PermissionRefused(
            _("Only the school's Sexto coordinators and principal triage its reports.")
        )
    if intake.status != Intake.Status.NEW:
        raise Conflict(_("This report was already triaged."))
    if school_kit_status(school=intake.school).usable:
        raise Conflict(
            _(
                "This school's police force has an agreement with the DPCP: open a case and "
                "refer it to the police from the case."
            )
        )
    if called_at is None:
        raise IntakeInvalid(_("Say when you called the police."), field="called_at")
    if called_at > timezone.now() + datetime.timedelta(minutes=5):
        raise IntakeInvalid(
            _("This moment is in the future: when did you call the police?"), field="called_at"
        )
    police_force_other = police_force_other.strip()
    if police_force is not None and police_force.kind != Organisation.Kind.POLICE_FORCE:
        raise IntakeInvalid(_("Choose a police force."), field="police_force")
    if police_force is None and not police_force_other:
        raise IntakeInvalid(
            _("Say which police force you called: its name, as it told you."),
            field="police_force_other",
        )
    police_file_number = police_file_number.strip()
    if not police_file_number:
        raise IntakeInvalid(
            _(
                "Enter the file number the police gave you. If you did not get one, call them "
                "back and ask for it."
            ),
            field="police_file_number",
        )
    texts_check(
        {"police_force_other": police_force_other, "police_file_number": police_file_number}
    )
    with transaction.atomic():
        intake.status = Intake.Status.POLICE_DIRECT
        intake.police_called_at = called_at
        intake.police_force = police_force
        intake.police_force_other = "" if police_force is not None else police_force_other
        intake.police_file_number = police_file_number
        intake.triaged_at = timezone.now()
        intake.triaged_by = actor
        intake.save(
            update_fields=[
                "status",
                "police_called_at",
                "police_force",
                "police_force_other",
                "police_file_number",
                "triaged_at",
                "triaged_by",
            ]
        )
        audit_case(
            intake,
            actor=actor,
            action="intake.police_direct",
            request=request,
            changes={
                "police_force": str(police_force.pk) if police_force else police_force_other,
                "police_file_number": police_file_number,
            },
        )
    return intake


def case_open(
    *,
    actor: User,
    school: School,
    summary: str,
    intake: Intake | None = None,
    simulation: bool = False,
    request: HttpRequest | None = None,
) -> Case:
    """Open a Sexto case (from an intake or directly). Refused where the territory has no
    agreement in force; simulations take no number and notify no one."""
    if not simulation:
        status = school_kit_status(school=school)
        if not status.usable:
            raise AgreementMissing(status.reason)
    texts_check({"summary": summary}, DomainError)
    if intake is not None and intake.status != Intake.Status.NEW:
        raise Conflict(_("This report was already triaged."))
    now = timezone.now()
    with transaction.atomic():
        case = Case(
            school=school,
            holder_id=school.organisation_id,
            intake=intake,
            opened_by=actor,
            lead=actor,
            summary=summary,
            simulation=simulation,
        )
        if not simulation:
            case.number = number_next(
                holder_id=school.organisation_id, kind="SX", year=timezone.localdate().year
            )
        case.save(force_insert=True)
        # The route is not known before the grid: the kit's order and deadlines, counted from
        # when the school was told; saving the grid re-plans (services/plan.py).
        start = intake.told_at if intake is not None else now
        CaseStep.objects.bulk_create(
            [
                CaseStep(case=case, key=step.key, position=step.position, due_at=step.due_at)
                for step in plan_for(route="", clock_start=start)
            ]
        )
        if simulation:
            CaseMember.objects.create(case=case, user=actor, kind=CaseMember.Kind.LEARNER)
        if intake is not None:
            intake.status = Intake.Status.OPENED
            intake.triaged_at = now
            intake.triaged_by = actor
            intake.save(update_fields=["status", "triaged_at", "triaged_by"])
        chronicle(case, actor=actor, kind="case.open")
        audit_case(case, actor=actor, action="case.open", request=request)
    return case


def case_step_update(
    *,
    actor: User,
    step: CaseStep,
    state: str,
    note: str = "",
    version: int | None = None,
    request: HttpRequest | None = None,
) -> CaseStep:
    """Mark a step done or not applicable (which needs a reason), or back to do."""
    case_require(user=actor, case=step.case, action="edit")
    case_open_require(step.case)
    if state not in CaseStep.State.values:
        raise DomainError(_("Unknown step state."), field="state")
    if state == CaseStep.State.NOT_APPLICABLE and not note.strip():
        raise DomainError(_("Say why this step does not apply."), field="note")
    texts_check({"note": note}, DomainError)
    with transaction.atomic():
        step.state = state
        step.note = note
        done = state != CaseStep.State.PENDING
        step.done_by = actor if done else None
        step.done_at = timezone.now() if done else None
        save_versioned(step, version=version, fields=["state", "note", "done_by", "done_at"])
        chronicle(
            step.case,
            actor=actor,
            kind=f"step.{state}",
            text=step.key,  # named in the reader's language (interventions/chronology.py)
        )
        audit_case(
            step.case,
            actor=actor,
            action="case.step",
            request=request,
            changes={"step": step.key, "state": state},
        )
    return step


ROUTE_ORDER = {route: index for index, route in enumerate(grid.ROUTES)}


def case_grid_save(
    *,
    actor: User,
    case: Case,
    answers: dict[str, Any],
    decided_route: str = "",
    justification: str = "",
    version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Store the grid's answers and result (with the rules' version) on the case, and re-plan
    its steps from the route (services/plan.py). A decision other than the grid's route needs a
    justification, recorded. A closed case is refused: reopen it first."""
    case_require(user=actor, case=case, action="edit")
    case_open_require(case)
    result = grid.evaluate(answers)
    if decided_route and decided_route not in grid.ROUTES:
        raise DomainError(_("Unknown route."), field="decided_route")
    if decided_route == result["route"]:
        decided_route = ""
    if decided_route and not justification.strip():
        raise DomainError(
            _("You chose another route than the grid's: say why."), field="justification"
        )
    texts_check({"justification": justification}, DomainError)
    previous_youth_protection = case.youth_protection
    with transaction.atomic():
        case.grid_answers = json.dumps(answers, ensure_ascii=False)
        case.grid_result = json.dumps(result, ensure_ascii=False)
        case.grid_rules_version = result["rules_version"]
        case.grid_evaluated_at = timezone.now()
        case.route = result["route"]
        case.nature = result["nature"]
        case.youth_protection = result["youth_protection"]
        case.decided_route = decided_route
        case.decision_justification = justification if decided_route else ""
        save_versioned(
            case,
            version=version,
            fields=[
                "grid_answers",
                "grid_result",
                "grid_rules_version",
                "grid_evaluated_at",
                "route",
                "nature",
                "youth_protection",
                "decided_route",
                "decision_justification",
            ],
        )
        CaseStep.objects.filter(
            case=case, key="evaluate_grid", state=CaseStep.State.PENDING
        ).update(state=CaseStep.State.DONE, done_by=actor, done_at=timezone.now())
        case_plan_apply(actor=actor, case=case, request=request)
        chronicle(
            case,
            actor=actor,
            kind="case.grid",
            text=f"{result['route']} / {result['nature']}"
            + (f" → {decided_route}" if decided_route else ""),
        )
        audit_case(
            case,
            actor=actor,
            action="case.grid",
            request=request,
            changes={"route": result["route"], "decided_route": decided_route},
        )
        youth_protection_duty_start(case=case, previous_level=previous_youth_protection)
    return case


def case_person_add(
    *,
    actor: User,
    case: Case,
    label: str,
    name: str,
    age: int | None = None,
    grade: str = "",
    roles: list[str] | None = None,
    school: School | None = None,
    request: HttpRequest | None = None,
) -> CasePerson:
    """Add a student involved; the name is encrypted and matched by a keyed blind index."""
    case_require(user=actor, case=case, action="edit")
    case_open_require(case)
    if not name.strip():
        raise DomainError(_("Enter the person's name."), field="name")
    unknown = set(roles or []) - set(grid.ROLES)
    if unknown:
        raise DomainError(_("Unknown role."), field="roles")
    texts_check({"name": name, "grade": grade}, DomainError)
    if CasePerson.objects.filter(case=case, label=label).exists():
        raise DomainError(_("Another person on this case already has this label."), field="label")
    with transaction.atomic():
        person = CasePerson.objects.create(
            case=case,
            label=label,
            name=name.strip(),
            name_index=blind_index(name, purpose="student"),
            age=age,
            grade=grade,
            roles=list(roles or []),
            school=school or case.school,
        )
        chronicle(case, actor=actor, kind="person.add", text=label)
        audit_case(
            case, actor=actor, action="case.person_add", request=request, changes={"label": label}
        )
    return person


def case_close(
    *,
    actor: User,
    case: Case,
    outcome: str,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Close the case once nothing is missing (selectors.closure): every mandatory step done or
    justified, the meetings the DPCP ordered held or why not, each young person's parents
    informed or why not, each DPJ duty holder acted, the outcome described. Otherwise
    CaseNotClosable lists every missing item, and nothing is saved."""
    case_require(user=actor, case=case, action="refer_close")
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("This case is already closed."))
    blockers = case_closure_blockers(case, outcome=outcome)
    if blockers:
        raise CaseNotClosable(
            ngettext(
                "This case cannot be closed yet: %(count)d item is missing (see “Before closing”).",
                "This case cannot be closed yet: %(count)d items are missing (see “Before "
                "closing”).",
                len(blockers),
            )
            % {"count": len(blockers)},
            blockers=blockers,
        )
    texts_check({"outcome": outcome}, DomainError)
    with transaction.atomic():
        case.status = Case.Status.CLOSED
        case.closed_at = timezone.now()
        case.outcome = outcome
        save_versioned(case, version=version, fields=["status", "closed_at", "outcome"])
        chronicle(case, actor=actor, kind="case.close")
        audit_case(case, actor=actor, action="case.close", request=request)
        case_transfers_pending_withdraw(actor=actor, case=case, request=request)
    return case


def case_reopen(
    *, actor: User, case: Case, reason: str, request: HttpRequest | None = None
) -> Case:
    """Reopen a closed case (coordinator or principal), audited with the reason."""
    case_require(user=actor, case=case, action="refer_close")
    if case.status != Case.Status.CLOSED:
        raise Conflict(_("This case is not closed."))
    if not reason.strip():
        raise DomainError(_("Say why the case is reopened."), field="reason")
    with transaction.atomic():
        case.status = Case.Status.OPEN
        case.closed_at = None
        save_versioned(case, version=None, fields=["status", "closed_at"])
        chronicle(case, actor=actor, kind="case.reopen", text=reason)
        audit_case(
            case, actor=actor, action="case.reopen", request=request, changes={"reason": reason}
        )
    return case


def case_note_add(
    *, actor: User, case: Case, text: str, request: HttpRequest | None = None
) -> ChronologyEntry:
    """A team member's note in the case's chronology (invited professionals included)."""
    case_require(user=actor, case=case, action="note")
    case_open_require(case)
    if not text.strip():
        raise DomainError(_("Write the note first."), field="text")
    texts_check({"text": text}, DomainError)
    with transaction.atomic():
        entry = ChronologyEntry.objects.create(case=case, actor=actor, kind="note", text=text)
        audit_case(case, actor=actor, action="case.note", request=request)
    return entry
