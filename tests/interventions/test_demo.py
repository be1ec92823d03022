"""The kit's demo data: cases at every stage, and seeding twice adds nothing."""

import pytest

from sexto.interventions.demo import demo_cases_seed
from sexto.interventions.models import Case, Intake

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


def test_demo_has_a_report_with_the_police_called_directly_where_there_is_no_agreement(
    demo: None,
) -> None:
    from sexto.interventions.demo import demo_police_direct_seed

    demo_police_direct_seed(lambda line: None)
    demo_police_direct_seed(lambda line: None)
    intake = Intake.objects.get(status=Intake.Status.POLICE_DIRECT)
    assert intake.school.ministry_code == "752001"
    assert intake.police_force_name and intake.police_file_number
    assert intake.reference and intake.reference.startswith("DEC-")
