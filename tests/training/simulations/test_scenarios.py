"""The three fictional cases: their expected answers are valid grid incidents whose route, run
through `evaluate_incident` like any incident, is the one the case teaches."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from sexto.interventions import grid
from sexto.training.simulations.scenarios import (
    IMPULSIVE_REDISTRIBUTION,
    SCENARIOS,
    SEXTORTION,
    scenarios_for_level,
)
from sexto.training.simulations.scoring import actions_from_steps, actions_scored

EXPECTED_ROUTES = {
    "impulsive-redistribution": ("sexto_procedure", "impulsive", "not_indicated"),
    "sextortion-unknown-account": ("police_immediately", "malicious", "consult"),
    "adult-student-and-minor": ("police_immediately", "malicious", "required"),
}


def test_the_architecte_level_has_the_three_cases_in_order():
    keys = [s.key for s in scenarios_for_level(program_slug="sexto", level_slug="architecte")]
    assert keys == list(EXPECTED_ROUTES)
    assert scenarios_for_level(program_slug="sexto", level_slug="explorateur") == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_expected_answers_through_evaluate_incident_find_the_expected_route(scenario, tmp_path):
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(scenario.expected_answers), encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_incident", str(path), stdout=out)
    result = json.loads(out.getvalue())
    route, nature, youth = EXPECTED_ROUTES[scenario.key]
    assert (result["route"], result["nature"], result["youth_protection"]) == (route, nature, youth)
    assert result == scenario.expected_result


def test_all_three_cases_in_one_batch_keep_their_order(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([s.expected_answers for s in SCENARIOS]), encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_incident", str(path), stdout=out)
    routes = [r["route"] for r in json.loads(out.getvalue())]
    assert routes == [EXPECTED_ROUTES[s.key][0] for s in SCENARIOS]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_each_case_names_its_people_with_the_fixed_ids_of_its_grid(scenario):
    grid_ids = [p["id"] for p in scenario.expected_answers["people"]]
    assert scenario.person_ids == grid_ids
    assert len(set(grid_ids)) == len(grid_ids)
    # The grid form labels a new person with the next letter: A, B, C… as on the case.
    assert grid_ids == list("ABCDEFGH"[: len(grid_ids)])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_the_expected_steps_stand_for_exactly_the_expected_actions(scenario):
    result = scenario.expected_result
    chosen = actions_from_steps(
        scenario.expected_steps,
        route=result["route"],
        youth_protection=result["youth_protection"],
    )
    # Every action a step carries out (not "do not view or share" nor "document", no step).
    assert chosen == actions_scored(result["actions"])


def test_the_sextortion_accepts_a_takedown_request_as_good_practice():
    assert SEXTORTION.good_practice == frozenset({"limit_dissemination"})
    assert "limit_dissemination" not in SEXTORTION.expected_result["actions"]
    assert "Take It Down" in SEXTORTION.teaching.en and "Cybertip.ca" in SEXTORTION.teaching.en
    assert "Cyberaide.ca" in SEXTORTION.teaching.fr


def test_scenario_1_says_the_police_are_informed_the_same_day():
    teaching = IMPULSIVE_REDISTRIBUTION.teaching
    assert "the police are informed the same day under the agreement" in teaching.en
    assert "la police est informée le jour même" in teaching.fr
    assert "without urgency" not in teaching.en and "sans urgence" not in teaching.fr


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_every_text_of_a_case_exists_in_both_languages(scenario):
    texts = [scenario.title, scenario.situation, scenario.teaching]
    for person in scenario.people:
        texts += [person.description]
    for item in scenario.interview:
        texts += [item.question, item.answer]
    for text in texts:
        assert text.en.strip() and text.fr.strip() and text.en != text.fr
    # Names ("Liam (B)") may read the same in both languages, but never be empty.
    assert all(p.name.en and p.name.fr for p in scenario.people)
    assert all(i.who.en and i.who.fr for i in scenario.interview)
    assert len(scenario.interview) >= 4


def test_expected_answers_are_valid_incidents():
    for scenario in SCENARIOS:
        assert grid.validate(scenario.expected_answers) == []
