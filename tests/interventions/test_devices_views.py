"""Devices and chain of custody on the case page: the devices section, its forms, who sees it."""

import pytest
from django.utils import timezone

from sexto.interventions import services
from sexto.interventions.models import Device
from tests.helpers import FormClient, sign_in
from tests.interventions.test_devices_services import _ago, _refer, _seize

pytestmark = pytest.mark.django_db


def _client(email: str) -> FormClient:
    client = FormClient()
    sign_in(client, email)
    client.cookies["django_language"] = "en"
    return client


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
