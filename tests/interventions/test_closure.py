"""Closure means done (issue 16, item 5): case_close refuses while any item is missing, each
item on its own (a step, an ordered meeting, a young person's parents, a DPJ duty holder, the
outcome), saves nothing then, and closes once all is settled; the parents step completes per
young person; a closed case refuses every write."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.interventions import services
from sexto.interventions.errors import CaseNotClosable
from sexto.interventions.models import (
    AwarenessMeeting,
    Case,
    CaseStep,
    ParentNotification,
    YouthProtectionReport,
)
from sexto.interventions.selectors.around import youth_protection_status
from sexto.interventions.selectors.closure import case_closure_blockers
from sexto.interventions.services import around, devices, referrals
from tests.factories import case_settle
from tests.interventions.closure_fixtures import OUTCOME, Settled

pytestmark = pytest.mark.django_db


def _ago(**kwargs: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def _refused(case: Case, actor: Any, outcome: str = OUTCOME) -> list[Any]:
    """Try to close; assert the refusal saved nothing; return the missing items."""
    version = case.version
    with pytest.raises(CaseNotClosable) as refused:
        services.case_close(actor=actor, case=case, outcome=outcome, version=version)
    stored = Case.objects.get(pk=case.pk)
    assert stored.status == Case.Status.OPEN and stored.closed_at is None
    assert stored.outcome == "" and stored.version == version
    assert not AuditEvent.objects.filter(action="case.close").exists()
    assert refused.value.blockers == case_closure_blockers(case, outcome=outcome)
    assert str(len(refused.value.blockers)) in str(refused.value)
    return refused.value.blockers


def test_closes_once_everything_is_settled(settled: Settled, people: dict[str, Any]) -> None:
    case = services.case_close(actor=people["coordinator"], case=settled.case, outcome=OUTCOME)
    stored = Case.objects.get(pk=case.pk)
    assert stored.status == Case.Status.CLOSED and stored.outcome == OUTCOME
    assert AuditEvent.objects.filter(action="case.close").count() == 1


def test_refused_for_a_step_neither_done_nor_justified(settled: Settled, people) -> None:
    CaseStep.objects.filter(case=settled.case, key="support_victim").update(
        state=CaseStep.State.PENDING
    )
    [item] = _refused(settled.case, people["coordinator"])
    assert (item.kind, item.field) == ("step", "steps.support_victim")
    assert item.url == f"/cases/{settled.case.pk}/#step-support_victim"


def test_refused_for_an_ordered_meeting_neither_held_nor_explained(settled: Settled, people):
    AwarenessMeeting.objects.filter(pk=settled.meeting_b.pk).update(not_held_reason="")
    [item] = _refused(settled.case, people["principal"])
    assert (item.kind, item.field) == ("meeting", f"meetings.{settled.meeting_b.pk}")
    assert item.url.endswith(f"#meeting-{settled.meeting_b.pk}") and "B" in item.label


def test_refused_for_a_young_person_without_a_meeting_when_meetings_were_ordered(
    settled: Settled, people
) -> None:
    c = services.case_person_add(
        actor=people["coordinator"], case=settled.case, label="C", name="Maya R.", age=13
    )
    ParentNotification.objects.create(
        case=settled.case, person=c, by=people["coordinator"], at=_ago(hours=1), channel="phone"
    )
    [item] = _refused(settled.case, people["coordinator"])
    assert (item.kind, item.field) == ("meeting_missing", "people.C.meeting")
    assert item.url.endswith("#referral")


def test_no_meeting_is_asked_for_when_the_dpcp_ordered_none(people, open_case) -> None:
    case = open_case()
    services.case_person_add(actor=people["coordinator"], case=case, label="A", name="Zoé", age=14)
    referral = referrals.referral_create(
        actor=people["coordinator"], case=case, police_contacted_at=_ago(hours=1)
    )
    referrals.referral_acknowledge(actor=people["police"], referral=referral)
    referral.refresh_from_db()
    referrals.determination_record(
        actor=people["police"],
        referral=referral,
        determination="malicious",
        version=referral.version,
    )
    case = case_settle(case=case)
    assert case_closure_blockers(case, outcome=OUTCOME) == []


def test_refused_for_a_young_persons_parents_neither_informed_nor_explained(
    settled: Settled, people
) -> None:
    ParentNotification.objects.filter(person=settled.b).delete()
    [item] = _refused(settled.case, people["coordinator"])
    assert (item.kind, item.field) == ("parents", "people.B.parents")
    assert item.url.endswith("#parents") and "Noah" not in item.label


def test_an_adult_involved_has_no_parents_to_inform(settled: Settled, people) -> None:
    services.case_person_add(
        actor=people["coordinator"], case=settled.case, label="D", name="Adulte", age=19
    )
    AwarenessMeeting.objects.create(
        referral=settled.referral,
        person=settled.case.people.get(label="D"),
        scheduled_at=_ago(hours=3),
        held_at=_ago(hours=2),
        recorded_by=people["police"],
    )
    assert case_closure_blockers(settled.case, outcome=OUTCOME) == []


def test_refused_for_a_dpj_duty_holder_who_has_not_acted(settled: Settled, people) -> None:
    YouthProtectionReport.objects.filter(case=settled.case, user=people["principal"]).delete()
    assert youth_protection_status(settled.case).missing == [people["principal"]]
    [item] = _refused(settled.case, people["coordinator"])
    assert item.kind == "youth_protection" and people["principal"].display_name in item.label
    assert item.url.endswith("#youth-protection")
    around.youth_protection_record(
        actor=people["principal"],
        case=settled.case,
        kind="not_done",
        at=_ago(minutes=5),
        why_not="Je n'ai reçu aucune information me donnant un motif raisonnable.",
    )
    assert services.case_close(actor=people["principal"], case=settled.case, outcome=OUTCOME)


def test_refused_without_an_outcome(settled: Settled, people) -> None:
    [item] = _refused(settled.case, people["coordinator"], outcome="  ")
    assert (item.kind, item.field) == ("outcome", "outcome")
    assert item.url == f"/cases/{settled.case.pk}/#id_outcome"


def test_every_missing_item_is_listed_in_the_pages_order(people, open_case) -> None:
    case = open_case()
    Case.objects.filter(pk=case.pk).update(youth_protection="required")
    case.refresh_from_db()
    services.case_person_add(actor=people["coordinator"], case=case, label="A", name="Zoé", age=14)
    kinds = [item.kind for item in _refused(case, people["coordinator"], outcome="")]
    steps = CaseStep.objects.filter(case=case, state=CaseStep.State.PENDING).count()
    holders = len(youth_protection_status(case).missing)
    assert kinds == ["step"] * steps + ["parents"] + ["youth_protection"] * holders + ["outcome"]


def test_labels_are_in_the_readers_language(settled: Settled, people) -> None:
    from django.utils import translation

    from sexto.interventions.procedure import STEPS_BY_KEY

    CaseStep.objects.filter(case=settled.case, key="support_victim").update(
        state=CaseStep.State.PENDING
    )
    step = STEPS_BY_KEY["support_victim"].label
    for language in ("fr", "en"):
        with translation.override(language):
            [item] = case_closure_blockers(settled.case, outcome=OUTCOME)
            assert str(step) in item.label
    with translation.override("fr"):
        assert str(step) != "Support plan for the young person depicted"


# --- The parents step completes per young person ------------------------------------------


def test_inform_parents_is_done_only_after_the_last_young_person(people, open_case) -> None:
    case = open_case()
    coordinator = people["coordinator"]
    a = services.case_person_add(actor=coordinator, case=case, label="A", name="Zoé", age=14)
    b = services.case_person_add(actor=coordinator, case=case, label="B", name="Noah", age=15)
    services.case_person_add(actor=coordinator, case=case, label="C", name="Adulte", age=18)

    def step() -> str:
        return CaseStep.objects.get(case=case, key="inform_parents").state

    around.parent_notification_record(
        actor=coordinator,
        case=case,
        person=a,
        guardian="Mère de A",
        at=_ago(hours=1),
        channel="phone",
        summary="Situation expliquée.",
    )
    assert step() == CaseStep.State.PENDING  # not at the first contact any more
    around.parent_notification_record(
        actor=coordinator,
        case=case,
        person=b,
        at=_ago(minutes=30),
        channel="not_done",
        why_not="La DPJ a demandé d'attendre son évaluation.",
    )
    assert step() == CaseStep.State.DONE  # C is an adult: no parents to inform


# --- Meetings not held, with why ----------------------------------------------------------


def test_a_meeting_not_held_needs_why_and_lets_another_be_scheduled(settled: Settled, people):
    meeting = referrals.meeting_schedule(
        actor=people["police"],
        referral=settled.referral,
        person=settled.a,
        scheduled_at=_ago(hours=1),
        with_guardian="Mère",
    )
    with pytest.raises(DomainError) as error:
        referrals.meeting_not_held(
            actor=people["police"], meeting=meeting, reason="  ", version=meeting.version
        )
    assert error.value.field == "reason"
    assert AwarenessMeeting.objects.get(pk=meeting.pk).not_held_reason == ""
    with pytest.raises(PermissionRefused):
        referrals.meeting_not_held(
            actor=people["professional"], meeting=meeting, reason="Absente", version=1
        )
    referrals.meeting_not_held(
        actor=people["police"], meeting=meeting, reason="Élève absente.", version=meeting.version
    )
    stored = AwarenessMeeting.objects.get(pk=meeting.pk)
    assert stored.not_held_reason == "Élève absente." and stored.recorded_by == people["police"]
    assert AuditEvent.objects.filter(action="case.meeting_not_held").count() == 2
    with pytest.raises(Conflict):
        referrals.meeting_held(
            actor=people["police"], meeting=stored, held_at=_ago(minutes=1), version=None
        )
    # Settled: another meeting may be scheduled for the same young person.
    referrals.meeting_schedule(
        actor=people["coordinator"],
        referral=settled.referral,
        person=settled.a,
        scheduled_at=timezone.now() + datetime.timedelta(days=1),
        with_guardian="Mère",
    )


def test_a_held_meeting_cannot_be_recorded_as_not_held(settled: Settled, people) -> None:
    with pytest.raises(Conflict):
        referrals.meeting_not_held(
            actor=people["coordinator"],
            meeting=settled.meeting_a,
            reason="Erreur",
            version=settled.meeting_a.version,
        )


# --- A closed case refuses every write -----------------------------------------------------


def test_a_closed_case_refuses_every_write(settled: Settled, people) -> None:
    coordinator, police = people["coordinator"], people["police"]
    device = devices.device_seize(
        actor=coordinator,
        case=settled.case,
        description="Téléphone",
        envelope_number="ENV-1",
        storage_place="Coffre",
        seized_at=_ago(hours=1),
    )
    case = services.case_close(actor=coordinator, case=settled.case, outcome=OUTCOME)
    device.case = case
    settled.referral.case = case
    meeting = AwarenessMeeting.objects.select_related("person").get(pk=settled.meeting_a.pk)
    meeting.referral = settled.referral
    step = case.steps.get(key="protect_victim")
    writes = {
        "step": lambda: services.case_step_update(actor=coordinator, step=step, state="pending"),
        "grid": lambda: services.case_grid_save(actor=coordinator, case=case, answers={}),
        "person": lambda: services.case_person_add(
            actor=coordinator, case=case, label="E", name="Élève"
        ),
        "note": lambda: services.case_note_add(actor=coordinator, case=case, text="Après coup"),
        "parents": lambda: around.parent_notification_record(
            actor=coordinator,
            case=case,
            person=settled.a,
            at=_ago(minutes=1),
            channel="not_done",
            why_not="Raison",
        ),
        "youth_protection": lambda: around.youth_protection_record(
            actor=coordinator, case=case, kind="report", at=_ago(minutes=1), reference="X"
        ),
        "meeting_schedule": lambda: referrals.meeting_schedule(
            actor=police,
            referral=settled.referral,
            person=settled.a,
            scheduled_at=_ago(minutes=1),
            with_guardian="Mère",
        ),
        "meeting_not_held": lambda: referrals.meeting_not_held(
            actor=police, meeting=meeting, reason="Raison", version=None
        ),
        "transfer": lambda: devices.custody_transfer(
            actor=coordinator,
            device=device,
            to_name="Direction",
            receipt_signed_by="Direction",
            place="Coffre 2",
            at=_ago(minutes=1),
            version=device.version,
        ),
        "invite": lambda: services.professional_invite(
            actor=people["principal"], case=case, user=people["professional"]
        ),
    }
    for name, write in writes.items():
        with pytest.raises(Conflict):
            write()
        assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED, name
    assert not CaseStep.objects.filter(case=case, state=CaseStep.State.PENDING).exists()
    assert not case.people.filter(label="E").exists()
    # Reopening stays as it was: audited, with why; then the case takes writes again.
    services.case_reopen(actor=coordinator, case=case, reason="Nouvelle information.")
    services.case_note_add(actor=coordinator, case=case, text="Rouvert.")
