"""The kit's services: intake, numbering, gating, steps, grid on the case, people, closure."""

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.directory.models import School
from sexto.interventions import services
from sexto.interventions.errors import AgreementMissing, CaseNotClosable, IntakeInvalid, StaleRecord
from sexto.interventions.models import Case, CaseStep, Intake, Notification
from sexto.interventions.procedure import PROCEDURE
from tests.grid_answers import grid_answers

pytestmark = pytest.mark.django_db


def test_intake_alerts_the_schools_team_with_a_link_only(
    people, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.intake_create(
            reporter=people["staff"],
            school=school,
            told_at=timezone.now(),
            told_by="Un élève",
            account="Une photo intime de Zoé circule.",
        )
    assert intake.reference.startswith(f"DEC-{timezone.localdate().year}-")
    alerted = {n.user.email for n in Notification.objects.all()}
    assert alerted == {
        people["coordinator"].email,
        people["backup"].email,
        people["principal"].email,
    }
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert "Zoé" not in message.body and "photo" not in message.body.lower()
        assert f"/intakes/{intake.pk}/" in message.body


def test_intake_refuses_the_future_and_embedded_images(people, school):
    with pytest.raises(IntakeInvalid) as excinfo:
        services.intake_create(
            reporter=people["staff"],
            school=school,
            told_at=timezone.now() + datetime.timedelta(days=1),
            told_by="x",
            account="y",
        )
    assert excinfo.value.field == "told_at"
    with pytest.raises(IntakeInvalid) as excinfo:
        services.intake_create(
            reporter=people["staff"],
            school=school,
            told_at=timezone.now(),
            told_by="x",
            account="voici data:image/png;base64,iVBORw0KGgo=",
        )
    assert excinfo.value.field == "account"
    assert not Intake.objects.exists()


def test_case_numbers_are_gap_free_per_holder_and_year(people, school, open_case):
    first, second = open_case(), open_case()
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"SX-{year}-00001", f"SX-{year}-00002")
    assert first.holder_id == school.organisation_id


def test_a_failed_opening_gives_its_number_back(people, school, open_case, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("crash after numbering")

    monkeypatch.setattr("sexto.interventions.services.cases.chronicle", boom)
    with pytest.raises(RuntimeError):
        open_case()
    monkeypatch.undo()
    assert open_case().number.endswith("-00001")


def test_territory_without_agreement_cannot_open_a_case(people):
    school = School.objects.get(ministry_code="752001")
    with pytest.raises(AgreementMissing, match=r"Call the police directly|Appelez"):
        services.case_open(actor=people["no_agreement_coordinator"], school=school, summary="x")
    assert not Case.objects.exists()


def test_opening_starts_the_procedures_clocks(open_case):
    case = open_case()
    steps = list(case.steps.order_by("position"))
    assert [s.key for s in steps] == [s.key for s in PROCEDURE]
    assert all(s.state == CaseStep.State.PENDING and s.due_at for s in steps)
    assert case.intake.status == Intake.Status.OPENED
    assert AuditEvent.objects.filter(action="case.open", target_id=str(case.pk)).exists()


def test_simulation_has_no_number_no_audit_and_is_hidden(people, school):
    events = AuditEvent.objects.count()
    case = services.case_open(
        actor=people["learner"], school=school, summary="Cas fictif 1", simulation=True
    )
    assert case.number is None
    assert AuditEvent.objects.count() == events
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Case.all_objects.filter(pk=case.pk).exists()


def test_step_not_applicable_needs_why_and_stale_saves_are_refused(people, open_case, english):
    case = open_case()
    step = case.steps.get(key="secure_devices")
    with pytest.raises(DomainError):
        services.case_step_update(actor=people["coordinator"], step=step, state="not_applicable")
    services.case_step_update(actor=people["coordinator"], step=step, state="done", version=1)
    stale = CaseStep.objects.get(pk=step.pk)
    stale.version = 1
    with pytest.raises(StaleRecord, match="changed") as excinfo:
        services.case_step_update(actor=people["backup"], step=stale, state="pending", version=1)
    # …and says what the other person saved.
    assert "State: Done" in str(excinfo.value)
    assert "Julie Tremblay" in str(excinfo.value)


def test_professional_may_not_edit_steps(people, open_case):
    case = open_case()
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    step = case.steps.first()
    with pytest.raises(PermissionRefused):
        services.case_step_update(actor=people["professional"], step=step, state="done")


def test_grid_on_the_case_is_stored_encrypted_with_its_version(people, open_case):
    case = open_case()
    services.case_grid_save(actor=people["coordinator"], case=case, answers=grid_answers())
    case.refresh_from_db()
    assert (case.route, case.nature, case.grid_rules_version) == (
        "sexto_procedure",
        "impulsive",
        "2026.1",
    )
    assert json.loads(case.grid_result)["route"] == "sexto_procedure"
    assert case.steps.get(key="evaluate_grid").state == CaseStep.State.DONE
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT grid_answers FROM interventions_case WHERE id = %s",
            [case.pk.hex if connection.vendor == "sqlite" else str(case.pk)],
        )
        assert "breasts" not in cursor.fetchone()[0]


