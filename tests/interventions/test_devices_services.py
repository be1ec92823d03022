"""Devices and chain of custody, the services: seize, transfer, hand-over, return, police
acknowledgement."""

import datetime

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import PermissionRefused
from sexto.interventions import services
from sexto.interventions.errors import StaleRecord
from sexto.interventions.models import ChronologyEntry, CustodyEvent, Device, Referral
from sexto.interventions.selectors.devices import case_devices
from sexto.interventions.services.devices import (
    CustodyClosed,
    DeviceInvalid,
    custody_transfer,
    device_hand_to_police,
    device_police_acknowledge,
    device_return,
    device_seize,
)

pytestmark = pytest.mark.django_db


def _ago(minutes: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=minutes)


def _seize(people, case, envelope="ENV-001", **kwargs):
    data = {
        "actor": people["coordinator"],
        "case": case,
        "description": "Téléphone noir, étui rouge",
        "envelope_number": envelope,
        "storage_place": "Coffre de la direction",
        "seized_at": _ago(60),
        "seized_where": "Local 204",
    }
    data.update(kwargs)
    return device_seize(**data)


def _refer(case, people):
    return Referral.objects.create(
        case=case,
        police_force=case.school.territory.police_force,
        referred_by=people["coordinator"],
        police_contacted_at=timezone.now(),
    )


# Services


def test_seize_transfer_and_hand_over_make_one_chain(people, open_case):
    case = open_case()
    services.case_person_add(actor=people["coordinator"], case=case, label="B", name="Noah T.")
    owner = case.people.get(label="B")
    device = _seize(people, case, owner=owner)
    assert device.status == Device.Status.IN_CUSTODY and device.owner == owner
    step = case.steps.get(key="secure_devices")
    assert step.state == "done" and step.done_by == people["coordinator"] and step.version == 2
    assert AuditEvent.objects.filter(action="device.seize", target_id=str(case.pk)).exists()
    assert ChronologyEntry.objects.filter(case=case, kind="device.seize").exists()

    custody_transfer(
        actor=people["backup"],
        device=device,
        to_name="Mme Gagnon, directrice adjointe",
        receipt_signed_by="M. Gagnon",
        at=_ago(30),
        place="Classeur barré, bureau 12",
        version=1,
    )
    device.refresh_from_db()
    assert device.version == 2 and device.storage_place == "Classeur barré, bureau 12"
    device_hand_to_police(
        actor=people["principal"],
        device=device,
        officer_name="Agente Roy, matricule 4521",
        receipt_signed_by="Agente Roy",
        at=_ago(5),
        version=2,
    )
    device.refresh_from_db()
    assert device.status == Device.Status.HANDED_TO_POLICE
    chain = [
        (e.kind, e.to_name, e.receipt_signed_by) for e in case_devices(case).get().custody.all()
    ]
    assert chain == [
        ("seized", people["coordinator"].display_name, ""),
        ("transferred", "Mme Gagnon, directrice adjointe", "M. Gagnon"),
        ("handed_to_police", "Agente Roy, matricule 4521", "Agente Roy"),
    ]
    assert AuditEvent.objects.filter(action="device.handed_to_police").count() == 1


def test_nothing_moves_after_the_hand_over_or_the_return(people, open_case, english):
    case = open_case()
    handed, returned = _seize(people, case, "ENV-1"), _seize(people, case, "ENV-2")
    device_hand_to_police(
        actor=people["coordinator"],
        device=handed,
        officer_name="Agent Roy",
        receipt_signed_by="Agent Roy",
        at=_ago(10),
        version=1,
    )
    device_return(
        actor=people["coordinator"],
        device=returned,
        to_name="Mère de l'élève B",
        receipt_signed_by="Mère de l'élève B",
        at=_ago(10),
        version=1,
    )
    for device in (handed, returned):
        device.refresh_from_db()
        with pytest.raises(CustodyClosed, match="closed"):
            custody_transfer(
                actor=people["coordinator"],
                device=device,
                to_name="X",
                receipt_signed_by="X",
                at=timezone.now(),
                version=device.version,
            )
        with pytest.raises(CustodyClosed):
            device_return(
                actor=people["coordinator"],
                device=device,
                to_name="X",
                at=timezone.now(),
                version=device.version,
            )
    assert returned.status == Device.Status.RETURNED
    assert CustodyEvent.objects.count() == 4


def test_two_transfers_from_the_same_version_one_is_stale(people, open_case, english):
    case = open_case()
    device = _seize(people, case)
    first, second = Device.objects.get(pk=device.pk), Device.objects.get(pk=device.pk)
    custody_transfer(
        actor=people["coordinator"],
        device=first,
        to_name="A",
        receipt_signed_by="A",
        at=_ago(5),
        version=1,
    )
    with pytest.raises(StaleRecord, match="changed"):
        custody_transfer(
            actor=people["backup"],
            device=second,
            to_name="B",
            receipt_signed_by="B",
            at=_ago(5),
            version=1,
        )
    assert list(device.custody.values_list("to_name", flat=True))[1:] == ["A"]


