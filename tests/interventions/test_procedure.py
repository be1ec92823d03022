"""The kit's procedure: the end of the school day, and the plan that follows the grid's route."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from sexto.interventions.procedure import (
    PLAN_NOTES,
    PROCEDURE,
    PROPOSALS,
    STEPS_BY_KEY,
    is_possible_suspect,
    plan_for,
    school_day_end,
)


@pytest.fixture(autouse=True)
def english():
    """The plan's texts are lazy translations: read them in English, whatever a test before
    this one left active."""
    with translation.override("en"):
        yield


def _local(hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 12, 3, hour, minute))


def test_a_moment_during_the_school_day_is_due_by_its_end():
    assert school_day_end(_local(9, 30)) == _local(16)


def test_a_moment_after_school_is_still_due_the_same_day():
    end = school_day_end(_local(19, 5))
    assert end.date() == datetime.date(2026, 12, 3)
    assert timezone.localtime(end).time() == datetime.time(23, 59, 59)


@override_settings(SCHOOL_DAY_END=datetime.time(15, 30))
def test_the_end_of_the_school_day_is_configurable():
    assert school_day_end(_local(8)) == _local(15, 30)


# ---- The plan follows the route (procedure.plan_for) -----------------------------------------

TOLD = _local(9, 0)  # when the school was told
GRID = _local(10, 30)  # when the grid was saved


def _plan(route: str, youth_protection: str = "not_indicated") -> dict:
    return {
        step.key: step
        for step in plan_for(
            route=route, clock_start=TOLD, evaluated_at=GRID, youth_protection=youth_protection
        )
    }


def _order(route: str) -> list[str]:
    return [step.key for step in sorted(_plan(route).values(), key=lambda s: s.position)]


def _kit_deadline(key: str) -> datetime.datetime:
    return TOLD + STEPS_BY_KEY[key].due_after


def test_before_the_grid_the_plan_is_the_kits_order_and_deadlines():
    plan = plan_for(route="", clock_start=TOLD)
    assert [step.key for step in plan] == [step.key for step in PROCEDURE]
    assert [step.position for step in plan] == list(range(1, len(PROCEDURE) + 1))
    assert all(step.due_at == _kit_deadline(step.key) for step in plan)
    assert not any(step.proposal or step.plan_note for step in plan)


def test_police_immediately_puts_the_police_first_due_at_the_grids_time():
    plan = _plan("police_immediately")
    assert _order("police_immediately")[0] == "contact_police"
    assert _order("police_immediately")[1:] == [
        s.key for s in PROCEDURE if s.key != "contact_police"
    ]
    assert plan["contact_police"].due_at == GRID
    assert plan["contact_police"].plan_note == "police_at_once"
    # Telling a suspect's parents waits for the police, and the step says so.
    assert plan["inform_parents"].plan_note == "awaits_police_go_ahead"
    assert "go-ahead" in str(PLAN_NOTES["awaits_police_go_ahead"])
    assert plan["protect_victim"].due_at == _kit_deadline("protect_victim")
    assert not any(step.proposal for step in plan.values())


def test_sexto_procedure_contacts_the_police_the_same_day():
    plan = _plan("sexto_procedure")
    assert _order("sexto_procedure") == [step.key for step in PROCEDURE]
    assert plan["contact_police"].due_at == school_day_end(GRID) == _local(16)
    assert plan["contact_police"].plan_note == "police_same_day"
    for key in ("protect_victim", "secure_devices", "inform_parents", "educational_follow_up"):
        assert plan[key].due_at == _kit_deadline(key)
    assert not any(step.proposal for step in plan.values())


def test_school_follow_up_proposes_the_police_and_devices_as_not_applicable_last():
    plan = _plan("school_follow_up")
    assert _order("school_follow_up")[-2:] == ["secure_devices", "contact_police"]
    assert plan["contact_police"].proposal == "school_follow_up.police"
    assert plan["secure_devices"].proposal == "school_follow_up.devices"
    assert "school follow-up" in str(PROPOSALS["school_follow_up.police"])
    assert {key for key, step in plan.items() if step.proposal} == {
        "contact_police",
        "secure_devices",
    }
    # Proposed, never skipped: the steps keep a deadline like any other.
    assert plan["contact_police"].due_at == _kit_deadline("contact_police")


@pytest.mark.parametrize("route", ["police_immediately", "sexto_procedure", "school_follow_up"])
def test_a_required_dpj_report_is_due_without_delay_on_every_route(route):
    step = _plan(route, youth_protection="required")["youth_protection"]
    assert step.due_at == school_day_end(GRID)
    assert step.plan_note == "youth_protection_without_delay"
    assert "without delay" in str(PLAN_NOTES[step.plan_note])


def test_a_dpj_consultation_keeps_the_kits_deadline():
    step = _plan("sexto_procedure", youth_protection="consult")["youth_protection"]
    assert step.due_at == _kit_deadline("youth_protection")
    assert step.plan_note == ""


def test_the_same_day_after_school_is_still_the_same_day():
    late = _local(19, 0)
    (police,) = [
        step
        for step in plan_for(route="sexto_procedure", clock_start=TOLD, evaluated_at=late)
        if step.key == "contact_police"
    ]
    assert timezone.localtime(police.due_at) == timezone.localtime(school_day_end(late))
    assert timezone.localtime(police.due_at).date() == late.date()


@pytest.mark.parametrize(
    ("roles", "suspect"),
    [
        (["depicted", "producer", "sender"], False),  # a selfie sent by the young person
        (["recipient"], False),
        (["recipient", "possessor"], False),
        (["recipient", "distributor"], True),  # passed it on
        (["requester"], True),  # asked for it (sextortion)
        (["producer"], True),  # took it of someone else
        (["sender"], True),  # sent someone else's image
        (["depicted", "distributor"], True),
    ],
)
def test_who_may_be_a_suspect(roles, suspect):
    assert is_possible_suspect(roles) is suspect
