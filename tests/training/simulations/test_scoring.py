"""The score: 30 % route + 20 % nature + 50 % actions (Jaccard of the grid's mandatory actions and
the actions the steps marked done carry out), with every difference explained by the grid's own
reasons; the grid's answers are compared person by person (by fixed id) to explain, not scored.
Issue 16, item 11: each step stands for the action it really carries out, saving the grid earns
nothing by itself, and a takedown request is good practice in a sextortion."""

from __future__ import annotations

import copy

import pytest

from sexto.interventions import grid
from sexto.training.simulations.scenarios import (
    ADULT_AND_MINOR,
    IMPULSIVE_REDISTRIBUTION,
    SCENARIOS,
    SEXTORTION,
)
from sexto.training.simulations.scoring import (
    STEP_ACTIONS,
    Played,
    actions_from_steps,
    jaccard,
    score_compute,
)


def _play(scenario, answers=None, *, decided_route="", steps=None):
    return score_compute(
        scenario=scenario,
        played=Played(
            answers=answers if answers is not None else scenario.expected_answers,
            decided_route=decided_route,
            steps_done=frozenset(scenario.expected_steps if steps is None else steps),
        ),
        pass_mark=80,
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_all_correct_scores_100_with_nothing_to_explain(scenario):
    report = _play(scenario)
    assert report["score"] == 100.0 and report["passed"]
    assert report["grid"]["differences"] == []
    assert report["actions"]["missing"] == report["actions"]["extra"] == []
    assert report["reasons"]["differing"] == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_wrong_route_only_scores_70_and_fails(scenario):
    expected_route = scenario.expected_result["route"]
    other = next(r for r in grid.ROUTES if r != expected_route)
    report = _play(scenario, decided_route=other)
    assert report["score"] == 70.0
    assert report["route"]["ok"] is False and report["route"]["decided"] is True
    assert report["route"]["given"] == other
    # Explained with the grid's route reason (rule R…) in both languages.
    reason = report["route"]["expected_reasons"][0]
    assert reason["rule"].startswith("R") and reason["en"] and reason["fr"]
    # Under the pass mark (80): the route is the decision that matters most.
    assert report["passed"] is False


def test_a_known_wrong_set_scores_its_exact_figure():
    """Case 1: D's age 15 instead of 16 and the audience "one" instead of "few" (explained, not
    scored: the nature and the route stay right, 20 + 30); neither dissemination step marked but
    youth protection marked (6 shared actions of 8: 37.5) → 87.5."""
    answers = copy.deepcopy(IMPULSIVE_REDISTRIBUTION.expected_answers)
    answers["people"][3]["age"] = 15
    answers["distribution"]["audience"] = "one"
    steps = (
        IMPULSIVE_REDISTRIBUTION.expected_steps - {"stop_dissemination", "limit_dissemination"}
    ) | {"youth_protection"}
    report = _play(IMPULSIVE_REDISTRIBUTION, answers, steps=steps)
    assert (report["grid"]["equal"], report["grid"]["total"]) == (32, 34)
    assert report["grid"]["points"] == 0
    assert report["route"]["ok"] and report["nature"]["ok"]
    assert report["actions"]["missing"] == ["limit_dissemination"]
    assert report["actions"]["extra"] == ["consult_youth_protection"]
    assert report["actions"]["similarity"] == 0.75
    assert report["score"] == 87.5
    paths = [d["path"] for d in report["grid"]["differences"]]
    assert paths == ["people[D].age", "distribution.audience"]
    # The missing takedowns are explained by the grid's L2 reason (shared without consent).
    explanation = report["actions"]["explanations"]["limit_dissemination"]
    assert [r["rule"] for r in explanation["expected_reasons"]] == ["L2"]
    # The reasons that read differently are listed (L2 names the audience).
    assert "L2" in report["reasons"]["differing"]


def test_an_unknown_account_taken_for_an_adult_changes_the_youth_protection_action():
    """Case 2: B given age 30; still malicious (20) and the police now (30); the youth
    protection step now means a report instead of a consultation (5 of 7: 35.71) → 85.7."""
    answers = copy.deepcopy(SEXTORTION.expected_answers)
    answers["people"][1]["age"] = 30
    report = _play(SEXTORTION, answers)
    assert report["score"] == 85.7
    assert report["actions"]["missing"] == ["consult_youth_protection"]
    assert report["actions"]["extra"] == ["report_to_youth_protection"]
    differing = report["reasons"]["differing"]
    assert "L4" in differing and "Y1" in differing and "Y2" in differing


def test_a_wrong_nature_costs_its_20_points_with_the_grids_reason():
    """Case 1 with the photo taken for one seen by many (malicious, the police now by the grid)
    while the learner decides the Sexto procedure: the route is right (30), the nature not (0),
    the police step now stands for "call the police now" (6 of 8 actions: 37.5) → 67.5."""
    answers = copy.deepcopy(IMPULSIVE_REDISTRIBUTION.expected_answers)
    answers["distribution"]["audience"] = "many"
    report = _play(IMPULSIVE_REDISTRIBUTION, answers, decided_route="sexto_procedure")
    assert report["route"]["ok"] and not report["nature"]["ok"]
    assert (report["nature"]["expected"], report["nature"]["given"]) == ("impulsive", "malicious")
    assert report["nature"]["points"] == 0
    assert [r["rule"] for r in report["nature"]["given_reasons"]] == ["N2"]
    assert report["score"] == 67.5


# -- each step stands for the action it carries out ---------------------------------------------

STEP_STANDS_FOR = {
    "protect_victim": ["support_victim"],
    "stop_dissemination": ["limit_dissemination"],
    "secure_devices": ["secure_devices"],
    "evaluate_grid": [],
    "inform_parents": ["inform_parents"],
    "support_victim": ["refer_victim_services"],
    "limit_dissemination": ["limit_dissemination"],
    "educational_follow_up": ["educational_follow_up"],
}


@pytest.mark.parametrize(("step", "actions"), STEP_STANDS_FOR.items())
def test_each_step_stands_for_the_grids_action_it_carries_out(step, actions):
    chosen = actions_from_steps({step}, route="sexto_procedure", youth_protection="consult")
    assert chosen == actions


def test_the_police_and_youth_protection_steps_follow_the_learners_grid():
    assert actions_from_steps(
        {"contact_police"}, route="sexto_procedure", youth_protection="not_indicated"
    ) == ["inform_police_sexto"]
    assert actions_from_steps(
        {"contact_police"}, route="police_immediately", youth_protection="not_indicated"
    ) == ["call_police_now"]
    assert actions_from_steps(
        {"youth_protection"}, route="sexto_procedure", youth_protection="consult"
    ) == ["consult_youth_protection"]
    assert actions_from_steps(
        {"youth_protection"}, route="sexto_procedure", youth_protection="required"
    ) == ["report_to_youth_protection"]


def test_no_step_stands_for_do_not_view_or_share_nor_document():
    assert "do_not_view_or_share" not in STEP_ACTIONS.values()
    assert "document" not in STEP_ACTIONS.values()
    report = _play(IMPULSIVE_REDISTRIBUTION)
    assert "do_not_view_or_share" not in report["actions"]["expected"]
    assert report["actions"]["not_scored"] == ["do_not_view_or_share", "document"]


def test_an_unknown_step_of_another_plan_counts_for_nothing():
    # The plan follows the route (another helper's steps): scoring reads keys, not order.
    steps = set(IMPULSIVE_REDISTRIBUTION.expected_steps) | {"police_go_ahead"}
    assert _play(IMPULSIVE_REDISTRIBUTION, steps=steps)["score"] == 100.0


# -- saving the grid earns nothing by itself ----------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_saving_the_grid_alone_earns_nothing(scenario):
    """A grid saved describing nothing sexual (the grid's step then done by itself): the route
    and nature are wrong and no action was carried out → 0."""
    empty = {
        "schema": "sexto-grid/1",
        "people": [{"id": "A", "age": None, "roles": ["depicted"]}],
        "content": {"medium": "photo", "depiction": "none"},
    }
    report = _play(scenario, empty, steps={"evaluate_grid"})
    assert report["score"] == 0.0
    assert report["actions"]["given"] == [] and report["actions"]["points"] == 0
    assert report["grid"]["points"] == 0


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_the_grids_step_done_adds_nothing(scenario):
    without = _play(scenario, steps=set())
    with_grid_step = _play(scenario, steps={"evaluate_grid"})
    assert with_grid_step["score"] == without["score"] == 50.0
    assert with_grid_step["actions"]["given"] == []


# -- a takedown request is good practice in a sextortion ----------------------------------------


def test_a_takedown_request_in_a_sextortion_is_accepted_and_never_costs():
    steps = set(SEXTORTION.expected_steps) | {"limit_dissemination"}
    report = _play(SEXTORTION, steps=steps)
    assert report["score"] == 100.0
    assert report["actions"]["good_practice"] == ["limit_dissemination"]
    assert report["actions"]["extra"] == []
    # Asking the unknown account to stop sharing is the same action: accepted too.
    assert _play(SEXTORTION, steps=set(SEXTORTION.expected_steps) | {"stop_dissemination"})[
        "score"
    ] == (100.0)
    # Not done: not missed either.
    assert _play(SEXTORTION)["actions"]["missing"] == []


def test_a_takedown_request_in_a_sextortion_earns():
    short = set(SEXTORTION.expected_steps) - {"inform_parents"}
    without = _play(SEXTORTION, steps=short)
    with_takedown = _play(SEXTORTION, steps=short | {"limit_dissemination"})
    # 5 of 6 (41.67) → 6 of 7 (42.86).
    assert (without["score"], with_takedown["score"]) == (91.7, 92.9)


def test_a_takedown_elsewhere_follows_the_grid():
    # Case 3: the photo stays on the adult's phone; telling him to stop sharing could warn him
    # before the police act: not called for.
    report = _play(
        ADULT_AND_MINOR, steps=set(ADULT_AND_MINOR.expected_steps) | {"limit_dissemination"}
    )
    assert report["actions"]["extra"] == ["limit_dissemination"]
    assert report["score"] < 100.0


def test_people_are_compared_by_id_and_a_missing_one_counts_all_its_fields():
    answers = copy.deepcopy(IMPULSIVE_REDISTRIBUTION.expected_answers)
    del answers["people"][3]  # D forgotten
    report = _play(IMPULSIVE_REDISTRIBUTION, answers)
    assert (report["grid"]["equal"], report["grid"]["total"]) == (30, 34)
    assert report["grid"]["differences"][0] == {
        "path": "people[D]",
        "person": "D",
        "field": "",
        "kind": "missing",
        "expected": None,
        "given": None,
    }


def test_the_same_people_in_another_order_and_roles_in_another_order_are_equal():
    answers = copy.deepcopy(ADULT_AND_MINOR.expected_answers)
    answers["people"].reverse()
    answers["people"][0]["roles"].reverse()
    assert _play(ADULT_AND_MINOR, answers)["score"] == 100.0


def test_a_relabelled_person_is_not_the_same_person():
    answers = copy.deepcopy(ADULT_AND_MINOR.expected_answers)
    answers["people"][1]["id"] = "Z"
    report = _play(ADULT_AND_MINOR, answers)
    kinds = {(d["person"], d["kind"]) for d in report["grid"]["differences"]}
    assert kinds == {("B", "missing"), ("Z", "extra")}
    assert (report["grid"]["equal"], report["grid"]["total"]) == (22, 30)


def test_invalid_answers_are_refused_with_the_grids_own_errors():
    answers = copy.deepcopy(SEXTORTION.expected_answers)
    answers["people"][0]["age"] = 200
    with pytest.raises(grid.IncidentInvalid) as refused:
        _play(SEXTORTION, answers)
    assert refused.value.errors[0].path == "people[0].age"


def test_nothing_done_on_the_case_scores_only_the_decisions():
    report = _play(SEXTORTION, steps=set())
    assert report["actions"]["given"] == [] and report["actions"]["similarity"] == 0
    assert report["score"] == 50.0 and not report["passed"]


def test_jaccard():
    assert jaccard([], []) == 1.0
    assert jaccard(["a"], []) == 0.0
    assert jaccard(["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)
