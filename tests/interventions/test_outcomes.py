"""Every outcome the police and the DPCP can reach (issue 16, item 4): recorded by the liaison on
an acknowledged referral, each with its follow-up steps on the case; the allowed transitions,
the correction with a reason, and the refusals that save nothing."""

import datetime

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, DomainError
from sexto.interventions.chronology import chronology_text
from sexto.interventions.errors import CaseNotClosable
from sexto.interventions.models import CaseStep, ChronologyEntry, Notification, Referral
from sexto.interventions.outcomes import FOLLOW_UPS, RECORDABLE, follow_ups_of
from sexto.interventions.packet import packet_html
from sexto.interventions.procedure import PROCEDURE, STEPS_BY_KEY
from sexto.interventions.services import case_close, case_person_add, case_step_update
from sexto.interventions.services import referrals as services
from sexto.interventions.templatetags.grid_tags import step_label
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(people, open_case, django_capture_on_commit_callbacks):
    """An open case referred to the police, acknowledged by the liaison."""

    def make(*, acknowledged: bool = True) -> Referral:
        case = open_case()
        with django_capture_on_commit_callbacks(execute=True):
            referral = services.referral_create(
                actor=people["coordinator"],
                case=case,
                police_contacted_at=timezone.now() - datetime.timedelta(minutes=5),
            )
        if acknowledged:
            services.referral_acknowledge(
                actor=people["police"], referral=referral, police_file_number="PF-77"
            )
        return referral

    return make


def _record(people, referral, outcome, **kwargs):
    referral.refresh_from_db()
    return services.determination_record(
        actor=people["police"],
        referral=referral,
        determination=outcome,
        version=referral.version,
        **kwargs,
    )


def _pending_keys(case) -> list[str]:
    return list(
        case.steps.filter(state=CaseStep.State.PENDING)
        .order_by("position")
        .values_list("key", flat=True)
    )


def test_every_outcome_has_follow_ups_known_to_the_procedure():
    assert set(FOLLOW_UPS) == {o.value for o in RECORDABLE}
    for steps in FOLLOW_UPS.values():
        assert steps
        for step in steps:
            assert STEPS_BY_KEY[step.key] is step and step.mandatory and step.due_after
            assert step_label(step.key) == step.label  # the case page and chronology show it
    keys = [step.key for steps in FOLLOW_UPS.values() for step in steps]
    assert len(keys) == len(set(keys))
    assert not set(keys) & {step.key for step in PROCEDURE}


@pytest.mark.parametrize("outcome", [o.value for o in RECORDABLE])
def test_each_outcome_recorded_by_the_liaison_adds_its_follow_ups(
    people, referred, outcome, django_capture_on_commit_callbacks
):
    referral = referred()
    case = referral.case
    last = max(case.steps.values_list("position", flat=True))
    before = timezone.now()
    other_text = "Dossier transféré à un autre service de police" if outcome == "other" else ""
    with django_capture_on_commit_callbacks(execute=True):
        _record(people, referral, outcome, other_text=other_text, note="Décision")
    referral.refresh_from_db()
    case.refresh_from_db()
    assert (referral.determination, case.determination) == (outcome, outcome)
    assert referral.determination_other == other_text
    assert referral.outcome_at == referral.determined_at == case.determined_at
    assert (referral.investigation_opened_at is not None) == (outcome == "malicious")
    # The follow-ups join the case's steps after the existing ones, with deadlines.
    definitions = follow_ups_of(outcome)
    added = list(case.steps.filter(position__gt=last).order_by("position"))
    assert [s.key for s in added] == [d.key for d in definitions]
    for step, definition in zip(added, definitions, strict=True):
        assert step.state == CaseStep.State.PENDING
        assert step.due_at is not None and step.due_at >= before + definition.due_after
    # The chronology, the audit log and the school's team know.
    assert ChronologyEntry.objects.filter(
        case=case, kind=f"referral.determination.{outcome}"
    ).exists()
    assert AuditEvent.objects.filter(action="case.determination", target_id=str(case.pk)).exists()
    assert Notification.objects.filter(
        user=people["coordinator"], kind="referral.determination"
    ).exists()


def test_the_follow_ups_are_mandatory_for_closure(people, referred, english):
    referral = referred()
    case = referral.case
    _record(people, referral, "charges")
    for step in case.steps.exclude(key__in=[d.key for d in follow_ups_of("charges")]):
        case_step_update(actor=people["coordinator"], step=step, state=CaseStep.State.DONE)
    case.refresh_from_db()
    with pytest.raises(CaseNotClosable) as refused:
        case_close(actor=people["coordinator"], case=case, outcome="Fin")
    missing = " ".join(str(item.label) for item in refused.value.blockers)
    assert "court dates" in missing


