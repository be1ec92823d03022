"""Police referral through the pages: referring from the case page, the police's pages and
inbox, who gets 404."""

import pytest
from django.test import Client
from django.utils import timezone

from sexto.interventions.models import Referral
from sexto.interventions.services import referrals as services
from tests.helpers import FormClient, sign_in
from tests.interventions.test_referrals_services import _other_force_liaison, _people, _referred

pytestmark = pytest.mark.django_db


def _client(email: str) -> Client:
    client = FormClient()
    sign_in(client, email)
    return client


def test_liaison_joins_the_team_only_once_referred(
    people, open_case, django_capture_on_commit_callbacks
):
    case = open_case()
    liaison = _client(people["police"].email)
    assert liaison.get(f"/cases/{case.pk}/").status_code == 404
    services.referral_create(
        actor=people["coordinator"], case=case, police_contacted_at=timezone.now()
    )
    page = liaison.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert 'data-testid="acknowledge"' in page.content.decode()


# --- pages ------------------------------------------------------------------------------------


def test_coordinator_refers_from_the_case_page(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Service de police de la Ville de Saint-Jérôme" in page
    assert 'data-testid="refer"' in page
    response = client.post(
        f"/cases/{case.pk}/referral/",
        {"police_contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302 and response["Location"].endswith("#referral")
    assert Referral.objects.get().case == case


def test_referral_form_keeps_what_was_typed(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    response = client.post(f"/cases/{case.pk}/referral/", {"police_contacted_at": "garbage"})
    assert response.status_code == 422
    assert 'value="garbage"' in response.content.decode()
    assert not Referral.objects.exists()


def test_police_acknowledge_determine_and_meetings_through_the_pages(
    people, open_case, django_capture_on_commit_callbacks
):
    case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    victim, _other = _people(people, case)
    police = _client(people["police"].email)
    base = f"/cases/{case.pk}/referral/{referral.pk}"
    assert police.post(f"{base}/acknowledge/", {"police_file_number": "SJ-1"}).status_code == 302
    response = police.post(
        f"{base}/determination/", {"determination": "", "note": "À revoir", "version": 2}
    )
    assert response.status_code == 422 and "À revoir" in response.content.decode()
    response = police.post(
        f"{base}/determination/", {"determination": "impulsive", "note": "", "version": 2}
    )
    assert response.status_code == 302
    response = police.post(
        f"{base}/meetings/",
        {
            "person": victim.pk,
            "scheduled_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "with_guardian": "",
        },
    )
    assert response.status_code == 422  # a parent or guardian is needed
    response = police.post(
        f"{base}/meetings/",
        {
            "person": victim.pk,
            "scheduled_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "with_guardian": "Sa mère",
        },
    )
    assert response.status_code == 302
    meeting = referral.meetings.get()
    response = police.post(
        f"/cases/{case.pk}/referral/meetings/{meeting.pk}/held/",
        {"held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "version": meeting.version},
    )
    assert response.status_code == 302
    page = police.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="meetings"' in page and "Sa mère" in page
    assert 'data-testid="delays"' in page and "SJ-1" in page


def test_police_inbox_page_lists_the_referral(
    people, open_case, django_capture_on_commit_callbacks
):
    case, _referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    page = _client(people["police"].email).get("/police/")
    body = page.content.decode()
    assert page.status_code == 200
    assert case.number in body and f"/cases/{case.pk}/" in body
    assert 'data-state="awaiting_acknowledgement"' in body
    assert "Photo intime" not in body
    assert _client(people["coordinator"].email).get("/police/").status_code == 404


@pytest.mark.parametrize("who", ["other_coordinator", "staff", "admin", "superuser", "privacy"])
def test_outsiders_get_404_on_every_referral_url(
    people, open_case, django_capture_on_commit_callbacks, who
):
    case, referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    client = FormClient()
    client.force_login(people[who])
    base = f"/cases/{case.pk}/referral"
    assert client.get(f"{base}/packet.pdf").status_code == 404
    assert client.post(f"{base}/", {"police_contacted_at": "2026-01-01T10:00"}).status_code == 404
    assert client.post(f"{base}/{referral.pk}/acknowledge/", {}).status_code == 404
    assert Referral.objects.get().acknowledged_at is None


def test_liaison_of_another_force_gets_404(people, open_case, django_capture_on_commit_callbacks):
    case, _referral = _referred(people, open_case, django_capture_on_commit_callbacks)
    _other_force_liaison()
    client = _client("liaison@spvm.test")
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/referral/packet.pdf").status_code == 404
