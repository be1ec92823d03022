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


def test_demo_shows_regional_resources_and_a_summary_sent_to_the_dg(demo: None) -> None:
    from sexto.directory.models import Organisation, School, SupportResource

    assert SupportResource.objects.filter(kind="dpj").count() == 17
    assert set(School.objects.values_list("region", flat=True)) == {"15", "06"}
    assert Organisation.objects.get(slug="police-saint-jerome").phone_non_emergency
    demo_cases_seed(lambda line: None)
    assert Case.objects.filter(dg_report_sent_on__isnull=False).count() == 1