def test_an_outcome_needs_the_referral_acknowledged(people, referred, english):
    referral = referred(acknowledged=False)
    with pytest.raises(Conflict) as refused:
        _record(people, referral, "impulsive")
    assert "Acknowledge the referral first" in str(refused.value)
    referral.refresh_from_db()
    assert referral.determination == "" and referral.acknowledged_at is None
    assert not referral.case.steps.filter(key__startswith="outcome_").exists()


def test_other_without_its_text_is_refused(people, referred, english):
    referral = referred()
    with pytest.raises(DomainError) as refused:
        _record(people, referral, "other", other_text="   ")
    assert refused.value.field == "other_text"
    assert "other outcome" in str(refused.value)
    referral.refresh_from_db()
    assert referral.determination == ""
    with pytest.raises(DomainError) as unknown:
        _record(people, referral, "acquitted")
    assert unknown.value.field == "determination"


def test_malicious_ends_with_charges_extrajudicial_measures_or_no_further_action(
    people, referred, english
):
    referral = referred()
    case = referral.case
    _record(people, referral, "malicious")
    referral.refresh_from_db()
    opened, determined = referral.investigation_opened_at, referral.determined_at
    # Not every outcome ends an investigation: refused, nothing saved.
    for refused_outcome in ("impulsive", "other", "malicious"):
        with pytest.raises(Conflict) as refused:
            _record(people, referral, refused_outcome, other_text="x")
        assert "investigation is under way" in str(refused.value)
    _record(people, referral, "extrajudicial")
    referral.refresh_from_db()
    assert referral.determination == "extrajudicial"
    # The DPCP's determination keeps its date (the delays count to it); the investigation stays
    # recorded as opened.
    assert (referral.determined_at, referral.investigation_opened_at) == (determined, opened)
    assert referral.outcome_at > determined
    keys = set(case.steps.values_list("key", flat=True))
    assert {d.key for d in follow_ups_of("malicious") + follow_ups_of("extrajudicial")} <= keys


@pytest.mark.parametrize("final", ["impulsive", "no_offence", "extrajudicial", "charges", "other"])
def test_a_final_outcome_is_not_replaced_without_a_correction(people, referred, final, english):
    referral = referred()
    _record(people, referral, final, other_text="Autre issue")
    steps_before = referral.case.steps.count()
    with pytest.raises(Conflict) as refused:
        _record(people, referral, "charges" if final != "charges" else "no_offence")
    assert "is final" in str(refused.value) and "correct it" in str(refused.value)
    referral.refresh_from_db()
    assert referral.determination == final
    assert referral.case.steps.count() == steps_before


def test_no_outcome_on_a_closed_case(people, referred, english):
    referral = referred()
    case = referral.case
    for step in case.steps.all():
        case_step_update(actor=people["coordinator"], step=step, state=CaseStep.State.DONE)
    case.refresh_from_db()
    case_close(actor=people["coordinator"], case=case, outcome="Fin")
    referral.refresh_from_db()
    with pytest.raises(Conflict) as refused:
        _record(people, referral, "no_offence")
    assert "closed" in str(refused.value)
    assert Referral.objects.get(pk=referral.pk).determination == ""


def test_the_coordinator_does_not_record_an_outcome(people, referred):
    from sexto.core.errors import PermissionRefused

    referral = referred()
    with pytest.raises(PermissionRefused):
        services.determination_record(
            actor=people["coordinator"], referral=referral, determination="charges", version=None
        )


def test_the_liaison_corrects_a_final_outcome_with_a_reason(
    people, referred, english, django_capture_on_commit_callbacks
):
    referral = referred()
    case = referral.case
    _record(people, referral, "impulsive")
    meetings_step = case.steps.get(key="outcome_meetings_schedule")
    case_step_update(actor=people["coordinator"], step=meetings_step, state=CaseStep.State.DONE)
    referral.refresh_from_db()
    with pytest.raises(DomainError) as no_reason:
        services.determination_correct(
            actor=people["police"],
            referral=referral,
            determination="charges",
            reason=" ",
            version=referral.version,
        )
    assert no_reason.value.field == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        services.determination_correct(
            actor=people["police"],
            referral=referral,
            determination="charges",
            reason="Erreur de saisie : le DPCP a déposé des accusations.",
            version=referral.version,
        )
    referral.refresh_from_db()
    assert (
        referral.determination == "charges" == case.__class__.objects.get(pk=case.pk).determination
    )
    # The replaced outcome's follow-ups still to do are set aside, with why; done ones stay.
    held = case.steps.get(key="outcome_meetings_hold")
    assert held.state == CaseStep.State.NOT_APPLICABLE and "Erreur de saisie" in held.note
    assert case.steps.get(key="outcome_meetings_schedule").state == CaseStep.State.DONE
    assert {"outcome_cavac_support", "outcome_court_dates"} <= set(_pending_keys(case))
    entry = ChronologyEntry.objects.get(case=case, kind="referral.determination.corrected")
    shown = chronology_text(kind=entry.kind, text=entry.text)
    assert "Charges laid" in shown and "Erreur de saisie" in shown
    event = AuditEvent.objects.get(action="case.determination_correct")
    assert event.target_id == str(case.pk)
    # Correcting back: the set-aside follow-up is to do again.
    referral.refresh_from_db()
    services.determination_correct(
        actor=people["police"],
        referral=referral,
        determination="impulsive",
        reason="Retour à la décision initiale",
        version=referral.version,
    )
    assert case.steps.get(key="outcome_meetings_hold").state == CaseStep.State.PENDING
    assert case.steps.get(key="outcome_court_dates").state == CaseStep.State.NOT_APPLICABLE


