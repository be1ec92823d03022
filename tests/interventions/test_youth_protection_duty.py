"""The DPJ duty is personal (Youth Protection Act s.39, issue 16 item 2): every team member but the
police, the intake's reporter and the staff it names as having heard the facts each record their
own report from their own account; where a report is required a consultation does not discharge
anyone; those who have not acted are reminded once a day."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.audit.services import actor_key
from sexto.core.errors import DomainError, PermissionRefused
from sexto.directory.models import Role, School, User
from sexto.interventions import services
from sexto.interventions.errors import IntakeInvalid
from sexto.interventions.models import (
    Case,
    CaseStep,
    ChronologyEntry,
    Intake,
    Notification,
    YouthProtectionReminder,
    YouthProtectionReport,
)
from sexto.interventions.selectors.around import case_duty_holders, youth_protection_status
from sexto.interventions.services import around
from sexto.interventions.tasks import youth_protection_reminders
from tests.factories.directory import MembershipFactory, UserFactory
from tests.grid_answers import grid_answers
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db

ACCOUNT = "Une photo intime d'une élève de 14 ans circule dans un groupe de la classe."
TOLD_BY = "Élève de 3e secondaire (amie de la victime)"
SUMMARY = "Photo intime d'une élève de 14 ans retransmise."


def _ago(**kwargs: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _client(user: User) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def teacher(school: School) -> User:
    """A teacher of the school who also heard the facts (named on the intake, not on the team)."""
    user = UserFactory(first_name="Chantal", last_name="Ouellet")
    MembershipFactory(user=user, school=school, role=Role.STAFF)
    return user


@pytest.fixture
def heard_case(people: dict[str, User], school: School, teacher: User) -> Case:
    """A case opened from an intake that names the teacher as having heard the facts, where the
    grid says a report to the DPJ is required."""
    intake = services.intake_create(
        reporter=people["staff"],
        school=school,
        told_at=_ago(minutes=30),
        told_by=TOLD_BY,
        account=ACCOUNT,
        heard_by=[teacher],
    )
    case = services.case_open(
        actor=people["coordinator"], school=school, intake=intake, summary=SUMMARY
    )
    Case.objects.filter(pk=case.pk).update(youth_protection="required")
    case.refresh_from_db()
    return case


def _record(actor: User, case: Case, kind: str = "report", **kwargs: Any) -> YouthProtectionReport:
    defaults: dict[str, Any] = {"reference": f"DPJ-{actor.pk}"} if kind == "report" else {}
    if kind == "not_done":
        defaults = {"why_not": "Les faits rapportés ne laissent pas croire à un danger."}
    defaults.update(kwargs)
    return around.youth_protection_record(
        actor=actor, case=case, kind=kind, at=_ago(minutes=10), **defaults
    )


# Who holds the duty --------------------------------------------------------------------------


def test_duty_holders_are_the_team_the_reporter_and_the_staff_who_heard(
    heard_case, people, teacher
):
    services.professional_invite(
        actor=people["principal"], case=heard_case, user=people["professional"]
    )
    holders = case_duty_holders(heard_case)
    expected = {"coordinator", "backup", "principal", "professional", "staff"}
    assert set(holders) == {people[key] for key in expected} | {teacher}
    status = youth_protection_status(heard_case)
    assert {h.user for h in status.holders if not h.on_team} == {people["staff"], teacher}


def test_police_liaisons_are_not_duty_holders(heard_case, people, police):
    assert police not in case_duty_holders(heard_case)
    with pytest.raises(PermissionRefused):
        _record(police, heard_case)
    assert not YouthProtectionReport.objects.exists()


def test_a_stranger_may_not_record(heard_case, people):
    for who in ("other_coordinator", "admin", "superuser"):
        with pytest.raises(PermissionRefused):
            _record(people[who], heard_case)
    assert not YouthProtectionReport.objects.exists()


# The intake names who heard the facts ------------------------------------------------------


def test_intake_form_offers_the_schools_active_staff_by_name(people, school, teacher):
    gone = UserFactory(first_name="Ancien", last_name="Employé", is_active=False)
    MembershipFactory(user=gone, school=school, role=Role.STAFF)
    page = _client(people["staff"]).get("/intakes/new/").content.decode()
    assert "Other staff who also heard the facts" in page
    assert teacher.display_name in page
    assert "Ancien Employé" not in page
    assert people["other_coordinator"].display_name not in page  # another school


def test_intake_refuses_someone_outside_the_school(people, school):
    with pytest.raises(IntakeInvalid) as error:
        services.intake_create(
            reporter=people["staff"],
            school=school,
            told_at=_ago(minutes=5),
            told_by=TOLD_BY,
            account=ACCOUNT,
            heard_by=[people["other_coordinator"]],
        )
    assert error.value.field == "heard_by"
    assert not Intake.objects.exists()


def test_intake_page_stores_who_heard(people, school, teacher):
    response = _client(people["staff"]).post(
        "/intakes/new/",
        {
            "school": str(school.pk),
            "told_at": _local(_ago(minutes=5)),
            "told_by": TOLD_BY,
            "account": ACCOUNT,
            "heard_by": [str(teacher.pk)],
        },
    )
    assert response.status_code == 302
    assert list(Intake.objects.get().heard_by.all()) == [teacher]
    # Triage shows who else heard the facts (each has their own duty).
    intake = Intake.objects.get()
    page = _client(people["coordinator"]).get(f"/intakes/{intake.pk}/").content.decode()
    assert teacher.display_name in page.split('data-testid="intake-heard-by"')[1].split("</dd>")[0]


# Each records their own -----------------------------------------------------------------------


def test_teacher_who_heard_the_facts_records_her_own_report_without_reading_the_case(
    heard_case, people, teacher
):
    client = _client(teacher)
    assert client.get(f"/cases/{heard_case.pk}/").status_code == 404
    page = client.get("/intakes/mine/").content.decode()
    assert heard_case.intake.reference in page
    assert 'data-testid="my-duty"' in page
    for content in (ACCOUNT, TOLD_BY, SUMMARY, heard_case.number):
        assert content not in page
    prefix = f"yp-{heard_case.intake_id}"
    response = client.post(
        f"/intakes/{heard_case.intake_id}/youth-protection/",
        {
            f"{prefix}-kind": "report",
            f"{prefix}-at": _local(_ago(minutes=15)),
            f"{prefix}-reference": "DPJ-2026-1234",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/intakes/mine/#intake-{heard_case.intake_id}"
    entry = YouthProtectionReport.objects.get()
    assert (entry.user, entry.reference, entry.case) == (teacher, "DPJ-2026-1234", heard_case)
    assert AuditEvent.objects.filter(
        action="case.youth_protection", actor=actor_key(teacher)
    ).exists()
    assert ChronologyEntry.objects.filter(case=heard_case, kind="youth_protection.report").exists()
    assert teacher not in youth_protection_status(heard_case).missing
    page = client.get("/intakes/mine/").content.decode()
    assert 'data-testid="my-duty-status"' in page and "Report to the DPJ" in page


def test_reporter_sees_no_case_content_and_not_the_others_references(heard_case, people):
    _record(people["coordinator"], heard_case, reference="DPJ-COORD-9")
    page = _client(people["staff"]).get("/intakes/mine/").content.decode()
    assert heard_case.intake.reference in page
    for content in (ACCOUNT, TOLD_BY, SUMMARY, heard_case.number, "DPJ-COORD-9"):
        assert content not in page
    assert people["coordinator"].display_name not in page


def test_someone_else_cannot_use_the_intake_route(heard_case, people):
    # Neither the reporter nor named: 404 as for a missing intake (the coordinator records hers
    # on the case page).
    for who in ("other_coordinator", "professional", "coordinator"):
        response = _client(people[who]).post(
            f"/intakes/{heard_case.intake_id}/youth-protection/", {}
        )
        assert response.status_code == 404, who
    assert not YouthProtectionReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "report", "reference": ""}, "reference number the DPJ gave you"),
        ({"kind": "not_done", "reference": "KEPT-1"}, "no reasonable cause to believe"),
        ({"kind": "consultation", "future": True, "reference": "KEPT-2"}, "in the future"),
    ],
)
def test_bad_input_on_my_reports_page_keeps_what_was_typed(heard_case, teacher, data, message):
    prefix = f"yp-{heard_case.intake_id}"
    moment = timezone.now() + datetime.timedelta(hours=3) if data.get("future") else _ago(hours=1)
    response = _client(teacher).post(
        f"/intakes/{heard_case.intake_id}/youth-protection/",
        {
            f"{prefix}-kind": data["kind"],
            f"{prefix}-at": _local(moment),
            f"{prefix}-reference": data["reference"],
        },
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert message in body
    if data["reference"]:
        assert f'value="{data["reference"]}"' in body
    assert not YouthProtectionReport.objects.exists()


def test_invited_professional_records_her_own_report_on_the_case_page(heard_case, people):
    services.professional_invite(
        actor=people["principal"], case=heard_case, user=people["professional"]
    )
    client = _client(people["professional"])
    page = client.get(f"/cases/{heard_case.pk}/around/").content.decode()
    assert f'action="/cases/{heard_case.pk}/youth-protection/"' in page
    response = client.post(
        f"/cases/{heard_case.pk}/youth-protection/",
        {"kind": "report", "at": _local(_ago(minutes=20)), "reference": "DPJ-PSY-1"},
    )
    assert response.status_code == 302
    entry = YouthProtectionReport.objects.get()
    assert (entry.user, entry.reference) == (people["professional"], "DPJ-PSY-1")
    # Only her own duty: the rest of the school's edits stay refused.
    assert client.post(f"/cases/{heard_case.pk}/takedowns/", {}).status_code == 403


# What discharges a duty holder ------------------------------------------------------------------


def test_a_consultation_does_not_complete_a_required_report(heard_case, people, teacher):
    others = [people[k] for k in ("coordinator", "backup", "principal", "staff")]
    for user in others:
        _record(user, heard_case)
    _record(teacher, heard_case, kind="consultation")
    status = youth_protection_status(heard_case)
    assert status.missing == [teacher]
    step = CaseStep.objects.get(case=heard_case, key="youth_protection")
    assert step.state == CaseStep.State.PENDING
    page = _client(people["coordinator"]).get(f"/cases/{heard_case.pk}/around/").content.decode()
    assert "does not discharge a required report" in page
    _record(teacher, heard_case, kind="not_done")
    assert youth_protection_status(heard_case).missing == []
    step.refresh_from_db()
    assert step.state == CaseStep.State.DONE and step.done_by == teacher


def test_where_the_grid_says_consult_a_consultation_counts(heard_case, people, teacher):
    Case.objects.filter(pk=heard_case.pk).update(youth_protection="consult")
    heard_case.refresh_from_db()
    for user in [people[k] for k in ("coordinator", "backup", "principal", "staff")]:
        _record(user, heard_case, kind="consultation")
    assert youth_protection_status(heard_case).missing == [teacher]
    _record(teacher, heard_case, kind="consultation")
    assert youth_protection_status(heard_case).missing == []
    step = CaseStep.objects.get(case=heard_case, key="youth_protection")
    assert step.state == CaseStep.State.DONE


def test_no_reasonable_cause_needs_why_and_a_report_its_reference(heard_case, teacher):
    for kind, field in (("not_done", "why_not"), ("report", "reference")):
        with pytest.raises(DomainError) as error:
            around.youth_protection_record(
                actor=teacher, case=heard_case, kind=kind, at=_ago(minutes=1), reference=""
            )
        assert error.value.field == field
    assert not YouthProtectionReport.objects.exists()
    assert str(YouthProtectionReport.Kind.NOT_DONE.label) == "No reasonable cause to believe"


def test_nobody_is_missing_where_the_grid_does_not_make_the_duty_apply(heard_case):
    Case.objects.filter(pk=heard_case.pk).update(youth_protection="not_indicated")
    heard_case.refresh_from_db()
    assert youth_protection_status(heard_case).missing == []


# Reminders ----------------------------------------------------------------------------------


def _reminded(user: User) -> int:
    return Notification.objects.filter(user=user, kind="youth_protection.reminder").count()


def test_the_grid_making_the_duty_apply_reminds_every_holder_with_a_link_only(
    people, school, teacher, django_capture_on_commit_callbacks
):
    intake = services.intake_create(
        reporter=people["staff"],
        school=school,
        told_at=_ago(minutes=30),
        told_by=TOLD_BY,
        account=ACCOUNT,
        heard_by=[teacher],
    )
    case = services.case_open(
        actor=people["coordinator"], school=school, intake=intake, summary=SUMMARY
    )
    mail.outbox.clear()
    answers = grid_answers()
    answers["indicators"] = {"grooming": True}
    with django_capture_on_commit_callbacks(execute=True):
        services.case_grid_save(actor=people["coordinator"], case=case, answers=answers)
    case.refresh_from_db()
    assert case.youth_protection == "required"
    for user in (people["coordinator"], people["principal"], people["staff"], teacher):
        assert _reminded(user) == 1, user
    assert _reminded(people["police"]) == 0
    teacher_alert = Notification.objects.get(user=teacher, kind="youth_protection.reminder")
    assert teacher_alert.url == f"/intakes/mine/#intake-{intake.pk}"
    assert teacher_alert.reference == intake.reference
    message = next(m for m in mail.outbox if teacher.email in m.to)
    for content in (ACCOUNT, TOLD_BY, SUMMARY, case.number):
        assert content not in message.body and content not in message.subject
    assert f"/intakes/mine/#intake-{intake.pk}" in message.body


def test_reminders_are_sent_once_per_day_per_person_per_case(
    heard_case, people, teacher, django_capture_on_commit_callbacks
):
    _record(people["coordinator"], heard_case)
    with django_capture_on_commit_callbacks(execute=True):
        youth_protection_reminders.call()
    with django_capture_on_commit_callbacks(execute=True):
        youth_protection_reminders.call()
    assert _reminded(teacher) == 1
    assert _reminded(people["staff"]) == 1
    assert _reminded(people["coordinator"]) == 0  # she has acted
    # The next day, again, while they have not acted.
    YouthProtectionReminder.objects.update(day=timezone.localdate() - datetime.timedelta(days=1))
    _record(teacher, heard_case)
    with django_capture_on_commit_callbacks(execute=True):
        youth_protection_reminders.call()
    assert _reminded(teacher) == 1
    assert _reminded(people["staff"]) == 2


def test_a_newly_invited_professional_is_reminded(
    heard_case, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.professional_invite(
            actor=people["principal"], case=heard_case, user=people["professional"]
        )
    alert = Notification.objects.get(user=people["professional"], kind="youth_protection.reminder")
    assert alert.url == f"/cases/{heard_case.pk}/#youth-protection"


def test_no_reminder_on_a_closed_case_or_where_the_duty_does_not_apply(heard_case, people):
    Case.objects.filter(pk=heard_case.pk).update(youth_protection="not_indicated")
    heard_case.refresh_from_db()
    assert around.youth_protection_remind(case=heard_case) == []
    Case.objects.filter(pk=heard_case.pk).update(youth_protection="required", status="closed")
    heard_case.refresh_from_db()
    assert around.youth_protection_remind(case=heard_case) == []