def test_another_route_needs_a_justification(people, open_case):
    case = open_case()
    with pytest.raises(DomainError) as excinfo:
        services.case_grid_save(
            actor=people["coordinator"],
            case=case,
            answers=grid_answers(),
            decided_route="police_immediately",
        )
    assert excinfo.value.field == "justification"
    services.case_grid_save(
        actor=people["coordinator"],
        case=case,
        answers=grid_answers(),
        decided_route="police_immediately",
        justification="Menaces rapportées après l'évaluation.",
    )
    case.refresh_from_db()
    assert case.effective_route == "police_immediately"


def test_blind_index_finds_the_same_student_elsewhere(people, open_case):
    from sexto.interventions.selectors import case_get_for, case_people_elsewhere

    first, second = open_case(), open_case()
    services.case_person_add(
        actor=people["coordinator"],
        case=first,
        label="A",
        name="Zoé Lavoie-Gagnon",
        age=14,
        roles=["depicted"],
    )
    person = services.case_person_add(
        actor=people["coordinator"], case=second, label="A", name="zoe  lavoie-gagnon", age=14
    )
    access = case_get_for(user=people["coordinator"], case_id=second.pk)
    shown = case_people_elsewhere(access=access, people=[person], user=people["coordinator"])
    assert shown == {person.pk: 1}


def test_closing_needs_every_mandatory_step(people, open_case):
    case = open_case()
    with pytest.raises(CaseNotClosable, match=r"Before closing|Avant de fermer"):
        services.case_close(actor=people["coordinator"], case=case, outcome="Fin")
    for step in case.steps.all():
        services.case_step_update(actor=people["coordinator"], step=step, state="done")
    case.refresh_from_db()
    services.case_close(actor=people["coordinator"], case=case, outcome="Rencontres tenues.")
    assert case.status == Case.Status.CLOSED
    with pytest.raises(Conflict):
        services.case_close(actor=people["coordinator"], case=case, outcome="Encore")
    services.case_reopen(actor=people["principal"], case=case, reason="Nouvelle diffusion")
    assert AuditEvent.objects.filter(action="case.reopen").exists()


def test_stale_message_in_french_names_what_changed(people, open_case):
    from django.utils import translation

    case = open_case()
    step = case.steps.get(key="stop_dissemination")
    services.case_step_update(actor=people["coordinator"], step=step, state="done", version=1)
    stale = CaseStep.objects.get(pk=step.pk)
    with translation.override("fr"), pytest.raises(StaleRecord) as excinfo:
        services.case_step_update(actor=people["backup"], step=stale, state="pending", version=1)
    assert "Maintenant" in str(excinfo.value) and "Fait" in str(excinfo.value)