def test_a_correction_needs_an_outcome_and_a_change(people, referred, english):
    referral = referred()
    with pytest.raises(Conflict) as nothing:
        services.determination_correct(
            actor=people["police"],
            referral=referral,
            determination="charges",
            reason="x",
            version=None,
        )
    assert "record it instead" in str(nothing.value)
    _record(people, referral, "charges")
    referral.refresh_from_db()
    with pytest.raises(Conflict):
        services.determination_correct(
            actor=people["police"],
            referral=referral,
            determination="charges",
            reason="x",
            version=referral.version,
        )
    with pytest.raises(DomainError) as no_text:
        services.determination_correct(
            actor=people["police"],
            referral=referral,
            determination="other",
            reason="x",
            version=referral.version,
        )
    assert no_text.value.field == "other_text"


def test_meetings_follow_an_impulsive_outcome_only(people, referred, english):
    referral = referred()
    person = case_person_add(
        actor=people["coordinator"], case=referral.case, label="A", name="Zoé", age=14
    )
    _record(people, referral, "no_offence")
    referral.refresh_from_db()
    with pytest.raises(Conflict) as refused:
        services.meeting_schedule(
            actor=people["police"],
            referral=referral,
            person=person,
            scheduled_at=timezone.now(),
            with_guardian="Sa mère",
        )
    assert "No offence or no further action" in str(refused.value)


def test_packet_shows_the_outcome_and_its_follow_ups(people, referred, english):
    referral = referred()
    _record(people, referral, "other", other_text="Transféré au SPVM")
    html = packet_html(case=referral.case, exported_by=people["coordinator"])
    assert 'data-outcome="other"' in html
    assert "Transféré au SPVM" in html
    assert str(STEPS_BY_KEY["outcome_other_follow_up"].label) in html


# --- pages ------------------------------------------------------------------------------------


def test_the_liaison_records_and_corrects_on_the_case_page(people, referred, english):
    referral = referred()
    base = f"/cases/{referral.case.pk}/referral/{referral.pk}"
    client = FormClient()
    sign_in(client, people["police"].email)
    page = client.get(f"/cases/{referral.case.pk}/").content.decode()
    for outcome in RECORDABLE:
        assert f'name="determination" value="{outcome.value}"' in page
    # "other" without its text: the page again, the message, what was typed kept.
    refused = client.post(
        f"{base}/determination/",
        {"determination": "other", "other_text": "", "note": "Note gardée", "version": 2},
    )
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "Say what the other outcome is" in body and "Note gardée" in body
    assert Referral.objects.get(pk=referral.pk).determination == ""
    done = client.post(
        f"{base}/determination/",
        {"determination": "malicious", "note": "", "version": 2},
    )
    assert done.status_code == 302
    page = client.get(f"/cases/{referral.case.pk}/").content.decode()
    # After malicious: only the investigation's end is offered.
    assert 'name="determination" value="charges"' in page
    assert 'name="determination" value="impulsive"' not in page
    assert "Support the young person depicted through the investigation" in page
    version = Referral.objects.get(pk=referral.pk).version
    refused = client.post(
        f"{base}/determination/correct/",
        {"correct-determination": "impulsive", "correct-reason": "", "correct-version": version},
    )
    assert refused.status_code == 422
    assert Referral.objects.get(pk=referral.pk).determination == "malicious"
    corrected = client.post(
        f"{base}/determination/correct/",
        {
            "correct-determination": "impulsive",
            "correct-reason": "Mauvais choix",
            "correct-version": version,
        },
    )
    assert corrected.status_code == 302
    assert Referral.objects.get(pk=referral.pk).determination == "impulsive"


def test_the_police_inbox_shows_the_outcome(people, referred, english):
    referral = referred()
    _record(people, referral, "no_offence")
    client = FormClient()
    sign_in(client, people["police"].email)
    page = client.get("/police/").content.decode()
    assert 'data-state="no_offence"' in page and "No offence or no further action" in page
