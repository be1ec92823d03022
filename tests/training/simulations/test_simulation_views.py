"""A simulation through the kit's real pages, by HTTP: a case in simulation mode that nobody else
sees (not in statistics, lists or the audit chain), scored from what the learner did there."""

from __future__ import annotations

import copy
import json

import pytest
from django.core import mail
from django.urls import resolve
from django.utils.html import escape

from sexto.audit.models import AuditEvent
from sexto.interventions.models import Case, CaseMember, CaseStep, Notification
from sexto.interventions.selectors import worklist_for
from sexto.training.simulation_models import SimulationAttempt
from sexto.training.simulations import selectors
from sexto.training.simulations.scenarios import IMPULSIVE_REDISTRIBUTION, SCENARIOS, SEXTORTION
from tests.factories import world_email
from tests.grid_answers import grid_form_data
from tests.training.simulations.conftest import LEARNER_EMAIL, signed_in

pytestmark = pytest.mark.django_db

LIST_URL = "/training/sexto/architecte/simulations/"


def _start(client, scenario) -> SimulationAttempt:
    response = client.post(f"{LIST_URL}{scenario.key}/start/")
    assert response.status_code == 302, response.content[:300]
    attempt = SimulationAttempt.objects.filter(scenario=scenario.key).latest("started_at")
    assert response["Location"] == f"/training/simulations/attempts/{attempt.pk}/"
    return attempt


