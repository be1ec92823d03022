"""The people around a case, the services: youth protection (each person's own report; who has
not), parents, support plan and its resources, takedown requests, educational measures."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.interventions import services
from sexto.interventions.errors import StaleRecord
from sexto.interventions.models import (
    Case,
    CaseStep,
    ChronologyEntry,
    EducationalMeasure,
    ParentNotification,
    SupportEntry,
    TakedownRequest,
    YouthProtectionReport,
)
from sexto.interventions.selectors import around as around_selectors
from sexto.interventions.services import around

pytestmark = pytest.mark.django_db

IMAGE_AS_TEXT = "iVBORw0KGgo" + "A" * 200


def _ago(**kwargs: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def _step(case: Case, key: str) -> CaseStep:
    return CaseStep.objects.get(case=case, key=key)


# Youth protection ---------------------------------------------------------------------------


def test_each_person_records_their_own_report_and_the_case_shows_who_has_not(case, people):
    around.youth_protection_record(
        actor=people["coordinator"],
        case=case,
        kind="report",
        at=_ago(minutes=30),
        reference="DPJ-2026-0042",
    )
    status = around_selectors.youth_protection_status(case)
    assert status.applies
    assert [(user, entry.reference) for user, entry in status.acted] == [
        (people["coordinator"], "DPJ-2026-0042")
    ]
    # The reporter (a teacher, off the team) carries the duty too.
    assert set(status.missing) == {people["backup"], people["principal"], people["staff"]}
    # Not everyone has acted: the step is still to do.
    assert _step(case, "youth_protection").state == CaseStep.State.PENDING
    assert AuditEvent.objects.filter(action="case.youth_protection").count() == 1
    assert ChronologyEntry.objects.filter(case=case, kind="youth_protection.report").exists()

    around.youth_protection_record(
        actor=people["principal"],
        case=case,
        kind="not_done",
        at=_ago(minutes=5),
        why_not="La répondante a déjà signalé; je n'ai pas d'autres faits.",
    )
    status = around_selectors.youth_protection_status(case)
    assert set(status.missing) == {people["backup"], people["staff"]}
    # The entry is the actor's own, never someone else's.
    assert YouthProtectionReport.objects.get(kind="not_done").user == people["principal"]


@pytest.mark.parametrize(
    ("kind", "reference", "why_not", "field"),
    [
        ("not_done", "", "", "why_not"),
        ("report", "", "", "reference"),
        ("phoned", "X", "", "kind"),
        ("consultation", "", IMAGE_AS_TEXT, "why_not"),
    ],
)
def test_youth_protection_refusals(case, people, kind, reference, why_not, field):
    with pytest.raises(DomainError) as error:
        around.youth_protection_record(
            actor=people["coordinator"],
            case=case,
            kind=kind,
            at=_ago(minutes=5),
            reference=reference,
            why_not=why_not,
        )
    assert error.value.field == field
    assert not YouthProtectionReport.objects.exists()
    assert _step(case, "youth_protection").state == CaseStep.State.PENDING


def test_youth_protection_refuses_the_future(case, people):
    with pytest.raises(DomainError):
        around.youth_protection_record(
            actor=people["coordinator"],
            case=case,
            kind="consultation",
            at=timezone.now() + datetime.timedelta(hours=2),
        )
    assert not YouthProtectionReport.objects.exists()


# Permissions --------------------------------------------------------------------------------


def test_professional_adds_to_the_support_plan_but_not_the_rest(case, people, professional):
    entry = around.support_entry_add(
        actor=professional,
        case=case,
        planned_for=timezone.now() + datetime.timedelta(days=2),
        resources=["needhelpnow", "cavac"],
        note="Rencontre de suivi prévue avec l'élève.",
    )
    assert entry.by == professional
    assert _step(case, "support_victim").state == CaseStep.State.DONE
    around.support_entry_held(
        actor=professional, entry=entry, held_at=_ago(minutes=1), version=entry.version
    )
    # Her own DPJ duty she records herself (test_youth_protection_duty.py); the rest is refused.
    calls = [
        lambda: around.parent_notification_record(
            actor=professional,
            case=case,
            person=None,
            guardian="Mère",
            at=_ago(minutes=1),
            channel="phone",
            summary="Informée.",
        ),
        lambda: around.takedown_request_add(
            actor=professional, case=case, where="Snapchat", sent_at=_ago(minutes=1)
        ),
        lambda: around.educational_measure_add(actor=professional, case=case, what="Atelier"),
    ]
    for call in calls:
        with pytest.raises(PermissionRefused):
            call()
    assert not ParentNotification.objects.exists() and not TakedownRequest.objects.exists()


def test_police_liaison_reads_only(case, people, police):
    with pytest.raises(PermissionRefused):
        around.support_entry_add(actor=police, case=case, note="Note")
    with pytest.raises(PermissionRefused):
        around.takedown_request_add(
            actor=police, case=case, where="Snapchat", sent_at=_ago(minutes=1)
        )


# Parents ------------------------------------------------------------------------------------


def test_parents_log_informed_or_why_not(case, people, person):
    with pytest.raises(DomainError) as error:
        around.parent_notification_record(
            actor=people["coordinator"],
            case=case,
            person=person,
            at=_ago(hours=1),
            channel="not_done",
        )
    assert error.value.field == "why_not"
    with pytest.raises(DomainError) as error:
        around.parent_notification_record(
            actor=people["coordinator"],
            case=case,
            person=person,
            guardian="Mère de A",
            at=_ago(hours=1),
            channel="phone",
        )
    assert error.value.field == "summary"
    around.parent_notification_record(
        actor=people["coordinator"],
        case=case,
        person=person,
        at=_ago(hours=1),
        channel="not_done",
        why_not="La DPJ a demandé d'attendre son évaluation.",
    )
    # "Not informed, with why" settles this young person's parents: the only one of the case.
    assert _step(case, "inform_parents").state == CaseStep.State.DONE
    notice = around.parent_notification_record(
        actor=people["coordinator"],
        case=case,
        person=person,
        guardian="Mère de A",
        at=_ago(minutes=10),
        channel="phone",
        summary="Informée de la situation et des ressources.",
    )
    assert notice.by == people["coordinator"] and notice.summary.startswith("Informée")
    assert _step(case, "inform_parents").state == CaseStep.State.DONE
    assert AuditEvent.objects.filter(action="case.parents").count() == 2


def test_parents_refuse_a_person_of_another_case_and_embedded_images(case, people, open_case):
    other = open_case()
    stranger = services.case_person_add(
        actor=people["coordinator"], case=other, label="A", name="X"
    )
    with pytest.raises(DomainError) as error:
        around.parent_notification_record(
            actor=people["coordinator"],
            case=case,
            person=stranger,
            guardian="Père",
            at=_ago(hours=1),
            channel="meeting",
            summary="Rencontre.",
        )
    assert error.value.field == "person"
    with pytest.raises(DomainError) as error:
        around.parent_notification_record(
            actor=people["coordinator"],
            case=case,
            person=None,
            guardian="Père",
            at=_ago(hours=1),
            channel="meeting",
            summary=IMAGE_AS_TEXT,
        )
    assert error.value.field == "summary"
    assert not ParentNotification.objects.exists()


# Support ------------------------------------------------------------------------------------


def test_support_refuses_unknown_resources_empty_entries_and_stale_updates(case, people):
    with pytest.raises(DomainError) as error:
        around.support_entry_add(actor=people["coordinator"], case=case, resources=["tiktok"])
    assert error.value.field == "resources"
    with pytest.raises(DomainError):
        around.support_entry_add(actor=people["coordinator"], case=case)
    entry = around.support_entry_add(
        actor=people["coordinator"], case=case, resources=["take_it_down"], note="Première note"
    )
    stale_version = entry.version
    around.support_entry_held(
        actor=people["backup"],
        entry=SupportEntry.objects.get(pk=entry.pk),
        held_at=_ago(minutes=3),
        note="Suivi fait.",
        version=stale_version,
    )
    with pytest.raises(StaleRecord):
        around.support_entry_held(
            actor=people["coordinator"],
            entry=SupportEntry.objects.get(pk=entry.pk),
            held_at=_ago(minutes=2),
            version=stale_version,
        )
    entry.refresh_from_db()
    assert entry.note == "Première note\n\nSuivi fait."


def test_resources_in_the_users_language():
    with translation.override("fr"):
        french = {r.key: (r.name, r.url) for r in around_selectors.support_resources()}
    with translation.override("en"):
        english = {r.key: (r.name, r.url) for r in around_selectors.support_resources()}
    assert french["cybertip"] == ("Cyberaide.ca", "https://www.cyberaide.ca")
    assert english["cybertip"] == ("Cybertip.ca", "https://www.cybertip.ca")
    assert french["needhelpnow"] == ("AidezMoiSVP.ca", "https://aidezmoisvp.ca")
    assert english["needhelpnow"] == ("NeedHelpNow.ca", "https://needhelpnow.ca")
    assert french["cavac"][1] == english["cavac"][1] == "https://cavac.qc.ca"
    assert english["take_it_down"][1] == "https://takeitdown.ncmec.org"


# Takedowns and measures ---------------------------------------------------------------------


def test_takedown_request_and_status_with_stale_update_refused(case, people):
    takedown = around.takedown_request_add(
        actor=people["coordinator"],
        case=case,
        where="Take It Down",
        sent_at=_ago(hours=2),
        reference="TID-123",
    )
    assert _step(case, "limit_dissemination").state == CaseStep.State.DONE
    around.takedown_status_update(
        actor=people["principal"],
        takedown=TakedownRequest.objects.get(pk=takedown.pk),
        status="removed",
        version=takedown.version,
    )
    with pytest.raises(StaleRecord):
        around.takedown_status_update(
            actor=people["coordinator"],
            takedown=TakedownRequest.objects.get(pk=takedown.pk),
            status="refused",
            version=takedown.version,
        )
    with pytest.raises(DomainError):
        around.takedown_request_add(
            actor=people["coordinator"], case=case, where="  ", sent_at=_ago(hours=1)
        )
    assert TakedownRequest.objects.get().status == "removed"


def test_measures_are_planned_then_done_once(case, people, person):
    measure = around.educational_measure_add(
        actor=people["coordinator"],
        case=case,
        person=person,
        what="Atelier sur le consentement et le partage d'images.",
        with_whom="Psychoéducatrice",
        planned_for=timezone.localdate() + datetime.timedelta(days=7),
    )
    assert _step(case, "educational_follow_up").state == CaseStep.State.PENDING
    around.educational_measure_done(
        actor=people["coordinator"], measure=measure, done_at=_ago(minutes=1), version=1
    )
    assert _step(case, "educational_follow_up").state == CaseStep.State.DONE
    with pytest.raises(Conflict):
        around.educational_measure_done(
            actor=people["coordinator"],
            measure=EducationalMeasure.objects.get(pk=measure.pk),
            done_at=_ago(minutes=1),
            version=2,
        )
    with pytest.raises(DomainError) as error:
        around.educational_measure_add(actor=people["coordinator"], case=case, what="")
    assert error.value.field == "what"


def test_a_step_already_settled_is_left_alone(case, people):
    step = _step(case, "limit_dissemination")
    services.case_step_update(
        actor=people["principal"],
        step=step,
        state="not_applicable",
        note="Contenu jamais publié en ligne.",
        version=step.version,
    )
    around.takedown_request_add(
        actor=people["coordinator"], case=case, where="Instagram", sent_at=_ago(hours=1)
    )
    step = _step(case, "limit_dissemination")
    assert step.state == CaseStep.State.NOT_APPLICABLE and step.done_by == people["principal"]


def test_a_closed_case_takes_no_new_entry(case, people):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()
    with pytest.raises(Conflict):
        around.takedown_request_add(
            actor=people["coordinator"], case=case, where="Snapchat", sent_at=_ago(hours=1)
        )


def test_simulations_write_no_audit_and_their_learner_holds_the_duty(open_case, people, school):
    simulation = services.case_open(
        actor=people["learner"], school=school, summary="Cas fictif.", simulation=True
    )
    Case.all_objects.filter(pk=simulation.pk).update(youth_protection="consult")
    simulation.refresh_from_db()
    before = AuditEvent.objects.count()
    assert around_selectors.youth_protection_status(simulation).missing == [people["learner"]]
    around.youth_protection_record(
        actor=people["learner"], case=simulation, kind="consultation", at=_ago(minutes=1)
    )
    assert around_selectors.youth_protection_status(simulation).missing == []
    assert AuditEvent.objects.count() == before
