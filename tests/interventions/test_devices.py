"""Devices and chain of custody: services (seize, transfer, hand-over, return, police
acknowledgement) and the devices section of the case page."""

import datetime

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.core.errors import PermissionRefused
from sexto.interventions import services
from sexto.interventions.device_selectors import case_devices
from sexto.interventions.errors import StaleRecord
from sexto.interventions.models import ChronologyEntry, CustodyEvent, Device, Referral
from sexto.interventions.services.devices import (
    CustodyClosed,
    DeviceInvalid,
    custody_transfer,
    device_hand_to_police,
    device_police_acknowledge,
    device_return,
    device_seize,
)
from tests.helpers import FormClient, sign_in

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


def _client(email: str) -> FormClient:
    client = FormClient()
    sign_in(client, email)
    client.cookies["django_language"] = "en"
    return client


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


# Pages


def _seize_form(**data):
    form = {
        "description": "Téléphone noir, étui rouge",
        "envelope_number": "ENV-100",
        "owner": "",
        "owner_text": "Élève B",
        "seized_at": timezone.localtime(_ago(60)).strftime("%Y-%m-%dT%H:%M"),
        "seized_where": "Local 204",
        "storage_place": "Coffre de la direction",
    }
    form.update(data)
    return form


def test_page_records_and_shows_the_chain(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="devices"' in page and 'data-testid="seize-device"' in page
    response = client.post(f"/cases/{case.pk}/devices/", _seize_form())
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#devices"
    device = Device.objects.get()
    response = client.post(
        f"/cases/{case.pk}/devices/{device.pk}/transfer/",
        {
            "to_name": "Mme Gagnon",
            "receipt_signed_by": "M. Gagnon",
            "at": timezone.localtime(_ago(20)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Bureau 12",
            "note": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/cases/{case.pk}/devices/{device.pk}/hand-over/",
        {
            "officer_name": "Agente Roy 4521",
            "receipt_signed_by": "Agente Roy",
            "at": timezone.localtime(_ago(5)).strftime("%Y-%m-%dT%H:%M"),
            "note": "",
            "version": "2",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "ENV-100" in page and "Téléphone noir, étui rouge" in page
    assert page.count('data-kind="') == 3
    assert page.index('data-kind="seized"') < page.index('data-kind="transferred"')
    assert "Mme Gagnon" in page and "M. Gagnon" in page and "Agente Roy 4521" in page
    assert 'data-status="handed_to_police"' in page
    # The chain is closed: no more forms for this device.
    assert f"/devices/{device.pk}/transfer/" not in page


def test_form_errors_keep_what_was_typed(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    response = client.post(f"/cases/{case.pk}/devices/", _seize_form(storage_place=""))
    body = response.content.decode()
    assert response.status_code == 422
    assert "Téléphone noir, étui rouge" in body and 'value="ENV-100"' in body
    assert client.post(f"/cases/{case.pk}/devices/", _seize_form()).status_code == 302
    duplicate = client.post(f"/cases/{case.pk}/devices/", _seize_form(description="Tablette"))
    assert duplicate.status_code == 422
    assert "already in envelope ENV-100" in duplicate.content.decode()
    blob = client.post(
        f"/cases/{case.pk}/devices/", _seize_form(envelope_number="ENV-2", description="A" * 200)
    )
    assert blob.status_code == 422 and "image" in blob.content.decode()
    assert Device.objects.count() == 1


def test_stale_transfer_on_the_page_is_refused_and_offers_the_fresh_version(people, open_case):
    case = open_case()
    device = _seize(people, case)
    client = _client(people["coordinator"].email)
    data = {
        "to_name": "A",
        "receipt_signed_by": "A",
        "at": timezone.localtime(_ago(5)).strftime("%Y-%m-%dT%H:%M"),
        "version": "1",
    }
    url = f"/cases/{case.pk}/devices/{device.pk}/transfer/"
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "to_name": "B"})
    body = stale.content.decode()
    assert stale.status_code == 422 and "changed this record" in body
    assert 'value="B"' in body and 'name="version" value="2"' in body
    assert device.custody.count() == 2


@pytest.mark.parametrize("who", ["other_coordinator", "police", "staff"])
def test_outsiders_get_404(people, open_case, who):
    case = open_case()
    device = _seize(people, case)
    client = FormClient()
    client.force_login(people[who])
    assert client.post(f"/cases/{case.pk}/devices/", _seize_form()).status_code == 404
    url = f"/cases/{case.pk}/devices/{device.pk}/acknowledge/"
    assert client.post(url, {}).status_code == 404
    assert Device.objects.count() == 1


def test_professional_sees_the_chain_but_may_not_seize(people, open_case):
    case = open_case()
    _seize(people, case)
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    client = _client(people["professional"].email)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "ENV-001" in page and 'data-testid="seize-device"' not in page
    response = client.post(f"/cases/{case.pk}/devices/", _seize_form())
    assert response.status_code == 403 and "does not allow" in response.content.decode()
    assert Device.objects.count() == 1


def test_police_liaison_acknowledges_on_the_page(people, open_case):
    case = open_case()
    device = _seize(people, case)
    _refer(case, people)
    client = _client(people["police"].email)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="acknowledge-device"' in page
    assert 'data-testid="seize-device"' not in page
    url = f"/cases/{case.pk}/devices/{device.pk}/acknowledge/"
    assert client.post(url, {"version": "1"}).status_code == 302
    device.refresh_from_db()
    assert device.status == Device.Status.HANDED_TO_POLICE
    again = client.post(url, {"version": "2"})
    assert again.status_code == 422 and "already recorded" in again.content.decode()