def test_only_coordinators_and_principals_seize_and_move(people, open_case):
    case = open_case()
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    for who in ("professional", "other_coordinator", "police", "superuser"):
        with pytest.raises(PermissionRefused):
            _seize(people, case, actor=people[who])
    device = _seize(people, case)
    with pytest.raises(PermissionRefused):
        custody_transfer(
            actor=people["professional"],
            device=device,
            to_name="X",
            receipt_signed_by="X",
            at=timezone.now(),
            version=1,
        )
    assert Device.objects.count() == 1


def test_police_acknowledge_only_after_referral_and_only_once(people, open_case, english):
    case = open_case()
    device = _seize(people, case)
    with pytest.raises(PermissionRefused):
        device_police_acknowledge(actor=people["police"], device=device)
    _refer(case, people)
    with pytest.raises(PermissionRefused):
        device_police_acknowledge(actor=people["coordinator"], device=device)
    device_police_acknowledge(actor=people["police"], device=device)
    device.refresh_from_db()
    assert device.status == Device.Status.HANDED_TO_POLICE
    last = device.custody.last()
    name = people["police"].display_name
    assert (last.kind, last.to_name, last.receipt_signed_by) == ("handed_to_police", name, name)
    assert last.recorded_by == people["police"]
    with pytest.raises(CustodyClosed, match="already recorded"):
        device_police_acknowledge(actor=people["police"], device=device)
    # Police read and acknowledge; they do not record school-side moves.
    with pytest.raises(PermissionRefused):
        _seize(people, case, "ENV-9", actor=people["police"])


def test_envelope_numbers_are_unique_per_case(people, open_case):
    case, other = open_case(), open_case()
    _seize(people, case, "ENV-7")
    with pytest.raises(DeviceInvalid) as excinfo:
        _seize(people, case, " ENV-7 ")
    assert excinfo.value.field == "envelope_number"
    assert _seize(people, other, "ENV-7").case == other


def test_fields_are_checked(people, open_case):
    case = open_case()
    for kwargs, field in [
        ({"description": "A" * 200}, "description"),
        ({"seized_where": "data:image/png;base64,iVBORw0KGgo="}, "seized_where"),
        ({"owner_text": "/9j/4AAQSkZJRgABAQ"}, "owner_text"),
        ({"storage_place": "  "}, "storage_place"),
        ({"envelope_number": "E" * 41}, "envelope_number"),
        ({"seized_at": timezone.now() + datetime.timedelta(hours=2)}, "seized_at"),
    ]:
        with pytest.raises(DeviceInvalid) as excinfo:
            _seize(people, case, **kwargs)
        assert excinfo.value.field == field
    device = _seize(people, case)
    with pytest.raises(DeviceInvalid) as excinfo:
        custody_transfer(
            actor=people["coordinator"],
            device=device,
            to_name="X",
            receipt_signed_by="X",
            at=_ago(120),  # before the seizure
            version=1,
        )
    assert excinfo.value.field == "at"
    with pytest.raises(DeviceInvalid) as excinfo:
        custody_transfer(
            actor=people["coordinator"],
            device=device,
            to_name="X",
            receipt_signed_by="",
            at=_ago(1),
            version=1,
        )
    assert excinfo.value.field == "receipt_signed_by"
    with pytest.raises(DeviceInvalid):
        custody_transfer(
            actor=people["coordinator"],
            device=device,
            to_name="X",
            receipt_signed_by="X",
            note="A" * 300,
            at=_ago(1),
            version=1,
        )
    assert Device.objects.count() == 1 and CustodyEvent.objects.count() == 1


def test_a_simulation_seizure_writes_no_audit(people, school):
    case = services.case_open(
        actor=people["learner"], school=school, summary="Cas fictif", simulation=True
    )
    before = AuditEvent.objects.count()
    device = _seize(people, case, actor=people["learner"])
    custody_transfer(
        actor=people["learner"],
        device=device,
        to_name="X",
        receipt_signed_by="X",
        at=_ago(1),
        version=1,
    )
    assert AuditEvent.objects.count() == before
    assert ChronologyEntry.objects.filter(case=case, kind="device.transferred").exists()


def test_a_moment_before_the_chain_is_named_in_words_in_french(people, open_case):
    """FRENCH.md: dates written out in a sentence (« 4 décembre 2026 à 9 h 58 »), no ISO."""
    from django.utils import translation

    from sexto.core.french import typography_problems

    device = _seize(people, open_case())
    with translation.override("fr"), pytest.raises(DeviceInvalid) as excinfo:
        custody_transfer(
            actor=people["coordinator"],
            device=device,
            to_name="X",
            receipt_signed_by="X",
            at=_ago(120),
            version=1,
        )
    message = str(excinfo.value)
    assert " h " in message and "an ISO date in running text" not in typography_problems(message)
