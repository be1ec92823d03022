"""The plan follows the route, through the services: saving the grid re-plans the case's steps
(keeping what was done), the police's go-ahead before telling a suspect's parents, and "call the
police now" before the grid."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.interventions import services
from sexto.interventions.models import Case, CaseStep, ChronologyEntry, ParentNotification
from sexto.interventions.procedure import PROCEDURE, STEPS_BY_KEY, school_day_end
from sexto.interventions.services import around
from sexto.interventions.services.plan import police_contact_now, police_go_ahead_record
from tests.grid_answers import grid_answers

pytestmark = pytest.mark.django_db


def _sextortion() -> dict[str, Any]:
    """B threatens to share A's image unless she sends more: police_immediately."""
    answers = grid_answers()
    answers["indicators"] = {"threats_or_extortion": True}
    return answers


def _kept_between_two() -> dict[str, Any]:
    """A suggestive selfie sent only to the one it was meant for: school_follow_up."""
    answers = grid_answers()
    answers["people"] = [
        {"id": "A", "age": 15, "roles": ["depicted", "producer", "sender"]},
        {"id": "B", "age": 15, "roles": ["recipient"]},
    ]
    answers["content"]["depiction"] = "suggestive"
    answers["distribution"] = {
        "stage": "to_intended_recipient",
        "redistribution_consent": "unknown",
        "audience": "none",
        "posted_online": False,
    }
    return answers


def _with_parent_involved() -> dict[str, Any]:
    """The impulsive redistribution, with a parent who failed to protect: a DPJ report."""
    answers = grid_answers()
    answers["indicators"] = {"parent_involved": True}
    return answers


def _save(case: Case, people: dict[str, Any], answers: dict[str, Any], **kwargs: Any) -> Case:
    services.case_grid_save(actor=people["coordinator"], case=case, answers=answers, **kwargs)
    case.refresh_from_db()
    return case


def _steps(case: Case) -> dict[str, CaseStep]:
    return {step.key: step for step in case.steps.all()}


def _order(case: Case) -> list[str]:
    return list(case.steps.order_by("position").values_list("key", flat=True))


def _told_at(case: Case) -> datetime.datetime:
    return case.intake.told_at


def test_police_immediately_puts_the_police_first_due_at_once(people, open_case):
    case = _save(open_case(), people, _sextortion())
    assert case.route == "police_immediately"
    steps = _steps(case)
    assert _order(case)[0] == "contact_police"
    assert steps["contact_police"].due_at == case.grid_evaluated_at
    assert steps["contact_police"].is_overdue(case.grid_evaluated_at + datetime.timedelta(1))
    assert steps["inform_parents"].plan_note == "awaits_police_go_ahead"
    assert steps["protect_victim"].due_at == _told_at(case) + datetime.timedelta(minutes=30)


def test_sexto_procedure_contacts_the_police_by_the_end_of_the_school_day(people, open_case):
    case = _save(open_case(), people, grid_answers())
    assert case.route == "sexto_procedure"
    steps = _steps(case)
    assert _order(case) == [step.key for step in PROCEDURE]
    assert steps["contact_police"].due_at == school_day_end(case.grid_evaluated_at)
    assert (
        steps["inform_parents"].due_at == _told_at(case) + STEPS_BY_KEY["inform_parents"].due_after
    )


def test_school_follow_up_proposes_police_and_devices_as_not_applicable(people, open_case):
    case = _save(open_case(), people, _kept_between_two())
    assert case.route == "school_follow_up"
    steps = _steps(case)
    assert _order(case)[-2:] == ["secure_devices", "contact_police"]
    assert steps["contact_police"].proposal == "school_follow_up.police"
    assert steps["secure_devices"].proposal == "school_follow_up.devices"
    # Proposed, not skipped: both stay to do until the coordinator confirms.
    assert steps["contact_police"].state == CaseStep.State.PENDING
    assert steps["secure_devices"].state == CaseStep.State.PENDING


def test_a_required_dpj_report_is_due_without_delay(people, open_case):
    case = _save(open_case(), people, _with_parent_involved())
    assert case.youth_protection == "required"
    step = _steps(case)["youth_protection"]
    assert step.due_at == school_day_end(case.grid_evaluated_at)
    assert step.plan_note == "youth_protection_without_delay"


