"""Police referral, the services: the serving force only, the liaison on the team,
acknowledgement, the DPCP's determination, awareness meetings, delays."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.directory.models import Membership, Organisation, Role, User
from sexto.interventions.errors import StaleRecord
from sexto.interventions.models import CasePerson, CaseStep, Notification, Referral
from sexto.interventions.selectors import police as police_selectors
from sexto.interventions.selectors import referrals as referral_selectors
from sexto.interventions.services import case_person_add
from sexto.interventions.services import referrals as services
from tests.factories import TwoFactorUserFactory

pytestmark = pytest.mark.django_db


def _other_force_liaison() -> User:
    """A liaison of the Montréal police, which does not serve Saint-Jérôme's schools."""
    user = TwoFactorUserFactory(
        email="liaison@spvm.test", handle="liaison-spvm", first_name="Luc", last_name="Montréal"
    )
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(slug="spvm"),
        role=Role.POLICE_LIAISON,
        valid_from=datetime.date(2020, 1, 1),
        status="confirmed",
    )
    return user


def _referred(people, open_case, capture, **kwargs):
    case = open_case()
    with capture(execute=True):
        referral = services.referral_create(
            actor=people["coordinator"],
            case=case,
            police_contacted_at=timezone.now() - datetime.timedelta(minutes=5),
            **kwargs,
        )
    return case, referral


def _people(people, case):
    a = case_person_add(
        actor=people["coordinator"], case=case, label="A", name="Zoé Tremblay", age=14
    )
    b = case_person_add(
        actor=people["coordinator"], case=case, label="B", name="Noah Gagné", age=15
    )
    return a, b


def _determine(people, referral, determination):
    """The liaison records the outcome (acknowledging the referral first: an outcome needs it)."""
    if referral.acknowledged_at is None:
        services.referral_acknowledge(actor=people["police"], referral=referral)
    return services.determination_record(
        actor=people["police"],
        referral=referral,
        determination=determination,
        note="Décision du procureur",
        version=referral.version,
    )


# --- services ---------------------------------------------------------------------------------


def test_referral_goes_to_the_force_serving_the_territory_and_alerts_its_liaisons(
    people, open_case, django_capture_on_commit_callbacks
):
    case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert referral.police_force.slug == "police-saint-jerome"
    assert case.police_contacted_at == referral.police_contacted_at
    assert case.steps.get(key="contact_police").state == CaseStep.State.DONE
    liaison = people["police"]
    notices = Notification.objects.filter(kind="referral.new")
    assert [n.user for n in notices] == [liaison]
    sent = [m for m in mail.outbox if liaison.email in m.to]
    assert len(sent) == 1
    body = sent[0].body
    assert f"/cases/{case.pk}/" in body and case.number in body
    assert "photo" not in body.lower() and "14 ans" not in body
    assert AuditEvent.objects.filter(action="case.referral_create").count() == 1


def test_referral_to_another_force_is_refused_naming_the_serving_one(people, open_case, english):
    case = open_case()
    spvm = Organisation.objects.get(slug="spvm")
    with pytest.raises(DomainError) as refused:
        services.referral_create(
            actor=people["coordinator"],
            case=case,
            police_contacted_at=timezone.now(),
            police_force=spvm,
        )
    assert "Service de police de la Ville de Saint-Jérôme" in str(refused.value)
    assert refused.value.field == "police_force"
    assert not Referral.objects.exists()


def test_only_one_open_referral_and_only_by_the_school(
    people, open_case, django_capture_on_commit_callbacks
):
    case, _referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    with pytest.raises(Conflict):
        services.referral_create(
            actor=people["coordinator"], case=case, police_contacted_at=timezone.now()
        )
    other = open_case()
    with pytest.raises(PermissionRefused):
        services.referral_create(
            actor=people["professional"], case=other, police_contacted_at=timezone.now()
        )
    with pytest.raises(DomainError):
        services.referral_create(
            actor=people["coordinator"],
            case=other,
            police_contacted_at=timezone.now() + datetime.timedelta(hours=2),
        )


def test_acknowledge_then_impulsive_determination_then_meetings(
    people, open_case, django_capture_on_commit_callbacks
):
    case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    victim, other = _people(people, case)
    with pytest.raises(PermissionRefused):
        services.referral_acknowledge(actor=people["coordinator"], referral=referral)
    services.referral_acknowledge(
        actor=people["police"], referral=referral, police_file_number="SJ-26-0412"
    )
    assert referral.acknowledged_by == people["police"]
    with pytest.raises(Conflict):
        services.referral_acknowledge(actor=people["police"], referral=referral)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _determine(people, referral, "impulsive")
    case.refresh_from_db()
    assert (case.determination, referral.investigation_opened_at) == ("impulsive", None)
    assert case.determined_at == referral.determined_at
    alerted = {m.to[0] for m in mail.outbox}
    assert alerted == {
        people["coordinator"].email,
        people["backup"].email,
        people["principal"].email,
    }
    assert all("Décision" not in m.body for m in mail.outbox)

    soon = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(DomainError) as no_guardian:
        services.meeting_schedule(
            actor=people["police"], referral=referral, person=victim, scheduled_at=soon
        )
    assert no_guardian.value.field == "with_guardian"
    first = services.meeting_schedule(
        actor=people["police"],
        referral=referral,
        person=victim,
        scheduled_at=soon,
        with_guardian="Sa mère",
    )
    with pytest.raises(Conflict):
        services.meeting_schedule(
            actor=people["coordinator"],
            referral=referral,
            person=victim,
            scheduled_at=soon,
            with_guardian="Son père",
        )
    second = services.meeting_schedule(
        actor=people["coordinator"],
        referral=referral,
        person=other,
        scheduled_at=soon,
        with_guardian="Son père",
    )
    with pytest.raises(PermissionRefused):
        services.meeting_schedule(
            actor=people["professional"],
            referral=referral,
            person=other,
            scheduled_at=soon,
            with_guardian="Son père",
        )
    services.meeting_held(
        actor=people["police"], meeting=first, held_at=timezone.now(), version=first.version
    )
    with pytest.raises(StaleRecord):
        services.meeting_held(
            actor=people["police"], meeting=second, held_at=timezone.now(), version=9
        )
    with pytest.raises(Conflict):
        services.meeting_held(
            actor=people["police"], meeting=first, held_at=timezone.now(), version=first.version
        )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "case.referral_acknowledge",
        "case.determination",
        "case.meeting_schedule",
        "case.meeting_held",
    } <= actions
    kinds = set(case.chronology.values_list("kind", flat=True))
    assert {"referral.create", "referral.determination.impulsive", "meeting.held"} <= kinds


