"""The score: 50 % grid answers (person by person, by fixed id) + 20 % route + 30 % actions
(Jaccard), with every difference explained by the grid's own reasons."""

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
from sexto.training.simulations.scoring import Played, jaccard, score_compute


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
def test_wrong_route_only_scores_80(scenario):
    expected_route = scenario.expected_result["route"]
    other = next(r for r in grid.ROUTES if r != expected_route)
    report = _play(scenario, decided_route=other)
    assert report["score"] == 80.0
    assert report["route"]["ok"] is False and report["route"]["decided"] is True
    assert report["route"]["given"] == other
    # Explained with the grid's route reason (rule R…) in both languages.
    reason = report["route"]["expected_reasons"][0]
    assert reason["rule"].startswith("R") and reason["en"] and reason["fr"]
    # 80 is the pass mark: reached, so passed.
    assert report["passed"] is True


def test_a_known_wrong_set_scores_its_exact_figure():
    """Case 1: D's age 15 instead of 16 and the audience "one" instead of "few" (32 of 34 fields:
    47.06), the route still right (20), takedowns not marked but youth protection marked (8
    shared actions of 10: 24) → 91.1."""
    answers = copy.deepcopy(IMPULSIVE_REDISTRIBUTION.expected_answers)
    answers["people"][3]["age"] = 15
    answers["distribution"]["audience"] = "one"
    steps = (IMPULSIVE_REDISTRIBUTION.expected_steps - {"limit_dissemination"}) | {
        "youth_protection"
    }
    report = _play(IMPULSIVE_REDISTRIBUTION, answers, steps=steps)
    assert (report["grid"]["equal"], report["grid"]["total"]) == (32, 34)
    assert report["route"]["ok"]
    assert report["actions"]["missing"] == ["limit_dissemination"]
    assert report["actions"]["extra"] == ["consult_youth_protection"]
    assert report["actions"]["similarity"] == 0.8
    assert report["score"] == 91.1
    paths = [d["path"] for d in report["grid"]["differences"]]
    assert paths == ["people[D].age", "distribution.audience"]
    # The missing takedowns are explained by the grid's L2 reason (shared without consent).
    explanation = report["actions"]["explanations"]["limit_dissemination"]
    assert [r["rule"] for r in explanation["expected_reasons"]] == ["L2"]
    # The reasons that read differently are listed (L2 names the audience).
    assert "L2" in report["reasons"]["differing"]


def test_an_unknown_account_taken_for_an_adult_changes_the_youth_protection_action():
    """Case 2: B given age 30 (25 of 26 fields: 48.08); still the police now (20); the youth
    protection step now means a report instead of a consultation (7 of 9: 23.33) → 91.4."""
    answers = copy.deepcopy(SEXTORTION.expected_answers)
    answers["people"][1]["age"] = 30
    report = _play(SEXTORTION, answers)
    assert report["score"] == 91.4
    assert report["actions"]["missing"] == ["consult_youth_protection"]
    assert report["actions"]["extra"] == ["report_to_youth_protection"]
    differing = report["reasons"]["differing"]
    assert "L4" in differing and "Y1" in differing and "Y2" in differing


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


def test_nothing_done_on_the_case_scores_only_what_was_done():
    report = _play(SEXTORTION, steps=set())
    assert report["actions"]["given"] == [] and report["actions"]["similarity"] == 0
    assert report["score"] == 70.0 and not report["passed"]


def test_jaccard():
    assert jaccard([], []) == 1.0
    assert jaccard(["a"], []) == 0.0
    assert jaccard(["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)