def test_the_decided_route_wins_over_the_grids(people, open_case):
    case = _save(
        open_case(),
        people,
        grid_answers(),
        decided_route="police_immediately",
        justification="L'élève dit avoir reçu des menaces depuis l'évaluation.",
    )
    assert case.route == "sexto_procedure"
    assert _order(case)[0] == "contact_police"
    assert _steps(case)["contact_police"].due_at == case.grid_evaluated_at


def test_a_re_plan_keeps_what_was_done_and_re_plans_what_is_to_do(people, open_case):
    case = _save(open_case(), people, _kept_between_two())
    steps = _steps(case)
    services.case_step_update(
        actor=people["backup"], step=steps["protect_victim"], state="done", note="Rencontrée."
    )
    # The coordinator confirms the proposal for the devices, reason kept.
    services.case_step_update(
        actor=people["coordinator"],
        step=steps["secure_devices"],
        state="not_applicable",
        note="The route is school follow-up: no device needs to be kept for the police.",
    )
    before = _steps(case)

    # New facts: threats. The grid changes and the plan follows.
    case = _save(case, people, _sextortion())
    after = _steps(case)
    assert _order(case)[0] == "contact_police"
    assert after["contact_police"].proposal == ""
    assert after["contact_police"].due_at == case.grid_evaluated_at
    for key in ("protect_victim", "secure_devices", "evaluate_grid"):
        assert (after[key].state, after[key].done_by_id, after[key].done_at) == (
            before[key].state,
            before[key].done_by_id,
            before[key].done_at,
        )
    assert after["protect_victim"].done_by == people["backup"]
    # The confirmed proposal stays, with its reason.
    assert after["secure_devices"].state == CaseStep.State.NOT_APPLICABLE
    assert after["secure_devices"].note.startswith("The route is school follow-up")
    # A pending step's stale form is refused: its version moved.
    assert after["contact_police"].version > before["contact_police"].version


def test_a_re_plan_is_chronicled_through_a_label_and_audited(people, open_case):
    case = _save(open_case(), people, grid_answers())
    case = _save(case, people, _sextortion())
    kinds = list(
        ChronologyEntry.objects.filter(case=case, kind__startswith="case.plan.").values_list(
            "kind", flat=True
        )
    )
    assert sorted(kinds) == ["case.plan.police_immediately", "case.plan.sexto_procedure"]
    from sexto.interventions.labels import chronology_label

    assert "police" in str(chronology_label("case.plan.police_immediately")).lower()
    assert AuditEvent.objects.filter(action="case.plan", target_id=str(case.pk)).count() == 2


def test_a_grid_save_on_a_closed_case_is_refused_and_nothing_changes(people, open_case):
    case = _save(open_case(), people, _kept_between_two())
    for step in case.steps.all():
        services.case_step_update(
            actor=people["coordinator"], step=step, state="not_applicable", note="Sans objet."
        )
    services.case_close(actor=people["coordinator"], case=case, outcome="Suivi fait.")
    case.refresh_from_db()
    before = list(case.steps.order_by("pk").values_list("position", "due_at", "proposal"))
    with pytest.raises(Conflict, match=r"closed|fermé"):
        services.case_grid_save(actor=people["coordinator"], case=case, answers=_sextortion())
    case.refresh_from_db()
    assert case.route == "school_follow_up"
    assert list(case.steps.order_by("pk").values_list("position", "due_at", "proposal")) == before


# ---- The police's go-ahead before telling a suspect's parents ---------------------------------


def _sextortion_case(people: dict[str, Any], open_case: Any) -> tuple[Case, Any, Any]:
    case = open_case()
    victim = services.case_person_add(
        actor=people["coordinator"],
        case=case,
        label="A",
        name="Zoé Tremblay",
        roles=["depicted", "producer", "sender"],
    )
    suspect = services.case_person_add(
        actor=people["coordinator"],
        case=case,
        label="B",
        name="Noah Gagné",
        roles=["recipient", "distributor"],
    )
    return _save(case, people, _sextortion()), victim, suspect