def test_malicious_opens_an_investigation_and_refuses_meetings(
    people, open_case, django_capture_on_commit_callbacks, english
):
    case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    victim, _other = _people(people, case)
    _determine(people, referral, "malicious")
    assert referral.investigation_opened_at == referral.determined_at
    with pytest.raises(Conflict) as refused:
        services.meeting_schedule(
            actor=people["coordinator"],
            referral=referral,
            person=victim,
            scheduled_at=timezone.now(),
            with_guardian="Sa mère",
        )
    assert "investigation" in str(refused.value)
    with pytest.raises(Conflict):
        _determine(people, referral, "impulsive")


def test_meetings_are_refused_before_an_impulsive_determination(
    people, open_case, django_capture_on_commit_callbacks, english
):
    case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    victim, _other = _people(people, case)
    with pytest.raises(Conflict) as refused:
        services.meeting_schedule(
            actor=people["police"],
            referral=referral,
            person=victim,
            scheduled_at=timezone.now(),
            with_guardian="Sa mère",
        )
    assert "not recorded yet" in str(refused.value)


def test_determination_by_a_liaison_of_another_force_or_stale_is_refused(
    people, open_case, django_capture_on_commit_callbacks
):
    _case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    outsider = _other_force_liaison()
    with pytest.raises(PermissionRefused):
        services.determination_record(
            actor=outsider, referral=referral, determination="impulsive", version=1
        )
    with pytest.raises(DomainError):
        services.determination_record(
            actor=people["police"], referral=referral, determination="maybe", version=1
        )
    services.referral_acknowledge(actor=people["police"], referral=referral)
    with pytest.raises(StaleRecord):
        services.determination_record(
            actor=people["police"], referral=referral, determination="impulsive", version=7
        )


def test_delays_from_intake_to_meetings_held(people, open_case, django_capture_on_commit_callbacks):
    case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    victim, other = _people(people, case)
    rows = referral_selectors.case_delays(case)
    assert [r.end is not None for r in rows] == [True, False, False]
    assert rows[0].start == case.intake.told_at
    assert rows[0].duration == case.police_contacted_at - case.intake.told_at
    _determine(people, referral, "impulsive")
    meetings = [
        services.meeting_schedule(
            actor=people["police"],
            referral=referral,
            person=person,
            scheduled_at=timezone.now(),
            with_guardian="Un parent",
        )
        for person in (victim, other)
    ]
    held = timezone.now()
    services.meeting_held(
        actor=people["police"], meeting=meetings[0], held_at=held, version=meetings[0].version
    )
    rows = referral_selectors.case_delays(case)
    assert rows[1].end == referral.determined_at and rows[2].end is None  # one still to hold
    services.meeting_held(
        actor=people["police"], meeting=meetings[1], held_at=held, version=meetings[1].version
    )
    rows = referral_selectors.case_delays(case)
    assert rows[2].end == held and rows[2].duration == held - referral.determined_at


def test_police_inbox_lists_referrals_awaiting_and_reads_no_content(
    people, open_case, django_capture_on_commit_callbacks
):
    _case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    inbox = police_selectors.police_inbox_for(people["police"])
    assert [(row.referral.pk, row.state) for row in inbox.awaiting] == [
        (referral.pk, "awaiting_acknowledgement")
    ]
    assert "summary" in inbox.awaiting[0].referral.case.get_deferred_fields()
    assert police_selectors.police_inbox_for(_other_force_liaison()).awaiting == []
    _determine(people, referral, "malicious")
    # An investigation under way awaits its end, which the liaison records.
    inbox = police_selectors.police_inbox_for(people["police"])
    assert [r.state for r in inbox.awaiting] == ["malicious"] and inbox.recent == []
    _determine(people, referral, "charges")
    inbox = police_selectors.police_inbox_for(people["police"])
    assert inbox.awaiting == [] and [r.state for r in inbox.recent] == ["charges"]


def test_person_not_of_this_case_is_refused(people, open_case, django_capture_on_commit_callbacks):
    _case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    _determine(people, referral, "impulsive")
    elsewhere = open_case()
    stranger = CasePerson.objects.create(
        case=elsewhere, label="Z", name="Autre", name_index="x", age=15
    )
    with pytest.raises(DomainError):
        services.meeting_schedule(
            actor=people["police"],
            referral=referral,
            person=stranger,
            scheduled_at=timezone.now(),
            with_guardian="Un parent",
        )
