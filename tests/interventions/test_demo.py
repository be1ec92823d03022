"""The kit's demo data: cases at every stage, and seeding twice adds nothing."""

import pytest

from sexto.interventions.demo import demo_cases_seed
from sexto.interventions.demo_outcomes import demo_outcomes_seed
from sexto.interventions.models import Case, Intake, Referral
from sexto.interventions.outcomes import RECORDABLE, follow_ups_of

pytestmark = pytest.mark.django_db


def test_demo_cases_at_every_stage_and_idempotent(demo: None) -> None:
    cases = demo_cases_seed(lambda line: None)
    assert len(cases) == 4
    assert Intake.objects.filter(status=Intake.Status.NEW).count() == 1
    assert Intake.objects.filter(status=Intake.Status.CLOSED).count() == 1
    assert {c.status for c in Case.objects.all()} == {"open", "closed"}
    assert {c.route for c in Case.objects.all()} == {
        "sexto_procedure",
        "police_immediately",
        "school_follow_up",
    }
    assert demo_cases_seed(lambda line: None) == []
    assert Case.objects.count() == 4
    # After it, at least one referral per police and DPCP outcome, each with its follow-up steps.
    cases += demo_outcomes_seed(lambda line: None)
    outcomes = set(Referral.objects.values_list("determination", flat=True))
    assert outcomes >= {o.value for o in RECORDABLE}
    for referral in Referral.objects.exclude(determination=""):
        keys = {s.key for s in referral.case.steps.all()}
        assert {d.key for d in follow_ups_of(referral.determination)} <= keys
    assert Referral.objects.get(determination="other").determination_other
    assert demo_outcomes_seed(lambda line: None) == []
    assert Case.objects.count() == len(cases)