def _tell_parents(case: Case, person: Any, people: dict[str, Any]) -> ParentNotification:
    return around.parent_notification_record(
        actor=people["coordinator"],
        case=case,
        person=person,
        guardian="Père de B",
        at=timezone.now() - datetime.timedelta(minutes=10),
        channel="phone",
        summary="Situation expliquée.",
    )


def test_a_suspects_parents_wait_for_the_polices_go_ahead(people, open_case, english):
    case, victim, suspect = _sextortion_case(people, open_case)
    with pytest.raises(DomainError, match="go-ahead") as error:
        _tell_parents(case, suspect, people)
    assert error.value.field == "person"
    assert "B" in str(error.value) and "Noah" not in str(error.value)
    assert not ParentNotification.objects.exists()
    # The victim's parents may be told; "not told, because the police asked to wait" is fine.
    _tell_parents(case, victim, people)
    around.parent_notification_record(
        actor=people["coordinator"],
        case=case,
        person=suspect,
        at=timezone.now(),
        channel="not_done",
        why_not="La police demande d'attendre.",
    )

    police_go_ahead_record(
        actor=people["coordinator"],
        case=case,
        given_by="Sgt Patrick Lavoie",
        at=timezone.now() - datetime.timedelta(minutes=5),
    )
    case.refresh_from_db()
    assert case.police_go_ahead_by == people["coordinator"]
    assert case.police_go_ahead_from == "Sgt Patrick Lavoie"
    assert _tell_parents(case, suspect, people).person == suspect
    assert ChronologyEntry.objects.filter(case=case, kind="police.go_ahead").exists()
    assert AuditEvent.objects.filter(action="case.police_go_ahead").exists()


def test_the_grids_roles_count_when_the_person_has_none_of_their_own(people, open_case):
    case = open_case()
    unlabelled = services.case_person_add(
        actor=people["coordinator"], case=case, label="B", name="Noah Gagné"
    )
    case = _save(case, people, _sextortion())  # the grid says B passed it on
    with pytest.raises(DomainError):
        _tell_parents(case, unlabelled, people)


def test_on_other_routes_the_parents_are_told_without_waiting(people, open_case):
    case = open_case()
    suspect = services.case_person_add(
        actor=people["coordinator"],
        case=case,
        label="B",
        name="Noah Gagné",
        roles=["recipient", "distributor"],
    )
    case = _save(case, people, grid_answers())
    assert _tell_parents(case, suspect, people).person == suspect


def test_the_go_ahead_needs_the_officer_and_a_past_moment(people, open_case):
    case, _victim, _suspect = _sextortion_case(people, open_case)
    with pytest.raises(DomainError) as error:
        police_go_ahead_record(
            actor=people["coordinator"], case=case, given_by="  ", at=timezone.now()
        )
    assert error.value.field == "given_by"
    with pytest.raises(DomainError) as error:
        police_go_ahead_record(
            actor=people["coordinator"],
            case=case,
            given_by="Sgt Lavoie",
            at=timezone.now() + datetime.timedelta(hours=2),
        )
    assert error.value.field == "at"
    professional = people["professional"]
    services.professional_invite(actor=people["principal"], case=case, user=professional)
    with pytest.raises(PermissionRefused):
        police_go_ahead_record(
            actor=professional, case=case, given_by="Sgt Lavoie", at=timezone.now()
        )
    case.refresh_from_db()
    assert case.police_go_ahead_at is None


# ---- "Call the police now", before the grid --------------------------------------------------


def test_calling_the_police_now_marks_the_police_step_done_with_the_time(people, open_case):
    case = open_case()
    step = police_contact_now(actor=people["coordinator"], case=case)
    case.refresh_from_db()
    assert step.state == CaseStep.State.DONE and step.done_by == people["coordinator"]
    assert case.police_contacted_at == step.done_at
    assert not case.referrals.exists()  # the referral form stays where it is
    assert ChronologyEntry.objects.filter(case=case, kind="police.called_now").exists()
    assert AuditEvent.objects.filter(action="case.police_called_now").exists()
    # The grid saved afterwards keeps the police step done.
    case = _save(case, people, _sextortion())
    assert _steps(case)["contact_police"].state == CaseStep.State.DONE
    with pytest.raises(Conflict):
        police_contact_now(actor=people["coordinator"], case=case)
