"""The kit's demo data: cases at every stage, and seeding twice adds nothing."""

import pytest

from sexto.interventions.demo import demo_cases_seed
from sexto.interventions.models import Case, Intake

pytestmark = pytest.mark.django_db


def test_demo_cases_at_every_stage_and_idempotent(demo: None) -> None:
    cases = demo_cases_seed(lambda line: None)
    assert len(cases) == 5
    assert Intake.objects.filter(status=Intake.Status.NEW).count() == 1
    assert Intake.objects.filter(status=Intake.Status.CLOSED).count() == 1
    assert {c.status for c in Case.objects.all()} == {"open", "closed"}
    assert {c.route for c in Case.objects.all()} == {
        "sexto_procedure",
        "police_immediately",
        "school_follow_up",
    }
    assert demo_cases_seed(lambda line: None) == []
    assert Case.objects.count() == 5


def test_demo_closed_cases_are_settled_and_one_open_case_is_almost_closable(demo: None) -> None:
    from sexto.interventions.selectors.closure import case_closure_blockers

    demo_cases_seed(lambda line: None)
    for case in Case.objects.filter(status=Case.Status.CLOSED):
        assert case_closure_blockers(case) == [], case.number
    almost = [
        [item.kind for item in case_closure_blockers(case)]
        for case in Case.objects.filter(status=Case.Status.OPEN)
    ]
    # Two items, besides the outcome still to describe: an ordered meeting and a step.
    assert sorted(["step", "meeting", "outcome"]) in [sorted(kinds) for kinds in almost]
