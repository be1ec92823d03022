"""The kit's demo data: cases at every stage, and seeding twice adds nothing."""

import pytest

from sexto.interventions.demo import demo_cases_seed
from sexto.interventions.demo_outcomes import demo_outcomes_seed
from sexto.interventions.models import Case, Intake, Referral
from sexto.interventions.outcomes import RECORDABLE, follow_ups_of

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


def test_demo_shows_one_open_case_per_route_with_its_plan(demo: None) -> None:
    from django.utils import timezone

    from sexto.interventions.demo_plans import demo_route_plans_seed

    urgent, same_day, follow_up = demo_route_plans_seed(lambda line: None)
    assert [c.route for c in (urgent, same_day, follow_up)] == [
        "police_immediately",
        "sexto_procedure",
        "school_follow_up",
    ]
    assert all(c.status == "open" for c in (urgent, same_day, follow_up))
    police = urgent.steps.order_by("position").first()
    assert police.key == "contact_police" and police.is_overdue(timezone.now())
    assert same_day.steps.get(key="contact_police").plan_note == "police_same_day"
    assert set(
        follow_up.steps.exclude(proposal="").filter(state="pending").values_list("key", flat=True)
    ) == {"contact_police", "secure_devices"}
    assert demo_route_plans_seed(lambda line: None) == []
    assert Case.objects.count() == 3


def test_demo_has_a_case_with_a_pending_personal_dpj_duty(demo: None) -> None:
    from sexto.directory.models import User
    from sexto.interventions.selectors.around import youth_protection_status

    demo_cases_seed(lambda line: None)
    teacher = User.objects.get(email="enseignant@hauts-sommets.demo")
    coordinator = User.objects.get(email="coordination@hauts-sommets.demo")
    pending = [
        status
        for status in map(youth_protection_status, Case.objects.filter(status="open"))
        if teacher in status.missing
    ]
    assert pending, "no open case where the teacher who heard the facts has not reported"
    [status] = pending
    assert status.applies and coordinator not in status.missing
    holder = next(h for h in status.holders if h.user == teacher)
    assert not holder.on_team and holder.entry is None
    assert any(user == coordinator and entry.kind == "report" for user, entry in status.acted)


def test_demo_closed_cases_are_settled_and_one_open_case_is_almost_closable(demo: None) -> None:
    from sexto.interventions.selectors.closure import case_closure_blockers

    demo_cases_seed(lambda line: None)
    for case in Case.objects.filter(status=Case.Status.CLOSED):
        assert case_closure_blockers(case) == [], case.number
    almost = [
        [item.kind for item in case_closure_blockers(case)]
        for case in Case.objects.filter(status=Case.Status.OPEN)
    ]
    # Besides the outcome still to describe: Thomas's meeting (and the outcome's step of holding
    # the meetings) and the educational measure's step.
    assert sorted(["step", "step", "meeting", "outcome"]) in [sorted(kinds) for kinds in almost]


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


def test_demo_shows_regional_resources_and_a_summary_sent_to_the_dg(demo: None) -> None:
    from sexto.directory.models import Organisation, School, SupportResource

    assert SupportResource.objects.filter(kind="dpj").count() == 17
    assert set(School.objects.values_list("region", flat=True)) == {"15", "06"}
    assert Organisation.objects.get(slug="police-saint-jerome").phone_non_emergency
    demo_cases_seed(lambda line: None)
    assert Case.objects.filter(dg_report_sent_on__isnull=False).count() == 1
