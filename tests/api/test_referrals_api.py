"""API of the police referral: same services and rules as the pages, write scope required,
problem details, 404 for anyone off the case's team."""

import datetime
import secrets

import pytest
from django.test import Client
from django.utils import timezone

from sexto.api.models import ApiToken
from sexto.api.services import TOKEN_PREFIX, token_digest
from sexto.directory.models import Organisation, User
from sexto.interventions.models import Referral
from sexto.interventions.services import case_person_add
from tests.interventions import conftest as kit

pytestmark = pytest.mark.django_db

# The kit's fixtures (factory-made people, the Hauts-Sommets school, a case opener).
people, school, open_case = kit.people, kit.school, kit.open_case


def _token(user: User, scopes: list[str]) -> str:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        name="test",
        prefix=raw[len(TOKEN_PREFIX) :][:8],
        digest=token_digest(raw),
        scopes=scopes,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return raw


class Api:
    def __init__(self, user: User, scopes: list[str] | None = None) -> None:
        self.client = Client()
        self.auth = f"Bearer {_token(user, scopes or ['read', 'write'])}"

    def get(self, path: str):
        return self.client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=self.auth)

    def post(self, path: str, body: dict):
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", HTTP_AUTHORIZATION=self.auth
        )


def _now() -> str:
    return timezone.now().isoformat()


def test_full_flow_through_the_api(people, open_case):
    case = open_case()
    person = case_person_add(actor=people["coordinator"], case=case, label="A", name="Zoé", age=14)
    school, police = Api(people["coordinator"]), Api(people["police"])
    assert police.get(f"/cases/{case.pk}/referrals").status_code == 404

    created = school.post(f"/cases/{case.pk}/referrals", {"police_contacted_at": _now()})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["police_force"]["name"] == "Service de police de la Ville de Saint-Jérôme"
    assert body["state"] == "awaiting_acknowledgement" and body["case_number"] == case.number
    referral_id = body["id"]

    listed = police.get(f"/cases/{case.pk}/referrals")
    assert listed.status_code == 200 and [r["id"] for r in listed.json()] == [referral_id]

    ack = police.post(f"/referrals/{referral_id}/acknowledge", {"police_file_number": "SJ-9"})
    assert ack.status_code == 200 and ack.json()["state"] == "awaiting_determination"

    early = school.post(
        f"/referrals/{referral_id}/meetings",
        {"person_id": person.pk, "scheduled_at": _now(), "with_guardian": "Sa mère"},
    )
    assert early.status_code == 409
    assert early["Content-Type"] == "application/problem+json"

    stale = police.post(
        f"/referrals/{referral_id}/determination",
        {"determination": "impulsive", "version": 1},
    )
    assert stale.status_code == 409
    determined = police.post(
        f"/referrals/{referral_id}/determination",
        {"determination": "impulsive", "note": "", "version": ack.json()["version"]},
    )
    assert determined.status_code == 200 and determined.json()["state"] == "impulsive"

    meeting = school.post(
        f"/referrals/{referral_id}/meetings",
        {"person_id": person.pk, "scheduled_at": _now(), "with_guardian": "Sa mère"},
    )
    assert meeting.status_code == 201, meeting.content
    held = police.post(
        f"/meetings/{meeting.json()['id']}/held",
        {"held_at": _now(), "version": meeting.json()["version"]},
    )
    assert held.status_code == 200 and held.json()["held_at"] is not None


def test_another_force_is_refused_with_the_one_that_serves(people, open_case, english):
    case = open_case()
    spvm = Organisation.objects.get(slug="spvm")
    response = Api(people["coordinator"]).post(
        f"/cases/{case.pk}/referrals",
        {"police_contacted_at": _now(), "police_force_id": str(spvm.pk)},
    )
    assert response.status_code == 400
    problem = response.json()
    assert "Saint-Jérôme" in problem["detail"]
    assert problem["errors"][0]["field"] == "police_force"
    assert not Referral.objects.exists()


def test_writes_need_the_write_scope(people, open_case):
    case = open_case()
    response = Api(people["coordinator"], ["read"]).post(
        f"/cases/{case.pk}/referrals", {"police_contacted_at": _now()}
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Referral.objects.exists()


def test_determination_must_be_a_known_outcome(people, open_case):
    case = open_case()
    referral_id = (
        Api(people["coordinator"])
        .post(f"/cases/{case.pk}/referrals", {"police_contacted_at": _now()})
        .json()["id"]
    )
    response = Api(people["police"]).post(
        f"/referrals/{referral_id}/determination", {"determination": "maybe", "version": 1}
    )
    assert response.status_code == 422


@pytest.mark.parametrize("who", ["other_coordinator", "admin", "superuser"])
def test_outsiders_get_404(people, open_case, who):
    case = open_case()
    referral_id = (
        Api(people["coordinator"])
        .post(f"/cases/{case.pk}/referrals", {"police_contacted_at": _now()})
        .json()["id"]
    )
    outsider = Api(people[who])
    assert outsider.get(f"/cases/{case.pk}/referrals").status_code == 404
    assert outsider.post(f"/referrals/{referral_id}/acknowledge", {}).status_code == 404
    assert (
        outsider.post(f"/cases/{case.pk}/referrals", {"police_contacted_at": _now()}).status_code
        == 404
    )


def test_every_outcome_through_the_api_with_the_investigation_end_and_a_correction(
    people, open_case, english
):
    case = open_case()
    school, police = Api(people["coordinator"]), Api(people["police"])
    referral_id = school.post(
        f"/cases/{case.pk}/referrals", {"police_contacted_at": _now()}
    ).json()["id"]
    unacknowledged = police.post(
        f"/referrals/{referral_id}/determination", {"determination": "charges", "version": 1}
    )
    assert unacknowledged.status_code == 409
    assert "Acknowledge the referral first" in unacknowledged.json()["detail"]
    ack = police.post(f"/referrals/{referral_id}/acknowledge", {}).json()
    assert ack["outcomes_allowed"] == [
        "impulsive",
        "malicious",
        "no_offence",
        "extrajudicial",
        "charges",
        "other",
    ]
    no_text = police.post(
        f"/referrals/{referral_id}/determination",
        {"determination": "other", "version": ack["version"]},
    )
    assert no_text.status_code == 400
    assert no_text.json()["errors"][0]["field"] == "other_text"
    malicious = police.post(
        f"/referrals/{referral_id}/determination",
        {"determination": "malicious", "version": ack["version"]},
    ).json()
    assert malicious["state"] == "malicious"
    assert malicious["outcomes_allowed"] == ["charges", "extrajudicial", "no_offence"]
    refused = police.post(
        f"/referrals/{referral_id}/determination",
        {"determination": "impulsive", "version": malicious["version"]},
    )
    assert refused.status_code == 409
    charges = police.post(
        f"/referrals/{referral_id}/determination",
        {"determination": "charges", "version": malicious["version"]},
    ).json()
    assert charges["state"] == "charges" and charges["outcomes_allowed"] == []
    corrected = police.post(
        f"/referrals/{referral_id}/determination/correct",
        {
            "determination": "other",
            "other_text": "Transféré au SPVM",
            "reason": "Erreur",
            "version": charges["version"],
        },
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["determination_other"] == "Transféré au SPVM"
    by_school = school.post(
        f"/referrals/{referral_id}/determination/correct",
        {"determination": "charges", "reason": "x", "version": corrected.json()["version"]},
    )
    assert by_school.status_code == 403