def _play(client, attempt, answers, *, steps, decided_route="", justification="") -> None:
    case = Case.all_objects.get(pk=attempt.case_id)
    response = client.post(
        f"/cases/{case.pk}/grid/",
        grid_form_data(
            answers,
            version=case.version,
            decided_route=decided_route,
            justification=justification,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    for step in CaseStep.objects.filter(case=case).exclude(key="evaluate_grid"):
        state = "done" if step.key in steps else "not_applicable"
        response = client.post(
            f"/cases/{case.pk}/steps/{step.pk}/",
            {"state": state, "note": "Ne s'applique pas ici.", "version": step.version},
        )
        assert response.status_code == 302


def test_a_whole_simulation_leaves_no_trace_outside_the_learners_attempt(learner, staff_of_school):
    client = signed_in(LEARNER_EMAIL)
    audit_before = AuditEvent.objects.count()  # after sign-in, which is audited
    real_cases = Case.objects.count()

    page = client.get(LIST_URL)
    assert page.status_code == 200
    assert str(IMPULSIVE_REDISTRIBUTION.title.fr) in page.content.decode()
    attempt = _start(client, IMPULSIVE_REDISTRIBUTION)
    case = Case.all_objects.get(pk=attempt.case_id)
    assert case.simulation and case.number is None
    assert list(CaseMember.objects.filter(case=case).values_list("user__email", "kind")) == [
        (LEARNER_EMAIL, "learner")
    ]
    assert sorted(case.people.values_list("label", flat=True)) == ["A", "B", "C", "D"]

    panel = client.get(f"/training/simulations/attempts/{attempt.pk}/").content.decode()
    assert 'data-testid="simulation-banner"' in panel
    assert escape(IMPULSIVE_REDISTRIBUTION.interview[0].answer.fr) in panel
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/training/simulations/cases/{case.pk}/"' in case_page  # the kit's hook
    back = client.get(f"/training/simulations/cases/{case.pk}/")
    assert back["Location"] == f"/training/simulations/attempts/{attempt.pk}/"
    grid_page = client.get(f"/cases/{case.pk}/grid/").content.decode()
    assert f'hx-post="/cases/{case.pk}/grid/preview/"' in grid_page
    preview = client.post(
        f"/cases/{case.pk}/grid/preview/",
        grid_form_data(IMPULSIVE_REDISTRIBUTION.expected_answers, version=case.version),
    )
    assert preview.status_code == 200

    _play(
        client,
        attempt,
        IMPULSIVE_REDISTRIBUTION.expected_answers,
        steps=IMPULSIVE_REDISTRIBUTION.expected_steps,
    )
    finished = client.post(f"/training/simulations/attempts/{attempt.pk}/finish/")
    assert finished.status_code == 302
    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.passed
    result = client.get(f"/training/simulations/attempts/{attempt.pk}/").content.decode()
    assert 'data-testid="simulation-score"' in result and 'data-score="100.0"' in result

    # Not one audit event from the whole simulation (the sign-in before it is audited).
    assert AuditEvent.objects.count() == audit_before
    assert not AuditEvent.objects.filter(target_id=str(case.pk)).exists()
    # Never in statistics (the default manager), case lists or the worklist's overdue steps.
    assert Case.objects.count() == real_cases
    assert not Case.objects.filter(pk=case.pk).exists()
    for who in ("coordinator", "principal"):
        work = worklist_for(user=staff_of_school[who])
        assert case.pk not in {c.pk for c in work.cases}
        assert not any(s.case_id == case.pk for s in work.overdue)
    coordinator = signed_in(world_email("coordinator"))
    assert str(case.pk) not in coordinator.get("/cases/").content.decode()
    assert coordinator.get(f"/cases/{case.pk}/").status_code == 404
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_no_audit_event_at_all_during_a_simulation(learner):
    client = signed_in(LEARNER_EMAIL)
    before = AuditEvent.objects.count()
    attempt = _start(client, SEXTORTION)
    client.get(f"/training/simulations/attempts/{attempt.pk}/")
    client.get(f"/cases/{attempt.case_id}/")
    client.get(f"/cases/{attempt.case_id}/around/")
    _play(client, attempt, SEXTORTION.expected_answers, steps=SEXTORTION.expected_steps)
    client.post(f"/training/simulations/attempts/{attempt.pk}/finish/")
    assert AuditEvent.objects.count() == before


def test_wrong_route_only_scores_70_through_the_pages(learner):
    client = signed_in(LEARNER_EMAIL)
    attempt = _start(client, IMPULSIVE_REDISTRIBUTION)
    _play(
        client,
        attempt,
        IMPULSIVE_REDISTRIBUTION.expected_answers,
        steps=IMPULSIVE_REDISTRIBUTION.expected_steps,
        decided_route="police_immediately",
        justification="Par prudence.",
    )
    client.post(f"/training/simulations/attempts/{attempt.pk}/finish/")
    attempt.refresh_from_db()
    assert float(attempt.score) == 70.0  # the route is 30 points
    page = client.get(f"/training/simulations/attempts/{attempt.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert 'data-testid="route-explanation"' in text and 'data-rule="R2"' in text


def test_a_wrong_set_shows_its_figure_and_each_difference_with_its_reason(learner):
    client = signed_in(LEARNER_EMAIL)
    attempt = _start(client, IMPULSIVE_REDISTRIBUTION)
    answers = copy.deepcopy(IMPULSIVE_REDISTRIBUTION.expected_answers)
    answers["people"][3]["age"] = 15
    answers["distribution"]["audience"] = "one"
    steps = (
        IMPULSIVE_REDISTRIBUTION.expected_steps - {"stop_dissemination", "limit_dissemination"}
    ) | {"youth_protection"}
    _play(client, attempt, answers, steps=steps)
    client.post(f"/training/simulations/attempts/{attempt.pk}/finish/")
    attempt.refresh_from_db()
    # Route (30) and nature (20) right; 6 shared actions of 8 (37.5): the grid's answers are
    # explained, not scored.
    assert float(attempt.score) == 87.5
    text = client.get(f"/training/simulations/attempts/{attempt.pk}/").content.decode()
    assert 'data-testid="score-nature"' in text and 'data-testid="nature-explanation"' in text
    assert 'data-path="people[D].age"' in text and 'data-path="distribution.audience"' in text
    assert "Âge" in text  # the grid form's own label, in the learner's language
    assert 'data-action="limit_dissemination"' in text
    assert 'data-action="consult_youth_protection"' in text
    assert 'data-rule="L2"' in text


def test_bad_grid_input_on_a_simulation_gets_the_grids_own_errors_and_keeps_the_input(learner):
    client = signed_in(LEARNER_EMAIL)
    attempt = _start(client, SEXTORTION)
    case = Case.all_objects.get(pk=attempt.case_id)
    data = grid_form_data(SEXTORTION.expected_answers, version=case.version)
    data["people-0-age"] = "200"
    data["people-1-adult"] = "on"
    data["people-1-age"] = "30"
    response = client.post(f"/cases/{case.pk}/grid/", data)
    assert response.status_code == 422
    text = response.content.decode()
    assert 'value="200"' in text
    assert "Cochez ceci seulement si l" in text or "seulement" in text
    case.refresh_from_db()
    assert not case.grid_answers


def test_finishing_before_the_grid_is_filled_is_refused_clearly(learner):
    client = signed_in(LEARNER_EMAIL)
    attempt = _start(client, SEXTORTION)
    response = client.post(f"/training/simulations/attempts/{attempt.pk}/finish/")
    assert response.status_code == 422
    text = response.content.decode()
    # The reason, in the learner's language once the catalogs are merged (grid/grille).
    assert 'data-testid="finish-error"' in text and ("grid" in text or "grille" in text)
    attempt.refresh_from_db()
    assert attempt.finished_at is None


def test_an_attempt_is_scored_once_and_every_attempt_is_kept(learner):
    client = signed_in(LEARNER_EMAIL)
    first = _start(client, SEXTORTION)
    _play(client, first, SEXTORTION.expected_answers, steps=set())
    client.post(f"/training/simulations/attempts/{first.pk}/finish/")
    again = client.post(f"/training/simulations/attempts/{first.pk}/finish/")
    assert again.status_code == 422 and 'data-testid="finish-error"' in again.content.decode()
    second = _start(client, SEXTORTION)
    assert second.case_id != first.case_id
    _play(client, second, SEXTORTION.expected_answers, steps=SEXTORTION.expected_steps)
    client.post(f"/training/simulations/attempts/{second.pk}/finish/")
    progress = {
        p.scenario.key: p for p in selectors.simulation_progress(user=learner, level="architecte")
    }
    item = progress[SEXTORTION.key]
    assert len(item.finished) == 2 and item.best.pk == second.pk and item.passed
    listing = client.get(LIST_URL).content.decode()
    assert "100,0" in listing  # the best score, in French


def test_all_passed_and_the_evidence_snapshot(learner):
    client = signed_in(LEARNER_EMAIL)
    assert selectors.simulations_all_passed(user=learner, level="architecte") is False
    for scenario in SCENARIOS:
        attempt = _start(client, scenario)
        _play(client, attempt, scenario.expected_answers, steps=scenario.expected_steps)
        client.post(f"/training/simulations/attempts/{attempt.pk}/finish/")

    class Program:
        slug = "sexto"

    class Level:  # what the program's Level offers: slug and program
        slug = "architecte"
        program = Program()

    assert selectors.simulations_all_passed(user=learner, level=Level()) is True
    evidence = selectors.simulation_evidence(user=learner, level=Level())
    json.dumps(evidence)  # JSON-able as it is
    assert evidence["all_passed"] and [c["scenario"] for c in evidence["cases"]] == [
        s.key for s in SCENARIOS
    ]
    first = evidence["cases"][0]
    assert first["score"] == 100.0 and first["route"] == "sexto_procedure"
    assert first["answers"]["people"][0]["id"] == "A"
    assert first["differences"]["grid"] == []
    assert selectors.simulations_all_passed(user=learner, level="explorateur") is False


def test_the_learner_reaches_no_real_case_and_no_general_grid(learner, real_case):
    real = real_case
    client = signed_in(LEARNER_EMAIL)
    attempt = _start(client, SEXTORTION)
    assert client.get(f"/cases/{attempt.case_id}/").status_code == 200
    for url in (f"/cases/{real.pk}/", f"/cases/{real.pk}/grid/"):
        assert client.get(url).status_code == 404
    data = grid_form_data(SEXTORTION.expected_answers, version=real.version)
    assert client.post(f"/cases/{real.pk}/grid/", data).status_code == 404
    assert client.post(f"/cases/{real.pk}/grid/preview/", data).status_code == 404
    assert client.get("/grid/").status_code == 404
    assert client.post("/grid/preview/", data).status_code == 404
    api = client.post(
        "/api/v1/grid/evaluate",
        json.dumps(SEXTORTION.expected_answers),
        content_type="application/json",
    )
    assert api.status_code == 403
    real.refresh_from_db()
    assert not real.grid_answers


def test_an_attempt_and_its_case_are_the_learners_alone(learner):
    client = signed_in(LEARNER_EMAIL)
    attempt = _start(client, SEXTORTION)
    other = signed_in(world_email("coordinator"))
    for url in (
        f"/training/simulations/attempts/{attempt.pk}/",
        f"/training/simulations/cases/{attempt.case_id}/",
        f"/cases/{attempt.case_id}/",
        f"/cases/{attempt.case_id}/grid/",
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/training/simulations/attempts/{attempt.pk}/finish/").status_code == 404
    assert other.post(f"/cases/{attempt.case_id}/grid/preview/", {}).status_code == 404


def test_unknown_simulations_and_levels_are_404(learner):
    client = signed_in(LEARNER_EMAIL)
    assert client.post(f"{LIST_URL}nope/start/").status_code == 404
    assert client.get("/training/sexto/explorateur/simulations/").status_code == 404
    assert (
        client.post(
            "/training/sexto/explorateur/simulations/adult-student-and-minor/start/"
        ).status_code
        == 404
    )


def test_signed_out_visitors_are_sent_to_sign_in(db):
    from django.test import Client

    response = Client().get(LIST_URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_simulation_urls_resolve_to_their_views_not_the_level_pages():
    for path, name in [
        (LIST_URL, "simulation_list"),
        (f"{LIST_URL}x/start/", "simulation_start"),
        (
            "/training/simulations/attempts/6b1a6f6e-2f7c-4e0e-9a55-4e1c3c1b2a10/",
            "simulation_attempt",
        ),
        (
            "/training/simulations/attempts/6b1a6f6e-2f7c-4e0e-9a55-4e1c3c1b2a10/finish/",
            "simulation_finish",
        ),
        (
            "/training/simulations/cases/6b1a6f6e-2f7c-4e0e-9a55-4e1c3c1b2a10/",
            "simulation_for_case",
        ),
    ]:
        match = resolve(path)
        assert (match.namespace, match.url_name) == ("training", name), path


def test_the_grid_rule_holds_for_a_learner_on_their_own_simulation_case_only(learner, real_case):
    import rules

    from sexto.directory.models import User
    from sexto.training.simulations.services import simulation_start

    attempt = simulation_start(
        user=learner, program_slug="sexto", level_slug="architecte", scenario_key=SEXTORTION.key
    )
    case = Case.all_objects.get(pk=attempt.case_id)
    other_learner = User.objects.get(email=world_email("learner"))
    assert rules.has_perm("grid.evaluate", learner, case)
    assert not rules.has_perm("grid.evaluate", learner)  # no general grid (/grid/, the API)
    assert not rules.has_perm("grid.evaluate", learner, real_case)
    assert not rules.has_perm("grid.evaluate", other_learner, case)
    coordinator = User.objects.get(email=world_email("coordinator"))
    assert rules.has_perm("grid.evaluate", coordinator)
